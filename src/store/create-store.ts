import { createMemoryStore } from './memory-store.js';
import type { RedisStoreOptions } from './redis-store.js';
import { createSqliteStore, type SqliteStoreOptions } from './sqlite-store.js';
import type { Store } from './types.js';

export const DEFAULT_STORE_URL = 'sqlite://data/dossier.sqlite';

export type StoreOptions = RedisStoreOptions & SqliteStoreOptions;

/**
 * The store a `STORE_URL` names: `sqlite://path` (default `sqlite://data/dossier.sqlite`, folder created),
 * `sqlite://:memory:`, `redis://…` / `rediss://…` or `postgres://…` (shared by shards and machines), or
 * `memory://`. The Redis and Postgres drivers are loaded only when their URL is used.
 */
export async function createStore(
  url: string = DEFAULT_STORE_URL,
  options: StoreOptions = {},
): Promise<Store> {
  const scheme = url.slice(0, url.indexOf('://') + 3);
  switch (scheme) {
    case 'sqlite://': {
      const path = url.slice('sqlite://'.length);
      if (!path) throw new Error(`store: ${url}: expected a file path after sqlite://`);
      return createSqliteStore(path, options);
    }
    case 'redis://':
    case 'rediss://': {
      const { createRedisStore } = await import('./redis-store.js');
      return createRedisStore(url, options);
    }
    case 'memory://':
      return createMemoryStore();
    case 'postgres://':
    case 'postgresql://': {
      const { createPostgresStore } = await import('./postgres-store.js');
      return createPostgresStore(url, options);
    }
    default:
      throw new Error(
        `store: STORE_URL: expected sqlite://path, redis://host:port, postgres://host/db or memory://, got ${JSON.stringify(url)}`,
      );
  }
}
