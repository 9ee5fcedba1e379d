import type { z } from 'zod';
import { StoreUnavailableError } from './errors.js';
import type { Store } from './types.js';

export interface ResilientStoreOptions {
  /**
   * Keys whose values may live in this process's memory while the store is down: state that helps answer
   * (paging, rate-limit counters, the answer cache) but that nobody misses if a restart forgets it.
   * Everything else (subscriptions, claims, feedback) waits for the store and fails with
   * StoreUnavailableError meanwhile.
   */
  volatilePrefixes: readonly string[];
  logger: { warn(fields: object, message: string): void; info(fields: object, message: string): void };
  /** Named in log lines. */
  where?: string;
  /** Told each operation the store failed (get, set, delete, claim, increment, list): /metrics counts them. */
  onError?: ((operation: string) => void) | undefined;
  /** How long a volatile operation waits for the store before using process memory instead. */
  timeoutMs?: number;
  /** While the store is down, volatile operations try it again at most this often. */
  probeMs?: number;
  /** Values held in process memory at most (the oldest go first). */
  maxEntries?: number;
  now?: () => number;
}

interface Held {
  value: unknown;
  expiresAt: number | undefined;
}

/**
 * The store as commands use it: an outage never stops a lookup or /ask. Volatile keys fall back to process
 * memory (so paging and rate limits keep working in this process), other keys fail fast with
 * StoreUnavailableError. The outage is logged once at warn with its cause, and once when the store answers
 * again: no log line per interaction.
 */
export function createResilientStore(store: Store, options: ResilientStoreOptions): Store {
  const now = options.now ?? Date.now;
  const timeoutMs = options.timeoutMs ?? 1_000;
  const probeMs = options.probeMs ?? 2_000;
  const maxEntries = options.maxEntries ?? 10_000;
  const where = options.where ?? 'store';
  const memory = new Map<string, Held>();
  let down: { since: number; cause: string } | undefined;
  let nextProbe = 0;

  const isVolatile = (key: string) => options.volatilePrefixes.some((p) => key.startsWith(p));

  const failed = (error: unknown, operation: string) => {
    nextProbe = now() + probeMs;
    options.onError?.(operation.split(' ')[0] ?? operation);
    if (down) return;
    const cause = error instanceof Error ? error.message : String(error);
    down = { since: now(), cause };
    options.logger.warn(
      { store: where, cause },
      'store unavailable: lookups and /ask go on (paging and rate limits in process memory); subscriptions and feedback wait until it is back',
    );
  };
  const succeeded = () => {
    if (!down) return;
    options.logger.info({ store: where, downMs: now() - down.since }, 'store available again');
    down = undefined;
  };

  const held = (key: string): Held | undefined => {
    const h = memory.get(key);
    if (h?.expiresAt !== undefined && h.expiresAt <= now()) {
      memory.delete(key);
      return undefined;
    }
    return h;
  };
  const hold = (key: string, value: unknown, ttlMs: number | undefined) => {
    memory.delete(key);
    if (ttlMs !== undefined && ttlMs <= 0) return;
    memory.set(key, {
      value: JSON.parse(JSON.stringify(value ?? null)),
      expiresAt: ttlMs === undefined ? undefined : now() + ttlMs,
    });
    while (memory.size > maxEntries) memory.delete(memory.keys().next().value as string);
  };

  /** Runs `primary` unless the store is known down; on an outage, `fallback` answers from memory. */
  async function volatile<T>(operation: string, primary: () => Promise<T>, fallback: () => T): Promise<T> {
    if (down && now() < nextProbe) return fallback();
    try {
      const result = await withTimeout(primary(), timeoutMs, where, operation);
      succeeded();
      return result;
    } catch (error) {
      if (!(error instanceof StoreUnavailableError)) throw error;
      failed(error, operation);
      return fallback();
    }
  }

  async function durable<T>(operation: string, primary: () => Promise<T>): Promise<T> {
    try {
      const result = await primary();
      succeeded();
      return result;
    } catch (error) {
      if (error instanceof StoreUnavailableError) failed(error, operation);
      throw error;
    }
  }

  return {
    async get<T>(key: string, schema: z.ZodType<T>) {
      const fromMemory = () => {
        const h = held(key);
        if (!h) return undefined;
        const parsed = schema.safeParse(h.value);
        return parsed.success ? parsed.data : undefined;
      };
      if (!isVolatile(key)) return durable('get', () => store.get(key, schema));
      // A value written during an outage is only in memory; once the store is back it is still found.
      // During the outage a value memory does not hold may well be in the store: that is not "absent".
      return volatile(
        `get ${key}`,
        async () => (await store.get(key, schema)) ?? fromMemory(),
        () => {
          if (held(key)) return fromMemory();
          throw new StoreUnavailableError(where, `get ${key}`, new Error(down?.cause ?? 'unavailable'));
        },
      );
    },
    async set(key, value, ttlMs) {
      if (!isVolatile(key)) return durable('set', () => store.set(key, value, ttlMs));
      return volatile(
        `set ${key}`,
        async () => {
          await store.set(key, value, ttlMs);
          memory.delete(key);
        },
        () => hold(key, value, ttlMs),
      );
    },
    async delete(key) {
      if (!isVolatile(key)) return durable('delete', () => store.delete(key));
      const wasHeld = held(key) !== undefined && memory.delete(key);
      return volatile(
        `delete ${key}`,
        async () => (await store.delete(key)) || wasHeld,
        () => wasHeld,
      );
    },
    claim: (key, value, ttlMs) => durable('claim', () => store.claim(key, value, ttlMs)),
    async increment(key, ttlMs) {
      if (!isVolatile(key)) return durable('increment', () => store.increment(key, ttlMs));
      return volatile(
        `increment ${key}`,
        () => store.increment(key, ttlMs),
        () => {
          const h = held(key);
          const count = (typeof h?.value === 'number' ? h.value : 0) + 1;
          memory.delete(key);
          memory.set(key, { value: count, expiresAt: h?.expiresAt ?? now() + ttlMs });
          return count;
        },
      );
    },
    list: (prefix) => durable('list', () => store.list(prefix)),
    async close() {
      memory.clear();
      await store.close();
    },
  };
}

function withTimeout<T>(promise: Promise<T>, ms: number, where: string, operation: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => reject(new StoreUnavailableError(where, operation, new Error(`no answer within ${ms} ms`))),
      ms,
    );
  });
  // The late operation may still settle; its rejection must not go unhandled.
  promise.catch(() => {});
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}
