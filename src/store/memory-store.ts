import type { z } from 'zod';
import type { Store } from './types.js';

interface Entry {
  value: unknown;
  expiresAt: number | undefined;
}

/** An in-process store: tests, the console, and one-off CLI runs. Values are cloned as JSON would be. */
export function createMemoryStore(now: () => number = Date.now): Store {
  const data = new Map<string, Entry>();
  const live = (key: string): Entry | undefined => {
    const e = data.get(key);
    if (e?.expiresAt !== undefined && e.expiresAt <= now()) {
      data.delete(key);
      return undefined;
    }
    return e;
  };
  const put = (key: string, value: unknown, ttlMs?: number) => {
    data.set(key, {
      value: JSON.parse(JSON.stringify(value)),
      expiresAt: ttlMs === undefined ? undefined : now() + ttlMs,
    });
  };
  return {
    async get<T>(key: string, schema: z.ZodType<T>) {
      const e = live(key);
      if (!e) return undefined;
      const parsed = schema.safeParse(e.value);
      return parsed.success ? parsed.data : undefined;
    },
    async set(key, value, ttlMs) {
      put(key, value, ttlMs);
    },
    async delete(key) {
      return live(key) !== undefined && data.delete(key);
    },
    async claim(key, value, ttlMs) {
      if (live(key)) return false;
      put(key, value, ttlMs);
      return true;
    },
    async increment(key, ttlMs) {
      const e = live(key);
      const count = (typeof e?.value === 'number' ? e.value : 0) + 1;
      data.set(key, { value: count, expiresAt: e?.expiresAt ?? now() + ttlMs });
      return count;
    },
    async list(prefix) {
      return [...data.keys()]
        .filter((k) => k.startsWith(prefix) && live(k))
        .sort()
        .map((key) => ({ key, value: data.get(key)?.value }));
    },
    async close() {
      data.clear();
    },
  };
}
