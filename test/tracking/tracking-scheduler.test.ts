import { describe, expect, it } from 'vitest';
import { createMemoryStore } from '../../src/store/memory-store.js';
import { TrackingScheduler } from '../../src/tracking/tracking-scheduler.js';
import { billFile, fakeSources, libraryOf } from './tracking-fixtures.js';

// The daily pass's claim: however many processes run the scheduler, one pass a UTC day. No source is
// configured, so a pass asks no API (its bill is skipped) and only the claim and the record are at stake.

const library = libraryOf({
  'tx-hb-149': billFile('tx-hb-149', 'US-TX', ['{ source: openstates, session: 89R, bill: HB 149 }']),
});

function schedulers(count: number, libraryOfPass = () => library) {
  const store = createMemoryStore();
  const errors: string[] = [];
  const logger = { info: () => {}, warn: () => {}, error: (_: object, msg: string) => void errors.push(msg) };
  const all = Array.from(
    { length: count },
    (_, i) =>
      new TrackingScheduler({
        cron: '0 6 * * *',
        library: libraryOfPass,
        store,
        sources: fakeSources({}, store),
        logger,
        instanceId: `host:${i}`,
      }),
  );
  return { all, errors };
}

describe('TrackingScheduler', () => {
  it('GIVEN two processes WHEN both run the daily pass the same UTC day THEN one pass is made, and the next day one more', async () => {
    const { all } = schedulers(2);
    const [a, b] = all;
    const first = await a?.runDaily(new Date('2026-11-29T06:00:00Z'));
    const second = await b?.runDaily(new Date('2026-11-29T23:59:00Z'));
    const nextDay = await b?.runDaily(new Date('2026-11-30T00:01:00Z'));
    expect(first?.skipped).toEqual([{ source: 'openstates', items: 1 }]);
    expect(second).toBeUndefined();
    expect(nextDay?.at).toBe('2026-11-30T00:01:00.000Z');
  });

  it('GIVEN a pass that fails THEN it is logged as a failed tracking pass and the scheduler carries on', async () => {
    let calls = 0;
    const { all, errors } = schedulers(1, () => {
      if (++calls === 1) throw new Error('library not loaded');
      return library;
    });
    const [s] = all;
    expect(await s?.runDaily(new Date('2026-11-29T06:00:00Z'))).toBeUndefined();
    expect(errors).toEqual(['tracking pass failed']);
    expect((await s?.runDaily(new Date('2026-11-30T06:00:00Z')))?.items).toBe(0);
  });
});
