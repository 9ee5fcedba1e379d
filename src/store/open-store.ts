import type { z } from 'zod';
import { createStore } from './create-store.js';
import { StoreUnavailableError } from './errors.js';
import type { Store } from './types.js';

export interface OpenStoreOptions {
  /** Told once per failed attempt, so the operator sees why. */
  onError?: (error: Error) => void;
  /** Between attempts to reach a store that was down at start. */
  retryMs?: number;
  /** Opens the real store (tests substitute one). */
  create?: (url: string) => Promise<Store>;
}

/**
 * The process's store, never failing start-up: if STORE_URL cannot be reached now (Redis restarting), calls
 * fail with StoreUnavailableError, so commands that need state say so, digests pause, and everything else
 * works, while the connection is retried in the background. A bad URL (unknown scheme) still fails at once:
 * that is a configuration error, not an outage.
 */
export async function openStore(url: string, options: OpenStoreOptions = {}): Promise<Store> {
  const create = options.create ?? ((u: string) => createStore(u));
  const retryMs = options.retryMs ?? 15_000;
  let lastError: unknown;
  try {
    return await create(url);
  } catch (error) {
    if (!isOutage(error)) throw error;
    options.onError?.(error as Error);
    lastError = error;
  }
  let real: Store | undefined;
  let closed = false;
  let timer: NodeJS.Timeout | undefined;
  const attempt = async () => {
    if (closed) return;
    try {
      real = await create(url);
      if (closed) await real.close();
    } catch (error) {
      lastError = error;
      options.onError?.(error as Error);
      timer = setTimeout(attempt, retryMs);
      timer.unref();
    }
  };
  timer = setTimeout(attempt, retryMs);
  timer.unref();
  const where = redactStoreUrl(url);
  const use = <T>(operation: string, run: (s: Store) => Promise<T>): Promise<T> =>
    real ? run(real) : Promise.reject(new StoreUnavailableError(where, operation, lastError));
  return {
    get: <T>(key: string, schema: z.ZodType<T>) => use(`get ${key}`, (s) => s.get(key, schema)),
    set: (key, value, ttlMs) => use(`set ${key}`, (s) => s.set(key, value, ttlMs)),
    delete: (key) => use(`delete ${key}`, (s) => s.delete(key)),
    claim: (key, value, ttlMs) => use(`claim ${key}`, (s) => s.claim(key, value, ttlMs)),
    increment: (key, ttlMs) => use(`increment ${key}`, (s) => s.increment(key, ttlMs)),
    list: (prefix) => use(`list ${prefix}`, (s) => s.list(prefix)),
    async close() {
      closed = true;
      clearTimeout(timer);
      await real?.close();
    },
  };
}

/** Connection failures are outages; a malformed STORE_URL is not. */
function isOutage(error: unknown): boolean {
  return error instanceof Error && !/STORE_URL: expected|expected a file path/.test(error.message);
}

/** STORE_URL without its credentials, for messages and logs. */
export function redactStoreUrl(url: string): string {
  return url.replace(/\/\/[^@/]*@/, '//***@');
}
