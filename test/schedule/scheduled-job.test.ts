import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { ScheduledJob, type ScheduledJobOptions } from '../../src/schedule/scheduled-job.js';

// The croner loop behind the digest and tracking schedulers, on fake timers: croner reads Date and sets
// timeouts, so advancing the fake clock is what the real minutes would do.

const errors: { obj: object; msg: string }[] = [];
const logger = { error: (obj: object, msg: string) => void errors.push({ obj, msg }) };
let names = 0;

function job<T>(options: Partial<ScheduledJobOptions<T>> & Pick<ScheduledJobOptions<T>, 'work'>) {
  return new ScheduledJob<T>({
    cron: '* * * * *',
    name: `test-job-${++names}`,
    logger,
    failureMessage: 'test pass failed',
    ...options,
  });
}

/** A promise with its resolve, to hold a run open. */
function gate() {
  let open: () => void = () => {};
  const opened = new Promise<void>((resolve) => {
    open = resolve;
  });
  return { open, opened };
}

const started: ScheduledJob<unknown>[] = [];
beforeEach(() => {
  vi.useFakeTimers();
  errors.length = 0;
});
afterEach(async () => {
  for (const j of started.splice(0)) await j.stop();
  vi.useRealTimers();
});

describe('ScheduledJob', () => {
  it('GIVEN a job every minute WHEN three minutes pass THEN it runs at each minute, with that minute as now', async () => {
    vi.setSystemTime(new Date('2026-11-29T10:00:30Z'));
    const runs: string[] = [];
    const j = job({ work: async (now) => void runs.push(now.toISOString()) });
    started.push(j);
    j.start();
    await vi.advanceTimersByTimeAsync(3 * 60_000);
    expect(runs).toEqual([
      '2026-11-29T10:01:00.000Z',
      '2026-11-29T10:02:00.000Z',
      '2026-11-29T10:03:00.000Z',
    ]);
  });

  it('GIVEN a daily pattern in a time zone THEN it fires at that zone’s hour, not UTC’s', async () => {
    vi.setSystemTime(new Date('2026-11-29T05:59:00Z'));
    const runs: string[] = [];
    const j = job({
      cron: '0 6 * * *',
      timezone: 'America/New_York',
      work: async (now) => void runs.push(now.toISOString()),
    });
    started.push(j);
    j.start();
    await vi.advanceTimersByTimeAsync(2 * 60_000); // past 06:00 UTC: nothing
    expect(runs).toEqual([]);
    vi.setSystemTime(new Date('2026-11-29T10:59:00Z'));
    await vi.advanceTimersByTimeAsync(2 * 60_000);
    // 06:00 in New York in November (EST, UTC−5) is 11:00 UTC.
    expect(runs).toEqual(['2026-11-29T11:00:00.000Z']);
  });

  it('GIVEN runAtStart THEN it runs once at start (to catch up what a restart missed); without it, it waits for the pattern', async () => {
    vi.setSystemTime(new Date('2026-11-29T10:00:30Z'));
    const eager: string[] = [];
    const patient: string[] = [];
    const a = job({ runAtStart: true, work: async (now) => void eager.push(now.toISOString()) });
    const b = job({ work: async (now) => void patient.push(now.toISOString()) });
    started.push(a, b);
    a.start();
    b.start();
    await vi.advanceTimersByTimeAsync(1_000);
    expect(eager).toEqual(['2026-11-29T10:00:30.000Z']);
    expect(patient).toEqual([]);
  });

  it('GIVEN start called twice THEN there is one timer, not two', async () => {
    vi.setSystemTime(new Date('2026-11-29T10:00:30Z'));
    let runs = 0;
    const j = job({
      work: async () => {
        runs++;
      },
    });
    started.push(j);
    j.start();
    j.start();
    await vi.advanceTimersByTimeAsync(60_000);
    expect(runs).toBe(1);
  });

  it('GIVEN a run in progress WHEN another is asked for THEN it starts only after the first ends', async () => {
    const order: string[] = [];
    const first = gate();
    const j = job({
      work: async (now) => {
        order.push(`start ${now.toISOString()}`);
        if (order.length === 1) await first.opened;
        order.push(`end ${now.toISOString()}`);
        return now.getTime();
      },
    });
    const a = j.run(new Date('2026-11-29T10:00:00Z'));
    const b = j.run(new Date('2026-11-29T10:01:00Z'));
    await vi.advanceTimersByTimeAsync(0);
    expect(order).toEqual(['start 2026-11-29T10:00:00.000Z']);
    first.open();
    expect(await a).toBe(Date.parse('2026-11-29T10:00:00Z'));
    expect(await b).toBe(Date.parse('2026-11-29T10:01:00Z'));
    expect(order).toEqual([
      'start 2026-11-29T10:00:00.000Z',
      'end 2026-11-29T10:00:00.000Z',
      'start 2026-11-29T10:01:00.000Z',
      'end 2026-11-29T10:01:00.000Z',
    ]);
  });

  it('GIVEN a run that throws (or rejects) THEN it is logged with the message, gives undefined, and the next run still goes', async () => {
    let calls = 0;
    const j = job({
      work: (now) => {
        calls++;
        if (calls === 1) throw new Error('boom at once');
        if (calls === 2) return Promise.reject(new Error('boom later'));
        return Promise.resolve(now.toISOString());
      },
    });
    expect(await j.run(new Date('2026-11-29T10:00:00Z'))).toBeUndefined();
    expect(await j.run(new Date('2026-11-29T10:01:00Z'))).toBeUndefined();
    expect(await j.run(new Date('2026-11-29T10:02:00Z'))).toBe('2026-11-29T10:02:00.000Z');
    expect(errors.map((e) => [e.msg, (e.obj as { err: Error }).err.message])).toEqual([
      ['test pass failed', 'boom at once'],
      ['test pass failed', 'boom later'],
    ]);
  });

  it('GIVEN no time THEN a run uses the clock it was given', async () => {
    const j = job({ clock: () => new Date('2030-01-02T03:04:05Z'), work: async (now) => now.toISOString() });
    expect(await j.run()).toBe('2030-01-02T03:04:05.000Z');
  });

  it('GIVEN a run in progress WHEN stopped THEN stop waits for it, and the timer fires no more', async () => {
    vi.setSystemTime(new Date('2026-11-29T10:00:30Z'));
    const held = gate();
    const runs: string[] = [];
    const j = job({
      work: async (now) => {
        runs.push(now.toISOString());
        await held.opened;
      },
    });
    j.start();
    await vi.advanceTimersByTimeAsync(30_000);
    expect(runs).toEqual(['2026-11-29T10:01:00.000Z']);
    let stopped = false;
    const stopping = j.stop().then(() => {
      stopped = true;
    });
    await vi.advanceTimersByTimeAsync(0);
    expect(stopped).toBe(false);
    held.open();
    await stopping;
    expect(stopped).toBe(true);
    await vi.advanceTimersByTimeAsync(5 * 60_000);
    expect(runs).toEqual(['2026-11-29T10:01:00.000Z']);
  });
});
