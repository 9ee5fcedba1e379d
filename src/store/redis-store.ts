import KeyvRedis, { createClient, defaultReconnectStrategy } from '@keyv/redis';
import Keyv from 'keyv';
import { createKeyvStore, type NativeOps, redactUrl } from './keyv-store.js';
import type { Store } from './types.js';

export interface RedisStoreOptions {
  /** Prepended to every key, so Dossier can share a Redis with other applications. */
  keyPrefix?: string;
  /** How long to wait for the first connection before reporting the store unavailable. */
  connectTimeoutMs?: number;
  onError?: (error: Error) => void;
}

/**
 * The scale-out store: every shard and machine pointing at one Redis shares subscriptions and claims.
 * Claims are `SET NX PX` and counters `INCR` + `PEXPIRE NX` in one MULTI: both atomic on the server.
 */
export async function createRedisStore(url: string, options: RedisStoreOptions = {}): Promise<Store> {
  const prefix = options.keyPrefix ?? 'dossier:';
  let connectedOnce = false;
  const client = createClient({
    url,
    // Commands fail at once while disconnected instead of queueing forever: a caller gets a clear error.
    disableOfflineQueue: true,
    socket: {
      connectTimeout: options.connectTimeoutMs ?? 3_000,
      // A Redis that was never reached is a configuration error to report at start; a lost one is retried.
      reconnectStrategy: (retries: number, cause: Error) =>
        connectedOnce ? defaultReconnectStrategy(retries) : cause,
    },
  });
  client.on('ready', () => {
    connectedOnce = true;
  });
  // node-redis emits "error" on every lost connection; unlistened, that would crash the process.
  client.on('error', (error: Error) => options.onError?.(error));
  const where = redactUrl(url, 'redis');
  try {
    await client.connect();
  } catch (error) {
    if (client.isOpen) client.destroy();
    throw new Error(`store: ${where}: cannot connect: ${(error as Error).message}`, { cause: error });
  }
  const adapter = new KeyvRedis(client, { throwOnErrors: true, throwOnConnectError: true });
  const keyv = new Keyv({ store: adapter, namespace: '', useKeyPrefix: false, throwOnErrors: true });
  keyv.on('error', () => {});
  const native: NativeOps = {
    async claim(key, serialized, ttlMs) {
      const reply =
        ttlMs === undefined
          ? await client.set(key, serialized, { NX: true })
          : await client.set(key, serialized, { NX: true, PX: Math.max(1, Math.ceil(ttlMs)) });
      return reply === 'OK';
    },
    async increment(key, ttlMs) {
      const [count] = await client
        .multi()
        .incr(key)
        .pExpire(key, Math.max(1, Math.ceil(ttlMs)), 'NX')
        .exec();
      return Number(count);
    },
    async list(p) {
      const keys: string[] = [];
      for await (const batch of client.scanIterator({ MATCH: `${escapeGlob(p)}*`, COUNT: 500 }))
        keys.push(...batch);
      if (keys.length === 0) return [];
      const values = await client.mGet(keys);
      const out: { key: string; raw: string }[] = [];
      keys.forEach((key, i) => {
        const raw = values[i];
        if (typeof raw === 'string') out.push({ key, raw });
      });
      return out;
    },
    async close() {
      if (client.isOpen) await client.close();
    },
  };
  return createKeyvStore(keyv, native, where, prefix);
}

function escapeGlob(s: string): string {
  return s.replace(/[*?[\]\\]/g, '\\$&');
}
