import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { DigestService } from '../../src/digest/digest-service.js';
import { type DigestDeps, runDigestTick } from '../../src/digest/run-digest-tick.js';
import {
  recordStatuses,
  StatusRecord,
  statusChangesBetween,
  statusKeys,
} from '../../src/digest/status-history.js';
import type { Library } from '../../src/kb/library.js';
import { createPictureCache } from '../../src/pictures/picture-cache.js';
import { createStore } from '../../src/store/create-store.js';
import { createMemoryStore } from '../../src/store/memory-store.js';
import type { Store } from '../../src/store/types.js';
import { postgresAvailable, redisAvailable } from '../store/redis-available.js';
import { bipaAsOf, law, libraryOf, texasCubi } from './fixture-library.js';
import { recordingLogger, recordingPoster } from './recording-poster.js';

// "Changed status" means the status really changed: Dossier records the statuses it saw in the store and
// compares, instead of reading a change from `status_as_of` (which only says when a status was checked).

const bill = (status: string, statusAsOf: string) =>
  law('ny-bill', {
    type: 'bill',
    title: 'New York biometric privacy bill',
    jurisdiction: 'US-NY',
    date: '2026-01-05',
    added: '2026-11-01',
    status,
    status_as_of: statusAsOf,
    tags: ['biometrics', 'consent', 'private-sector'],
  });

const T1 = new Date('2026-11-20T09:00:00Z');
const T2 = new Date('2026-11-21T09:00:00Z');
const T3 = new Date('2026-11-22T09:00:00Z');
const iso = (d: Date) => d.toISOString();
const dir = mkdtempSync(join(tmpdir(), 'dossier-statuses-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Each `open` is one process's own connection to the same store. */
type Opener = () => Promise<Store>;
const stores: [string, () => Promise<Opener>, string | undefined][] = [];
{
  stores.push([
    'memory',
    async () => {
      const shared = createMemoryStore();
      return async () => shared;
    },
    undefined,
  ]);
  stores.push([
    'sqlite',
    async () => {
      const file = join(dir, `${randomUUID()}.sqlite`);
      return () => createStore(`sqlite://${file}`);
    },
    undefined,
  ]);
  const redis = await redisAvailable();
  stores.push([
    'redis',
    async () => {
      const keyPrefix = `dossier-test:${randomUUID()}:`;
      return () => createStore(redis.url ?? '', { keyPrefix });
    },
    redis.skip,
  ]);
  const postgres = await postgresAvailable();
  stores.push([
    'postgres',
    async () => {
      const keyPrefix = `dossier-test:${randomUUID()}:`;
      return () => createStore(postgres.url ?? '', { keyPrefix });
    },
    postgres.skip,
  ]);
}

describe.each(stores)('recorded statuses in the %s store', (_name, makeOpener, skip) => {
  const opened: Store[] = [];
  afterAll(async () => {
    for (const s of new Set(opened)) await s.close();
  });
  const open = async (opener: Opener) => {
    const store = await opener();
    opened.push(store);
    return store;
  };

  it.skipIf(skip !== undefined)(
    'GIVEN the first look ever WHEN statuses are recorded THEN every law and bill is a baseline and nothing is a change',
    async () => {
      const store = await open(await makeOpener());
      const counts = await recordStatuses(
        store,
        libraryOf([bipaAsOf('enacted', '2026-11-20'), texasCubi]),
        T1,
      );
      expect(counts).toEqual({ baseline: 2, added: 0, changed: 0 });
      expect(await statusChangesBetween(store, '2026-01-01T00:00:00Z', iso(T3))).toEqual([]);
    },
  );

  it.skipIf(skip !== undefined)(
    'GIVEN a curator re-confirmed a status (status_as_of moved, status the same) THEN no change is recorded',
    async () => {
      const store = await open(await makeOpener());
      await recordStatuses(store, libraryOf([bipaAsOf('enacted', '2026-01-01'), texasCubi]), T1);
      const counts = await recordStatuses(
        store,
        libraryOf([bipaAsOf('enacted', '2026-11-21'), texasCubi]),
        T2,
      );
      expect(counts).toEqual({ baseline: 0, added: 0, changed: 0 });
      expect(await statusChangesBetween(store, iso(T1), iso(T3))).toEqual([]);
    },
  );

  it.skipIf(skip !== undefined)(
    'GIVEN a status that changed between two loads WHEN a new process looks again with the same store THEN the change is recorded once, dated when first seen',
    async () => {
      const opener = await makeOpener();
      const first = await open(opener);
      await recordStatuses(first, libraryOf([bipaAsOf('enacted', '2026-01-01'), texasCubi]), T1);
      const changed = libraryOf([bipaAsOf('in-force', '2026-11-21'), texasCubi]);
      expect(await recordStatuses(first, changed, T2)).toEqual({ baseline: 0, added: 0, changed: 1 });
      // A restarted process loads the same base again, a day later: nothing new.
      const restarted = await open(opener);
      const again = libraryOf([bipaAsOf('in-force', '2026-11-21'), texasCubi]);
      expect(await recordStatuses(restarted, again, T3)).toEqual({ baseline: 0, added: 0, changed: 0 });
      expect(await statusChangesBetween(restarted, iso(T1), iso(T3))).toEqual([
        { entryId: 'bipa-fixture', status: 'in-force', previous: 'enacted', seenAt: iso(T2) },
      ]);
      // The window is (from, until]: the change belongs to the one window that holds T2.
      expect(await statusChangesBetween(restarted, iso(T2), iso(T3))).toEqual([]);
      expect(await statusChangesBetween(restarted, iso(T1), iso(T2))).toHaveLength(1);
    },
  );

  it.skipIf(skip !== undefined)(
    'GIVEN several processes that see the same change at once THEN one records it and all agree on its time',
    async () => {
      const opener = await makeOpener();
      const setup = await open(opener);
      await recordStatuses(setup, libraryOf([bipaAsOf('enacted', '2026-01-01'), texasCubi]), T1);
      const processes = await Promise.all([open(opener), open(opener), open(opener)]);
      const results = await Promise.all(
        processes.map((store, i) =>
          recordStatuses(
            store,
            libraryOf([bipaAsOf('in-force', '2026-11-21'), texasCubi]),
            new Date(T2.getTime() + i * 1_000),
          ),
        ),
      );
      expect(results.reduce((n, r) => n + r.changed, 0)).toBe(1);
      const changes = await statusChangesBetween(setup, iso(T1), iso(T3));
      expect(changes).toHaveLength(1);
      const records = (await setup.list(statusKeys.entryPrefix)).filter((r) =>
        r.key.includes('bipa-fixture'),
      );
      expect(records.map((r) => StatusRecord.parse(r.value).n)).toEqual([0, 1]);
    },
  );

  it.skipIf(skip !== undefined)(
    'GIVEN a bill added to the base after the first look THEN it is recorded as added, with its status',
    async () => {
      const store = await open(await makeOpener());
      await recordStatuses(store, libraryOf([bipaAsOf('enacted', '2026-01-01'), texasCubi]), T1);
      const counts = await recordStatuses(
        store,
        libraryOf([bipaAsOf('enacted', '2026-01-01'), texasCubi, bill('proposed', '2026-11-21')]),
        T2,
      );
      expect(counts).toEqual({ baseline: 0, added: 1, changed: 0 });
      expect(await statusChangesBetween(store, iso(T1), iso(T3))).toEqual([
        { entryId: 'ny-bill', status: 'proposed', seenAt: iso(T2) },
      ]);
    },
  );

  it.skipIf(skip !== undefined)(
    'GIVEN two changes in one window THEN the window shows the net change, and a status changed back shows none',
    async () => {
      const store = await open(await makeOpener());
      await recordStatuses(store, libraryOf([bill('proposed', '2026-01-01'), texasCubi]), T1);
      await recordStatuses(store, libraryOf([bill('enacted', '2026-11-20'), texasCubi]), T2);
      await recordStatuses(store, libraryOf([bill('failed', '2026-11-21'), texasCubi]), T3);
      expect(await statusChangesBetween(store, iso(T1), iso(T3))).toEqual([
        { entryId: 'ny-bill', status: 'failed', previous: 'proposed', seenAt: iso(T3) },
      ]);
      const T4 = new Date(T3.getTime() + 3_600_000);
      await recordStatuses(store, libraryOf([bill('enacted', '2026-11-22'), texasCubi]), T4);
      expect(await statusChangesBetween(store, iso(T2), iso(T4))).toEqual([]);
      expect(await statusChangesBetween(store, iso(T3), iso(T4))).toEqual([
        { entryId: 'ny-bill', status: 'enacted', previous: 'failed', seenAt: iso(T4) },
      ]);
    },
  );

  it.skipIf(skip !== undefined)(
    'GIVEN superseded records older than 90 days THEN they are deleted and the latest is kept',
    async () => {
      const store = await open(await makeOpener());
      await recordStatuses(store, libraryOf([bill('proposed', '2026-01-01')]), T1);
      await recordStatuses(store, libraryOf([bill('enacted', '2026-11-21')]), T2);
      const later = new Date(T2.getTime() + 100 * 86_400_000);
      await recordStatuses(store, libraryOf([bill('in-force', '2027-02-01')], '2027-03-01'), later);
      const left = (await store.list(statusKeys.entryPrefix)).map((r) => StatusRecord.parse(r.value));
      expect(left.map((r) => [r.n, r.status])).toEqual([
        [1, 'enacted'],
        [2, 'in-force'],
      ]);
      // The next look still compares with the latest status: nothing new.
      const next = libraryOf([bill('in-force', '2027-02-01')], '2027-03-01');
      expect(await recordStatuses(store, next, new Date(later.getTime() + 1))).toMatchObject({ changed: 0 });
    },
  );
});

describe('the law map in channels at different local times', { timeout: 60_000 }, () => {
  const GUILD = '100000000000000001';
  const UTC_CHANNEL = '300000000000000701';
  const NEW_YORK_CHANNEL = '300000000000000702';
  const NO_MAP_CHANNEL = '300000000000000703';
  const before = () => libraryOf([bipaAsOf('enacted', '2026-11-20'), texasCubi]);
  const after = () => libraryOf([bipaAsOf('in-force', '2026-11-21'), texasCubi]);

  it('GIVEN a status that changed between two loads THEN each subscribed channel gets the map exactly once, also across a restart, and a first digest reports no baseline', async () => {
    const store = createMemoryStore();
    const rec = recordingPoster();
    const pictures = createPictureCache();
    const bot = (library: () => Library): DigestDeps => ({
      store,
      library,
      poster: rec.poster,
      logger: recordingLogger().logger,
      instanceId: 'test',
      pictures,
    });
    let current = before();
    const first = bot(() => current);
    const service = new DigestService(first, () => new Date('2026-11-20T10:00:00Z'));
    for (const [channelId, timezone, attachMap] of [
      [UTC_CHANNEL, 'UTC', true],
      [NEW_YORK_CHANNEL, 'America/New_York', true],
      [NO_MAP_CHANNEL, 'UTC', false],
    ] as const)
      await service.subscribe({ guildId: GUILD, channelId, time: '09:00', timezone, attachMap });
    const maps = (channelId: string) =>
      rec.posted.filter((p) => p.channelId === channelId && p.message.kind === 'map');

    // 21 November, 09:00 UTC: the first look ever, with the law enacted (and its status just checked).
    await runDigestTick(first, new Date('2026-11-21T09:00:00Z'));
    expect(rec.posted.filter((p) => p.message.kind === 'map')).toEqual([]);
    // Noon: a reload brings the law in force. 14:00 UTC is 09:00 in New York.
    current = after();
    await runDigestTick(first, new Date('2026-11-21T14:00:00Z'));
    expect(maps(NEW_YORK_CHANNEL)).toHaveLength(1);
    expect(JSON.stringify(maps(NEW_YORK_CHANNEL)[0]?.message.embeds)).toContain(
      'now in force, was enacted (status as of 21 November 2026)',
    );
    expect(maps(UTC_CHANNEL)).toHaveLength(0);

    // The next morning a restarted process (its own copy of the same base, the same store) posts UTC's.
    const reloaded = after();
    const restarted = bot(() => reloaded);
    await runDigestTick(restarted, new Date('2026-11-22T09:00:00Z'));
    expect(maps(UTC_CHANNEL)).toHaveLength(1);
    await runDigestTick(restarted, new Date('2026-11-22T14:00:00Z'));
    await runDigestTick(restarted, new Date('2026-11-23T09:00:00Z'));
    await runDigestTick(restarted, new Date('2026-11-23T14:00:00Z'));
    expect(maps(NEW_YORK_CHANNEL)).toHaveLength(1);
    expect(maps(UTC_CHANNEL)).toHaveLength(1);
    expect(maps(NO_MAP_CHANNEL)).toHaveLength(0);
    expect(rec.posted.filter((p) => p.channelId === NO_MAP_CHANNEL).length).toBeGreaterThan(0);
  });
});
