import { createMemoryStore } from './memory-store.js';
import { createRedisStore, type RedisStoreOptions } from './redis-store.js';
import { createSqliteStore } from './sqlite-store.js';
import type { Store } from './types.js';

export const DEFAULT_STORE_URL = 'sqlite://data/dossier.sqlite';

/**
 * The store a `STORE_URL` names: `sqlite://path` (default `sqlite://data/dossier.sqlite`, folder created),
 * `sqlite://:memory:`, `redis://…` / `rediss://…` (shared by shards and machines), or `memory://`.
 * Postgres is not wired yet (@keyv/postgres is not installed): a `postgres://` URL is a clear error.
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
      throw new Error('store: postgres:// is not supported yet; use sqlite://path or redis://host:port');
    default:
      throw new Error(
        `store: STORE_URL: expected sqlite://path, redis://host:port or memory://, got ${JSON.stringify(url)}`,
      );
  }
}
