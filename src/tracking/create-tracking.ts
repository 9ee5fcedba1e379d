import type { TrackingSettings } from '../config.js';
import type { Store } from '../store/types.js';
import { type ApiHttp, createApiHttp } from './api-http.js';
import { createCongressClient } from './congress-client.js';
import { createOpenStatesClient } from './openstates-client.js';
import type { TrackingSources } from './run-tracking-pass.js';
import { SOURCE_NAMES } from './tracked-items.js';

/** The official API clients as configured; a source without a key is absent (off). */
export function createTrackingSources(
  settings: TrackingSettings,
  parts: {
    store?: Store | undefined;
    fetch?: typeof fetch;
    sleep?: (ms: number) => Promise<void>;
    retryBaseMs?: number;
    /** A member waiting on a reply gets fewer retries and shorter waits than the daily pass. */
    retries?: number;
    maxRetryAfterMs?: number;
    timeoutMs?: number;
  } = {},
): TrackingSources {
  const common = {
    store: parts.store,
    ...(parts.fetch ? { fetch: parts.fetch } : {}),
    ...(parts.sleep ? { sleep: parts.sleep } : {}),
    ...(parts.retryBaseMs !== undefined ? { retryBaseMs: parts.retryBaseMs } : {}),
    ...(parts.retries !== undefined ? { retries: parts.retries } : {}),
    ...(parts.maxRetryAfterMs !== undefined ? { maxRetryAfterMs: parts.maxRetryAfterMs } : {}),
    ...(parts.timeoutMs !== undefined ? { timeoutMs: parts.timeoutMs } : {}),
  };
  // Both APIs take their key in the same header; a source without settings gets no client.
  const http = (name: string, api: TrackingSettings['openstates']): ApiHttp | undefined =>
    api &&
    createApiHttp({
      ...common,
      name,
      baseUrl: api.apiUrl,
      headers: { 'x-api-key': api.apiKey },
      minIntervalMs: api.minIntervalMs,
    });
  const osHttp = http('Open States', settings.openstates);
  const cgHttp = http('Congress.gov', settings.congress);
  return {
    openstates: osHttp ? createOpenStatesClient(osHttp) : undefined,
    congress: cgHttp ? createCongressClient(cgHttp) : undefined,
    calls: () => ({
      ...(osHttp ? { openstates: osHttp.calls } : {}),
      ...(cgHttp ? { congress: cgHttp.calls } : {}),
    }),
  };
}

/**
 * The sources as a command uses them while a member waits: one retry after half a second, a Retry-After
 * of more than 5 s counts as rate-limited, and 10 s at most per request.
 */
export function createInteractiveSources(
  settings: TrackingSettings,
  parts: { store?: Store | undefined; fetch?: typeof fetch } = {},
): TrackingSources {
  return createTrackingSources(settings, {
    ...parts,
    retries: 1,
    retryBaseMs: 500,
    maxRetryAfterMs: 5_000,
    timeoutMs: 10_000,
  });
}

/** One line for /about and the CLI: which sources are on, and why one is off. */
export function trackingSourcesLine(settings: TrackingSettings): string {
  const parts = [
    settings.openstates
      ? `${SOURCE_NAMES.openstates} on`
      : `${SOURCE_NAMES.openstates} off (no OPENSTATES_API_KEY)`,
    settings.congress ? `${SOURCE_NAMES.congress} on` : `${SOURCE_NAMES.congress} off (no CONGRESS_API_KEY)`,
  ];
  return `Bill tracking: ${parts.join('; ')}`;
}
