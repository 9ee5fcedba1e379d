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
  } = {},
): TrackingSources {
  const common = {
    store: parts.store,
    ...(parts.fetch ? { fetch: parts.fetch } : {}),
    ...(parts.sleep ? { sleep: parts.sleep } : {}),
    ...(parts.retryBaseMs !== undefined ? { retryBaseMs: parts.retryBaseMs } : {}),
  };
  let osHttp: ApiHttp | undefined;
  let cgHttp: ApiHttp | undefined;
  if (settings.openstates)
    osHttp = createApiHttp({
      ...common,
      name: 'Open States',
      baseUrl: settings.openstates.apiUrl,
      headers: { 'x-api-key': settings.openstates.apiKey },
      minIntervalMs: settings.openstates.minIntervalMs,
    });
  if (settings.congress)
    cgHttp = createApiHttp({
      ...common,
      name: 'Congress.gov',
      baseUrl: settings.congress.apiUrl,
      headers: { 'x-api-key': settings.congress.apiKey },
      minIntervalMs: settings.congress.minIntervalMs,
    });
  return {
    openstates: osHttp ? createOpenStatesClient(osHttp) : undefined,
    congress: cgHttp ? createCongressClient(cgHttp) : undefined,
    calls: () => ({
      ...(osHttp ? { openstates: osHttp.calls } : {}),
      ...(cgHttp ? { congress: cgHttp.calls } : {}),
    }),
  };
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
