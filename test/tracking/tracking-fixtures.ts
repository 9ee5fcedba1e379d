import { buildLibrary } from '../../src/kb/load-library.js';
import type { Library } from '../../src/kb/library.js';
import { formatProblem } from '../../src/kb/parse-entry.js';
import type { TrackingSettings } from '../../src/config.js';
import { Subscription } from '../../src/digest/subscription.js';
import { createMemoryStore } from '../../src/store/memory-store.js';
import type { Store } from '../../src/store/types.js';
import { createTrackingSources } from '../../src/tracking/create-tracking.js';
import { runTrackingPass, type TrackingLogger } from '../../src/tracking/run-tracking-pass.js';
import {
  type FakeOpenStates,
  type FakeOsAction,
  type FakeOsBillInput,
  startFakeOpenStates,
} from '../fakes/fake-openstates.js';

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

/** The bill entries the tests track, by id: each follows its bill at Open States or Congress.gov. */
const TRACKED = {
  'tx-hb-149': ['US-TX', '{ source: openstates, session: 89R, bill: HB 149 }'],
  'ny-a-6031': ['US-NY', '{ source: openstates, session: 2025-2026, bill: A 6031 }'],
  'ny-s-200': ['US-NY', '{ source: openstates, session: 2025-2026, bill: S 200 }'],
  'us-hr-4695': ['US', '{ source: congress, congress: 119, type: hr, number: 4695 }'],
} as const;

/** The files of the tracked bill entries `ids`, for `libraryOf` (`tx-hb-149` follows TX HB 149 of 89R…). */
export function trackedBills(...ids: (keyof typeof TRACKED)[]): Record<string, string> {
  return Object.fromEntries(
    ids.map((id) => {
      const [jurisdiction, reference] = TRACKED[id];
      return [id, billFile(id, jurisdiction, [reference])];
    }),
  );
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

/** A fake Open States taking the fixtures' key (`os-key`), and an empty store, for one test. */
export async function openStatesAndStore(): Promise<{ os: FakeOpenStates; store: Store }> {
  return { os: await startFakeOpenStates({ apiKey: 'os-key' }), store: createMemoryStore() };
}

/**
 * The morning's tracking pass (06:30 UTC on `day`) over `library`, asking the fakes at `urls` with no
 * wait between retries and recording what it saw in `store`.
 */
export function passOn(
  day: string,
  pass: {
    library: Library;
    store: Store;
    urls: { openstates?: string; congress?: string };
    logger?: TrackingLogger;
  },
) {
  const { library, store, urls, logger } = pass;
  return runTrackingPass({
    library,
    store,
    sources: fakeSources(urls, store),
    now: new Date(`${day}T06:30:00Z`),
    logger,
  });
}

/** A channel's digest subscription (daily at 09:00 UTC) made at `createdAt`; `over` sets any other field. */
export function channelSubscription(createdAt: string, over: Record<string, unknown> = {}): Subscription {
  return Subscription.parse({
    guildId: '100000000000000001',
    channelId: '200000000000000001',
    time: '09:00',
    timezone: 'UTC',
    createdAt,
    ...over,
  });
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

/** NY A 6031 (the Biometric Privacy Act, 2025-2026) on the fake Open States, in committee since 25 February 2025. */
export function addNyA6031(os: FakeOpenStates): string {
  return addStateBill(
    os,
    { jurisdiction: 'ny', session: '2025-2026', identifier: 'A 6031', title: 'Biometric Privacy Act' },
    {
      date: '2025-02-25',
      description: 'referred to consumer affairs and protection',
      classification: ['referral-committee'],
    },
  );
}

/** NY S 200 (a study, 2025-2026) on the fake Open States, referred to Rules on 1 February 2025. */
export function addNyS200(os: FakeOpenStates): string {
  return addStateBill(
    os,
    { jurisdiction: 'ny', session: '2025-2026', identifier: 'S 200', title: 'A study' },
    { date: '2025-02-01', description: 'REFERRED TO RULES', classification: ['referral-committee'] },
  );
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
