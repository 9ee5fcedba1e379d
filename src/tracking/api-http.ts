import { z } from 'zod';
import type { Store } from '../store/types.js';

/**
 * What went wrong talking to an official API, in the words the tracking pass reports:
 * - not-found: the API answered 404 (an unknown or mistyped id);
 * - unavailable: timeouts, resets, 5xx, or 429 still refused after the retries;
 * - refused: 401/403 (a missing, wrong or inactive key) and other 4xx;
 * - malformed: a 2xx whose body does not match the published shape (rejected, nothing recorded).
 */
export class ApiError extends Error {
  override name = 'ApiError';
  constructor(
    readonly kind: 'not-found' | 'unavailable' | 'refused' | 'malformed',
    message: string,
    readonly status?: number,
  ) {
    super(message);
  }
}

export interface ApiHttpOptions {
  /** "Open States", "Congress.gov": prefixes every error. */
  name: string;
  baseUrl: string;
  /** Sent on every request (Open States `X-API-KEY`, api.data.gov `X-Api-Key`); kept out of URLs and logs. */
  headers: Record<string, string>;
  /** Requests start at least this far apart (the API's published rate limit, spread evenly). */
  minIntervalMs: number;
  /** Where conditional-request validators and bodies are kept between passes; none: no conditional requests. */
  store?: Store | undefined;
  fetch?: typeof fetch;
  sleep?: (ms: number) => Promise<void>;
  now?: () => number;
  /** Retries after a 429, a 5xx or a network error (default 3), waiting Retry-After or 1 s, 2 s, 4 s… */
  retries?: number;
  retryBaseMs?: number;
  /** The longest Retry-After honoured; a longer one counts as unavailable for this pass (default 60 s). */
  maxRetryAfterMs?: number;
  timeoutMs?: number;
}

/** A response kept for conditional requests: the validators the server sent and the body they vouch for. */
const CachedResponse = z.object({
  etag: z.string().optional(),
  lastModified: z.string().optional(),
  body: z.unknown(),
  fetchedAt: z.string(),
});

export interface ApiHttp {
  /** GET `path` with `query`, parsed by `schema`. Throws ApiError. */
  getJson<T>(
    path: string,
    query: Record<string, string | string[] | undefined>,
    schema: z.ZodType<T>,
  ): Promise<T>;
  /** Requests sent so far (retries and 304s included): what a pass costs against the rate limit. */
  readonly calls: number;
  /** Of those, answered 304 Not Modified from the kept copy. */
  readonly notModified: number;
  readonly retries: number;
}

const CACHE_TTL_MS = 30 * 24 * 3_600_000;

export function createApiHttp(options: ApiHttpOptions): ApiHttp {
  const doFetch = options.fetch ?? fetch;
  const sleep = options.sleep ?? ((ms: number) => new Promise<void>((r) => setTimeout(r, ms)));
  const now = options.now ?? Date.now;
  const retries = options.retries ?? 3;
  const retryBaseMs = options.retryBaseMs ?? 1_000;
  const maxRetryAfterMs = options.maxRetryAfterMs ?? 60_000;
  const timeoutMs = options.timeoutMs ?? 15_000;
  let nextSlot = 0;
  const counters = { calls: 0, notModified: 0, retries: 0 };
  // One queue per client: requests are spaced even when callers run them concurrently.
  let queue: Promise<void> = Promise.resolve();
  const paced = <T>(fn: () => Promise<T>): Promise<T> => {
    const run = queue.then(async () => {
      const wait = nextSlot - now();
      if (wait > 0) await sleep(wait);
      nextSlot = now() + options.minIntervalMs;
    });
    queue = run.catch(() => undefined);
    return run.then(fn);
  };

  function urlFor(path: string, query: Record<string, string | string[] | undefined>): string {
    const url = new URL(options.baseUrl.replace(/\/+$/, '') + path);
    for (const [k, v] of Object.entries(query)) {
      if (v === undefined) continue;
      for (const one of Array.isArray(v) ? v : [v]) url.searchParams.append(k, one);
    }
    return url.toString();
  }

  async function getJson<T>(
    path: string,
    query: Record<string, string | string[] | undefined>,
    schema: z.ZodType<T>,
  ): Promise<T> {
    const url = urlFor(path, query);
    const cacheKey = `tracking:http:${url}`;
    const cached = options.store
      ? await options.store.get(cacheKey, CachedResponse).catch(() => undefined)
      : undefined;
    for (let attempt = 0; ; attempt++) {
      const headers: Record<string, string> = { accept: 'application/json', ...options.headers };
      if (cached?.etag) headers['if-none-match'] = cached.etag;
      if (cached?.lastModified) headers['if-modified-since'] = cached.lastModified;
      let res: Response;
      try {
        res = await paced(() => {
          counters.calls++;
          return doFetch(url, { headers, signal: AbortSignal.timeout(timeoutMs) });
        });
      } catch (error) {
        if (attempt < retries) {
          counters.retries++;
          await sleep(retryBaseMs * 2 ** attempt);
          continue;
        }
        throw new ApiError('unavailable', `${options.name}: ${path}: ${(error as Error).message}`);
      }
      if (res.status === 304 && cached) {
        counters.notModified++;
        return parse(cached.body, schema, path);
      }
      if (res.status === 429 || res.status >= 500) {
        await res.body?.cancel().catch(() => undefined);
        const retryAfter = retryAfterMs(res.headers.get('retry-after'), now());
        if (attempt < retries && (retryAfter === undefined || retryAfter <= maxRetryAfterMs)) {
          counters.retries++;
          await sleep(retryAfter ?? retryBaseMs * 2 ** attempt);
          continue;
        }
        throw new ApiError(
          'unavailable',
          `${options.name}: ${path}: HTTP ${res.status}${res.status === 429 ? ' (rate limited)' : ''} after ${attempt + 1} tries`,
          res.status,
        );
      }
      if (res.status === 404) {
        await res.body?.cancel().catch(() => undefined);
        throw new ApiError('not-found', `${options.name}: ${path}: not found`, 404);
      }
      if (!res.ok) {
        const detail = (await res.text().catch(() => '')).slice(0, 200);
        throw new ApiError(
          'refused',
          `${options.name}: ${path}: HTTP ${res.status} ${detail}`.trim(),
          res.status,
        );
      }
      let body: unknown;
      try {
        body = await res.json();
      } catch {
        throw new ApiError('malformed', `${options.name}: ${path}: the response is not JSON`);
      }
      const value = parse(body, schema, path);
      const etag = res.headers.get('etag') ?? undefined;
      const lastModified = res.headers.get('last-modified') ?? undefined;
      if (options.store && (etag || lastModified))
        await options.store
          .set(cacheKey, { etag, lastModified, body, fetchedAt: new Date(now()).toISOString() }, CACHE_TTL_MS)
          .catch(() => undefined);
      return value;
    }
  }

  return {
    getJson,
    get calls() {
      return counters.calls;
    },
    get notModified() {
      return counters.notModified;
    },
    get retries() {
      return counters.retries;
    },
  };

  function parse<T>(body: unknown, schema: z.ZodType<T>, path: string): T {
    const parsed = schema.safeParse(body);
    if (!parsed.success)
      throw new ApiError(
        'malformed',
        `${options.name}: ${path}: the response does not have the published shape: ${z.prettifyError(parsed.error).replace(/\s*\n\s*/g, '; ')}`,
      );
    return parsed.data;
  }
}

/** Retry-After in ms, from seconds or an HTTP date; undefined when absent or unreadable. */
export function retryAfterMs(value: string | null, nowMs: number): number | undefined {
  if (!value) return undefined;
  if (/^\d+$/.test(value.trim())) return Number(value.trim()) * 1000;
  const at = Date.parse(value);
  return Number.isNaN(at) ? undefined : Math.max(0, at - nowMs);
}
