import type Keyv from 'keyv';
import type { z } from 'zod';
import { StoreUnavailableError } from './errors.js';
import type { Store } from './types.js';

/**
 * What keyv cannot do atomically, done with the backend's own commands on the same keys and in keyv's
 * own value format (`{"value":…,"expires":…}`), so `get` reads claims and counters back through keyv.
 */
export interface NativeOps {
  /** Store `serialized` under `key` only if absent or expired; true when this caller won. */
  claim(key: string, serialized: string, ttlMs: number | undefined): Promise<boolean>;
  increment(key: string, ttlMs: number): Promise<number>;
  /** Raw stored strings whose key starts with `prefix`. */
  list(prefix: string): Promise<{ key: string; raw: string }[]>;
  close(): Promise<void>;
}

/**
 * Shared by the Redis and Postgres stores: keyv for get/set/delete, `native` for the atomic parts. Both see
 * the same stored keys: `prefix` + the caller's key.
 */
export function createKeyvStore(keyv: Keyv, native: NativeOps, where: string, prefix = ''): Store {
  const k = (key: string) => prefix + key;
  let closed = false;
  const guard = async <T>(operation: string, run: () => Promise<T>): Promise<T> => {
    if (closed) throw new StoreUnavailableError(where, operation, new Error('the store is closed'));
    try {
      return await run();
    } catch (error) {
      if (error instanceof StoreUnavailableError) throw error;
      throw new StoreUnavailableError(where, operation, error);
    }
  };
  const serialize = (value: unknown, ttlMs: number | undefined) =>
    JSON.stringify({ value: JSON.parse(JSON.stringify(value ?? null)), expires: expiresAt(ttlMs) });

  return {
    get<T>(key: string, schema: z.ZodType<T>) {
      return guard(`get ${key}`, async () => {
        const data: unknown = await keyv.get(k(key), { raw: true });
        const parsed = schema.safeParse(unwrap(data));
        return parsed.success ? parsed.data : undefined;
      });
    },
    set(key, value, ttlMs) {
      return guard(`set ${key}`, async () => {
        // keyv treats a ttl of 0 as "forever"; the contract means "already expired", so it is a delete.
        if (ttlMs !== undefined && ttlMs <= 0) await keyv.delete(k(key));
        else await keyv.set(k(key), value, ttlMs);
      });
    },
    delete(key) {
      return guard(`delete ${key}`, () => keyv.delete(k(key)));
    },
    claim(key, value, ttlMs) {
      return guard(`claim ${key}`, () => native.claim(k(key), serialize(value, ttlMs), ttlMs));
    },
    increment(key, ttlMs) {
      return guard(`increment ${key}`, () => native.increment(k(key), ttlMs));
    },
    list(listPrefix) {
      return guard(`list ${listPrefix}`, async () => {
        const rows = await native.list(k(listPrefix));
        const now = Date.now();
        const out: { key: string; value: unknown }[] = [];
        for (const { key, raw } of rows) {
          const data = parse(raw);
          if (isEnvelope(data) && typeof data.expires === 'number' && data.expires <= now) continue;
          out.push({ key: key.slice(prefix.length), value: unwrap(data) });
        }
        return out.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
      });
    },
    close() {
      return guard('close', async () => {
        closed = true;
        await native.close();
      });
    },
  };
}

export function expiresAt(ttlMs: number | undefined): number | undefined {
  return ttlMs === undefined ? undefined : Date.now() + ttlMs;
}

interface Envelope {
  value: unknown;
  expires?: number | null;
}

function isEnvelope(data: unknown): data is Envelope {
  return typeof data === 'object' && data !== null && 'value' in data;
}

/** keyv's envelope holds the value; a Redis counter is a bare integer (INCR needs one). */
function unwrap(data: unknown): unknown {
  return isEnvelope(data) ? data.value : data;
}

function parse(raw: string): unknown {
  try {
    return JSON.parse(raw);
  } catch {
    return undefined;
  }
}

/** A store URL without its password, for messages and logs; `fallback` names the store when the URL does not parse. */
export function redactUrl(url: string, fallback: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = '***';
    return u.toString();
  } catch {
    return fallback;
  }
}
