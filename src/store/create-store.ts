import { createMemoryStore } from './memory-store.js';
import { createPostgresStore } from './postgres-store.js';
import { createRedisStore, type RedisStoreOptions } from './redis-store.js';
import { createSqliteStore } from './sqlite-store.js';
import type { Store } from './types.js';

export const DEFAULT_STORE_URL = 'sqlite://data/dossier.sqlite';

/**
 * The store a `STORE_URL` names: `sqlite://path` (default `sqlite://data/dossier.sqlite`, folder created),
 * `sqlite://:memory:`, `redis://…` / `rediss://…` or `postgres://…` (shared by shards and machines), or
 * `memory://`.
 */
export async function createStore(
  url: string = DEFAULT_STORE_URL,
  options: RedisStoreOptions = {},
): Promise<Store> {
  const scheme = url.slice(0, url.indexOf('://') + 3);
  switch (scheme) {
    case 'sqlite://': {
      const path = url.slice('sqlite://'.length);
      if (!path) throw new Error(`store: ${url}: expected a file path after sqlite://`);
      return createSqliteStore(path);
    }
    case 'redis://':
    case 'rediss://':
      return createRedisStore(url, options);
    case 'memory://':
      return createMemoryStore();
    case 'postgres://':
    case 'postgresql://':
      return createPostgresStore(url, options);
    default:
      throw new Error(
        `store: STORE_URL: expected sqlite://path, redis://host:port, postgres://host/db or memory://, got ${JSON.stringify(url)}`,
      );
  }
}
