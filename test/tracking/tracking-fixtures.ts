import { buildLibrary } from '../../src/kb/load-library.js';
import type { Library } from '../../src/kb/library.js';
import { formatProblem } from '../../src/kb/parse-entry.js';
import type { TrackingSettings } from '../../src/config.js';
import type { Store } from '../../src/store/types.js';
import { createTrackingSources } from '../../src/tracking/create-tracking.js';
import type { FakeOpenStates, FakeOsAction, FakeOsBillInput } from '../fakes/fake-openstates.js';

/** A bill entry's file text, with the tracking lines given. */
export function billFile(id: string, jurisdiction: string, tracking: string[], status = 'proposed'): string {
  return [
    '---',
    `id: ${id}`,
    'type: bill',
    `title: Bill ${id}`,
    'date: 2025-01-10',
    'summary: A bill about face recognition.',
    `jurisdiction: ${jurisdiction}`,
    `status: ${status}`,
    'status_as_of: 2025-01-10',
    ...(tracking.length ? ['tracking:', ...tracking.map((t) => `  - ${t}`)] : []),
    'sources:',
    '  - url: https://example.org/bill',
    '    title: The bill',
    'added: 2025-01-10',
    '---',
    '',
    'Body.',
  ].join('\n');
}

export function libraryOf(files: Record<string, string>): Library {
  const report = buildLibrary(
    Object.entries(files).map(([id, text]) => ({ path: `knowledge/bills/${id}.md`, text })),
    { today: '2026-11-29' },
  );
  if (report.problems.length) throw new Error(report.problems.map(formatProblem).join('\n'));
  return report.library;
}

export function settingsFor(urls: { openstates?: string; congress?: string }): TrackingSettings {
  return {
    openstates: urls.openstates ? { apiKey: 'os-key', apiUrl: urls.openstates, minIntervalMs: 0 } : undefined,
    congress: urls.congress ? { apiKey: 'cg-key', apiUrl: urls.congress, minIntervalMs: 0 } : undefined,
    cron: undefined,
  };
}

export const noSleep = async () => {};

/** Sources for the fakes at `urls` that never wait between retries, as the tests' daily passes use them. */
export function fakeSources(urls: { openstates?: string; congress?: string }, store: Store) {
  return createTrackingSources(settingsFor(urls), { store, sleep: noSleep, retryBaseMs: 0 });
}

/**
 * The environment that points the bot, the console or the CLI at the fakes at `urls`, with the keys the
 * fakes expect (`os-key`, `cg-key`) and limits high enough that no request waits for its turn.
 */
export function sourceEnv(urls: { openstates?: string; congress?: string }): Record<string, string> {
  return {
    ...(urls.openstates
      ? {
          OPENSTATES_API_KEY: 'os-key',
          OPENSTATES_API_URL: urls.openstates,
          OPENSTATES_REQUESTS_PER_MINUTE: '60000',
        }
      : {}),
    ...(urls.congress
      ? { CONGRESS_API_KEY: 'cg-key', CONGRESS_API_URL: urls.congress, CONGRESS_REQUESTS_PER_HOUR: '3600000' }
      : {}),
  };
}

/** A bill on the fake Open States with its actions, oldest first; returns its ocd-bill id. */
export function addStateBill(os: FakeOpenStates, bill: FakeOsBillInput, ...actions: FakeOsAction[]): string {
  const id = os.addBill(bill);
  for (const action of actions) os.act(id, action);
  return id;
}

/** The sessions the tests' Texas and New York bills belong to, as Open States lists them (`os.sessions.tx = [SESSIONS.tx]`). */
export const SESSIONS = {
  tx: { identifier: '89R', name: '89th Legislature', start_date: '2025-01-14', end_date: '2025-06-02' },
  ny: {
    identifier: '2025-2026',
    name: '2025-2026 Regular Session',
    start_date: '2025-01-08',
    end_date: '2026-06-05',
  },
} as const;
