import { describe, expect, it } from 'vitest';
import { DigestService } from '../../src/digest/digest-service.js';
import { type DigestDeps, runDigestTick } from '../../src/digest/run-digest-tick.js';
import type { SubscriptionInput } from '../../src/digest/subscription.js';
import { localTime } from '../../src/digest/zoned-time.js';
import { StoreUnavailableError } from '../../src/store/errors.js';
import { createMemoryStore } from '../../src/store/memory-store.js';
import type { Store } from '../../src/store/types.js';
import { entry, fixtureLibrary, libraryOf } from './fixture-library.js';
import {
  forbidden,
  gone,
  rateLimited,
  recordingLogger,
  recordingPoster,
  serverError,
} from './recording-poster.js';

const GUILD = '100000000000000001';
const BERLIN = '200000000000000001';
const NEW_YORK = '200000000000000002';
const MIN = 60_000;

function world(
  opts: { poster?: ReturnType<typeof recordingPoster>; store?: Store; library?: typeof fixtureLibrary } = {},
) {
  const store = opts.store ?? createMemoryStore();
  const rec = opts.poster ?? recordingPoster();
  const log = recordingLogger();
  const lib = (opts.library ?? fixtureLibrary)();
  let clock = new Date('2026-01-01T00:00:00Z');
  const deps = (instanceId = 'test'): DigestDeps => ({
    store,
    library: () => lib,
    poster: rec.poster,
    logger: log.logger,
    instanceId,
  });
  const service = new DigestService(deps(), () => clock);
  return {
    store,
    ...rec,
    ...log,
    deps,
    service,
    setClock: (iso: string | Date) => {
      clock = new Date(iso);
    },
    subscribe: (over: Partial<SubscriptionInput> & { channelId: string; timezone: string; time: string }) =>
      service.subscribe({ guildId: GUILD, nothingNewNote: true, ...over }),
    tick: (at: string | Date, instanceId?: string) => runDigestTick(deps(instanceId), new Date(at)),
  };
}

/** Ticks once a minute from `from` to `to` (UTC), as the in-process scheduler does. */
async function tickEveryMinute(w: ReturnType<typeof world>, from: string, to: string) {
  for (let t = Date.parse(from); t < Date.parse(to); t += MIN) await w.tick(new Date(t));
}

describe('digest scheduling', () => {
  for (const [change, timezone, time, from, to, expected] of [
    // Berlin springs forward on 29 March 2026: 02:30 does not exist, and the digest comes at 03:30 CEST.
    [
      'spring forward',
      'Europe/Berlin',
      '02:30',
      '2026-03-28T00:00:00Z',
      '2026-03-31T00:00:00Z',
      ['2026-03-28T01:30:00.000Z', '2026-03-29T01:30:00.000Z', '2026-03-30T00:30:00.000Z'],
    ],
    // Berlin falls back on 25 October 2026: 02:30 happens twice; the first counts, the second posts nothing.
    [
      'fall back',
      'Europe/Berlin',
      '02:30',
      '2026-10-24T00:00:00Z',
      '2026-10-27T00:00:00Z',
      ['2026-10-24T00:30:00.000Z', '2026-10-25T00:30:00.000Z', '2026-10-26T01:30:00.000Z'],
    ],
    // New York springs forward on 8 March 2026: a 09:00 digest moves from 14:00Z to 13:00Z.
    [
      'spring forward',
      'America/New_York',
      '09:00',
      '2026-03-07T00:00:00Z',
      '2026-03-10T00:00:00Z',
      ['2026-03-07T14:00:00.000Z', '2026-03-08T13:00:00.000Z', '2026-03-09T13:00:00.000Z'],
    ],
    // New York falls back on 1 November 2026: 01:30 happens at 05:30Z (EDT) and again at 06:30Z (EST).
    [
      'fall back',
      'America/New_York',
      '01:30',
      '2026-10-31T00:00:00Z',
      '2026-11-03T00:00:00Z',
      ['2026-10-31T05:30:00.000Z', '2026-11-01T05:30:00.000Z', '2026-11-02T06:30:00.000Z'],
    ],
  ] as const) {
    it(`GIVEN ticks every minute across a ${change} in ${timezone} WHEN a ${time} digest falls due THEN it comes once a day at that local time`, async () => {
      const w = world();
      w.setClock('2026-03-01T00:00:00Z');
      await w.subscribe({ channelId: BERLIN, time, timezone });
      const postedAt: string[] = [];
      for (let t = Date.parse(from); t < Date.parse(to); t += MIN) {
        const before = w.posted.length;
        await w.tick(new Date(t));
        for (let i = before; i < w.posted.length; i++) postedAt.push(new Date(t).toISOString());
      }
      expect(postedAt).toEqual(expected);
    });
  }

  it('GIVEN a restart after the digest time WHEN within 6 hours THEN the missed digest is sent once at start-up', async () => {
    const w = world();
    w.setClock('2026-11-20T12:00:00Z');
    await w.subscribe({ channelId: BERLIN, time: '09:00', timezone: 'Europe/Berlin' });
    // Down from before 09:00 Berlin (08:00Z) until 13:10Z; then the start-up pass and the minutes after it.
    await tickEveryMinute(w, '2026-11-22T13:10:00Z', '2026-11-22T13:30:00Z');
    expect(w.posted).toHaveLength(1);
    w.setClock('2026-11-22T13:30:00Z');
    const [status] = await w.service.list(GUILD);
    expect(status?.state.lastResult).toMatchObject({ date: '2026-11-22', outcome: 'sent' });
    expect(status?.nextRun?.toISOString()).toBe('2026-11-23T08:00:00.000Z');
  });

  it('GIVEN a restart more than 6 hours after the digest time THEN it is skipped and logged once, and the next day is on time', async () => {
    const w = world();
    w.setClock('2026-11-20T12:00:00Z');
    await w.subscribe({ channelId: BERLIN, time: '09:00', timezone: 'Europe/Berlin' });
    await tickEveryMinute(w, '2026-11-22T14:30:00Z', '2026-11-22T14:40:00Z');
    expect(w.posted).toHaveLength(0);
    const skipped = w.lines.filter((l) => l.message === 'digest skipped');
    expect(skipped).toHaveLength(1);
    expect(skipped[0]?.details).toMatchObject({ channelId: BERLIN, date: '2026-11-22' });
    expect((await w.service.list(GUILD))[0]?.state.lastResult).toMatchObject({ outcome: 'skipped' });
    await tickEveryMinute(w, '2026-11-23T07:58:00Z', '2026-11-23T08:05:00Z');
    expect(w.posted).toHaveLength(1);
  });

  it("GIVEN a subscription made after today's time THEN the first digest is tomorrow, not an immediate catch-up", async () => {
    const w = world();
    w.setClock('2026-11-22T10:00:00Z');
    await w.subscribe({ channelId: BERLIN, time: '09:00', timezone: 'Europe/Berlin' });
    await tickEveryMinute(w, '2026-11-22T10:00:00Z', '2026-11-22T10:05:00Z');
    expect(w.posted).toHaveLength(0);
    expect((await w.service.list(GUILD))[0]?.nextRun?.toISOString()).toBe('2026-11-23T08:00:00.000Z');
  });

  it('GIVEN a process that dies mid-send THEN after the claim timeout one other process resumes where it stopped, and each message is posted once', async () => {
    const many = () =>
      libraryOf(
        Array.from({ length: 120 }, (_, i) =>
          entry(`letter-${i}`, 'letter', {
            title: `A coalition letter with a title long enough to fill lines, number ${i}`,
            date: '2026-11-01',
            added: '2026-11-22',
            authors: ['A'],
            recipients: ['B'],
          }),
        ),
      );
    let dead = true;
    // The first process accepts one message, then hangs forever on the second (it has died).
    const rec = recordingPoster((_, call) => (dead && call === 1 ? 'hang' : undefined));
    const w = world({ poster: rec, library: many });
    w.setClock('2026-11-20T12:00:00Z');
    await w.subscribe({ channelId: BERLIN, time: '09:00', timezone: 'Europe/Berlin' });
    void w.tick('2026-11-22T08:00:00Z', 'dies');
    await new Promise((r) => setTimeout(r, 50));
    expect(w.posted).toHaveLength(1);
    dead = false;
    // Five minutes later the claim is still fresh: nobody else posts.
    const early = await w.tick('2026-11-22T08:05:00Z', 'second');
    expect(early.results).toEqual([expect.objectContaining({ outcome: 'busy' })]);
    const late = await w.tick('2026-11-22T08:11:00Z', 'second');
    expect(late.results).toEqual([expect.objectContaining({ outcome: 'sent' })]);
    const total = late.results[0]?.messages ?? 0;
    expect(total).toBeGreaterThan(1);
    expect(w.posted).toHaveLength(total);
    expect(new Set(w.posted.map((p) => p.message.embeds[0]?.description)).size).toBe(total);
    expect((await w.tick('2026-11-22T08:30:00Z', 'third')).results).toEqual([]);
    expect(w.posted).toHaveLength(total);
  });

  it('GIVEN the retry after a crash also dies THEN the digest is given up for the day and reported, not retried forever', async () => {
    const rec = recordingPoster(() => 'hang');
    const w = world({ poster: rec });
    w.setClock('2026-11-20T12:00:00Z');
    await w.subscribe({ channelId: BERLIN, time: '09:00', timezone: 'Europe/Berlin' });
    void w.tick('2026-11-22T08:00:00Z', 'first');
    await new Promise((r) => setTimeout(r, 20));
    void w.tick('2026-11-22T08:11:00Z', 'second');
    await new Promise((r) => setTimeout(r, 20));
    const third = await w.tick('2026-11-22T08:22:00Z', 'third');
    expect(third.results).toEqual([
      expect.objectContaining({ outcome: 'failed', detail: 'gave up: the digest stopped mid-send twice' }),
    ]);
    expect((await w.service.list(GUILD))[0]?.state.lastResult).toMatchObject({ outcome: 'failed' });
    expect((await w.tick('2026-11-22T08:40:00Z', 'fourth')).results).toEqual([]);
  });
});

describe('digest delivery faults', () => {
  for (const [status, fault, reason] of [
    [403, forbidden, /may not post/],
    [404, gone, /no longer exists/],
  ] as const) {
    it(`GIVEN the channel answers ${status} THEN the subscription is marked broken with the reason and never retried`, async () => {
      let repaired = false;
      const rec = recordingPoster((channel) => (channel === BERLIN && !repaired ? fault() : undefined));
      const w = world({ poster: rec });
      w.setClock('2026-11-20T12:00:00Z');
      await w.subscribe({ channelId: BERLIN, time: '09:00', timezone: 'Europe/Berlin' });
      await w.subscribe({ channelId: NEW_YORK, time: '03:00', timezone: 'America/New_York' });
      const report = await w.tick('2026-11-22T08:00:00Z');
      expect(report.results).toEqual(
        expect.arrayContaining([
          expect.objectContaining({ id: `${GUILD}:${BERLIN}`, outcome: 'broken' }),
          expect.objectContaining({ id: `${GUILD}:${NEW_YORK}`, outcome: 'sent' }),
        ]),
      );
      await tickEveryMinute(w, '2026-11-22T08:01:00Z', '2026-11-22T08:10:00Z');
      w.setClock('2026-11-22T08:10:00Z');
      const berlin = (await w.service.list(GUILD)).find((s) => s.subscription.channelId === BERLIN);
      expect(berlin?.state.broken?.reason).toMatch(reason);
      expect(berlin?.nextRun).toBeUndefined();
      expect(w.posted.filter((p) => p.channelId === BERLIN)).toHaveLength(0);
      // Re-subscribing for later today (after the admin fixed permissions) clears the mark, and today's comes.
      repaired = true;
      w.setClock('2026-11-22T08:30:00Z');
      await w.subscribe({ channelId: BERLIN, time: '10:00', timezone: 'Europe/Berlin' });
      const fixed = (await w.service.list(GUILD)).find((s) => s.subscription.channelId === BERLIN);
      expect(fixed?.state.broken).toBeUndefined();
      expect(fixed?.nextRun?.toISOString()).toBe('2026-11-22T09:00:00.000Z');
      await w.tick('2026-11-22T09:00:00Z');
      expect(w.posted.filter((p) => p.channelId === BERLIN)).toHaveLength(1);
    });
  }

  it('GIVEN a 429 THEN the digest is retried after the wait Discord asked for, and posted once', async () => {
    let limited = true;
    const rec = recordingPoster(() => (limited ? rateLimited(5 * MIN) : undefined));
    const w = world({ poster: rec });
    w.setClock('2026-11-20T12:00:00Z');
    await w.subscribe({ channelId: BERLIN, time: '09:00', timezone: 'Europe/Berlin' });
    expect((await w.tick('2026-11-22T08:00:00Z')).results[0]).toMatchObject({ outcome: 'retrying' });
    limited = false;
    await tickEveryMinute(w, '2026-11-22T08:01:00Z', '2026-11-22T08:05:00Z');
    expect(w.posted).toHaveLength(0);
    await tickEveryMinute(w, '2026-11-22T08:05:00Z', '2026-11-22T08:10:00Z');
    expect(w.posted).toHaveLength(1);
    expect((await w.service.list(GUILD))[0]?.state).toMatchObject({ lastResult: { outcome: 'sent' } });
  });

  it('GIVEN Discord failing all day THEN retries back off and stop when the local day ends', async () => {
    const w = world({ poster: recordingPoster(serverError) });
    w.setClock('2026-11-20T12:00:00Z');
    await w.subscribe({ channelId: BERLIN, time: '20:00', timezone: 'Europe/Berlin' });
    const attempts: string[] = [];
    for (let t = Date.parse('2026-11-22T19:00:00Z'); t < Date.parse('2026-11-23T02:00:00Z'); t += MIN) {
      const r = await w.tick(new Date(t));
      for (const x of r.results)
        attempts.push(`${localTime(new Date(t), 'Europe/Berlin').hour}:${x.outcome}`);
    }
    expect(attempts).toEqual([
      '20:retrying', // 19:00Z, then 1, 2, 4, 8, 16, 32 minutes apart, until the next wait passes midnight
      '20:retrying',
      '20:retrying',
      '20:retrying',
      '20:retrying',
      '20:retrying',
      '21:retrying',
      '22:retrying',
      '23:failed',
    ]);
    expect((await w.service.list(GUILD))[0]?.state.lastResult?.detail).toMatch(
      /gave up for the day after 9 attempts: 503/,
    );
  });
});

describe('a digest that fails for an unexpected reason', () => {
  it('GIVEN one channel whose delivery throws a bug THEN the other channels still get theirs and the failure is logged', async () => {
    const rec = recordingPoster((channel) => (channel === BERLIN ? new TypeError('boom') : undefined));
    const w = world({ poster: rec });
    w.setClock('2026-11-20T12:00:00Z');
    await w.subscribe({ channelId: BERLIN, time: '09:00', timezone: 'Europe/Berlin' });
    await w.subscribe({ channelId: NEW_YORK, time: '03:00', timezone: 'America/New_York' });
    const report = await w.tick('2026-11-22T08:00:00Z');
    expect(report.results).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ id: `${GUILD}:${BERLIN}`, outcome: 'failed', detail: 'boom' }),
        expect.objectContaining({ id: `${GUILD}:${NEW_YORK}`, outcome: 'sent' }),
      ]),
    );
    expect(w.posted.map((p) => p.channelId)).toEqual([NEW_YORK]);
    expect(w.lines).toContainEqual(expect.objectContaining({ level: 'error', message: 'digest failed' }));
  });
});

describe('digests and a broken store', () => {
  it('GIVEN the store is unavailable WHEN a pass runs THEN digests pause with a clear log and nothing throws', async () => {
    const down = new StoreUnavailableError(
      'redis://127.0.0.1:6379',
      'list digest:sub:',
      new Error('connection refused'),
    );
    const failing: Store = {
      ...createMemoryStore(),
      list: async () => {
        throw down;
      },
    };
    const w = world({ store: failing });
    const report = await w.tick('2026-11-22T08:00:00Z');
    expect(report.paused).toMatch(
      /store: redis:\/\/127\.0\.0\.1:6379: list digest:sub: failed: connection refused/,
    );
    expect(w.lines).toContainEqual(
      expect.objectContaining({ level: 'warn', message: expect.stringMatching(/digests paused/) }),
    );
  });
});

describe('the in-process scheduler', () => {
  it('GIVEN the bot starts after a missed digest WHEN the scheduler starts THEN it catches up at once, and stop waits for the pass', async () => {
    const w = world();
    w.setClock('2026-11-20T12:00:00Z');
    await w.subscribe({ channelId: BERLIN, time: '09:00', timezone: 'Europe/Berlin' });
    w.setClock('2026-11-22T10:00:00Z');
    w.service.scheduler.start();
    await w.service.scheduler.stop();
    expect(w.posted.map((p) => p.channelId)).toEqual([BERLIN]);
    // A later pass finds it already sent.
    await w.service.scheduler.tick();
    expect(w.posted).toHaveLength(1);
  });
});
