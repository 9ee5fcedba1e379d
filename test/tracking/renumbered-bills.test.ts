import { mkdirSync, mkdtempSync, rmSync, writeFileSync, copyFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, onTestFinished } from 'vitest';
import { kbStale } from '../../src/cli/kb-stale.js';
import { kbTrack } from '../../src/cli/kb-track.js';
import { composeDigest } from '../../src/digest/compose-digest.js';
import { reviewQueue } from '../../src/freshness/review-queue.js';
import { recordReview } from '../../src/freshness/reviews.js';
import type { Store } from '../../src/store/types.js';
import { officialActionLines } from '../../src/tracking/official-line.js';
import { statesOfEntry, trackingNotices } from '../../src/tracking/tracking-records.js';
import type { FakeOpenStates } from '../fakes/fake-openstates.js';
import {
  addNyA6031,
  addNyS200,
  billFile,
  channelSubscription,
  libraryOf,
  openStatesAndStore,
  passOn,
  SESSIONS,
  sourceEnv,
  trackedBills,
} from './tracking-fixtures.js';

/**
 * Bills that change number, leave the record, are withdrawn or are replaced by another bill, as Open States
 * shows them: the identifier filter matches current numbers only, an `ocd-bill` id stays with the bill
 * (its old number in `other_identifiers`), and actions are classified `withdrawal` or `substitution`.
 */
const TX_ID = 'ocd-bill/0b7f3a52-5d0e-4c8a-9f57-1a2b3c4d5e6f';
const library = libraryOf({
  ...trackedBills('tx-hb-149'),
  'tx-by-id': billFile('tx-by-id', 'US-TX', [`{ source: openstates, id: ${TX_ID} }`]),
  ...trackedBills('ny-a-6031', 'ny-s-200'),
});

let os: FakeOpenStates;
let store: Store;
let tx: string;
let ny: string;
beforeEach(async () => {
  ({ os, store } = await openStatesAndStore());
  os.sessions.tx = [SESSIONS.tx];
  tx = os.addBill({ jurisdiction: 'tx', session: '89R', identifier: 'HB 149', title: 'TRAIGA' });
  os.act(tx, { date: '2025-03-14', description: 'Filed', classification: ['introduction'] });
  os.addBill({ jurisdiction: 'tx', session: '89R', identifier: 'SB 12', title: 'Another bill' }, TX_ID);
  os.act(TX_ID, { date: '2025-03-01', description: 'Filed', classification: ['introduction'] });
  ny = addNyA6031(os);
  const s200 = addNyS200(os);
  os.act(s200, { date: '2025-03-03', description: 'withdrawn by sponsor', classification: ['withdrawal'] });
});
afterEach(async () => {
  await os.stop();
});

const pass = (day: string) => passOn(day, { library, store, urls: { openstates: os.url } });

describe('renumbered, removed, withdrawn and substituted bills', () => {
  it('GIVEN a tracked bill the legislature renumbers WHEN the next full listing misses it THEN it is found by its id and reported as renumbered, with the reference to use, and its actions still followed', async () => {
    await pass('2025-03-15');
    os.renumber(tx, 'HB 4', '2025-03-18T12:00:00');
    // Within the week, updated_since hides the bill under its old number (nothing seems to have moved)…
    const soon = await pass('2025-03-19');
    expect(soon.notices.filter((n) => n.entryId === 'tx-hb-149')).toEqual([]);
    expect(soon.problems.filter((p) => p.entryId === 'tx-hb-149')).toEqual([]);
    // …a week after it was last listed, the full listing misses it and its id finds it.
    os.act(tx, { date: '2025-04-01', description: 'Passed', classification: ['passage'] });
    const later = await pass('2025-04-02');
    const notice = later.notices.find((n) => n.entryId === 'tx-hb-149');
    expect(notice).toEqual({
      key: 'openstates:tx/89R/HB149',
      entryId: 'tx-hb-149',
      source: 'openstates',
      label: 'TX HB 149 (89R)',
      kind: 'renumbered',
      text: 'Open States lists it as HB 4 now (it was HB 149); the entry’s tracking reference names the old number',
      url: 'https://openstates.org/tx/bills/89R/HB4/',
      reference: '{ source: openstates, jurisdiction: tx, session: 89R, bill: HB 4 }',
      seenAt: '2025-04-02T06:30:00.000Z',
    });
    expect(later.problems.filter((p) => p.entryId === 'tx-hb-149')).toEqual([]);
    expect(later.changes.find((c) => c.entryId === 'tx-hb-149')?.action.text).toBe('Passed');
    const byId = os.requests.filter((r) => r.path === `/bills/${tx}`);
    expect(byId.at(-1)?.query.getAll('include')).toEqual(['actions', 'other_identifiers']);
    expect(officialActionLines(await statesOfEntry(store, 'tx-hb-149'))).toContain(
      'Renumbered: Open States lists it as HB 4 now (was HB 149)',
    );
    // Next pass: asked by id straight away (no wasted listing under the old number), still reported.
    const asked = os.requests.length;
    const next = await pass('2025-04-03');
    expect(next.notices.find((n) => n.entryId === 'tx-hb-149' && n.kind === 'renumbered')?.seenAt).toBe(
      '2025-04-02T06:30:00.000Z',
    );
    expect(os.requests.slice(asked).filter((r) => r.path === `/bills/${tx}`)).toHaveLength(1);
    // Curators find it in the review queue, dated the day it was first seen, with the reference to use.
    const queue = await reviewQueue({ library, store, today: '2025-04-03' });
    expect(queue.find((f) => f.id === 'tx-hb-149')?.reasons).toContainEqual({
      kind: 'tracking-notice',
      since: '2025-04-02',
      text: 'bill renumbered: Open States TX HB 149 (89R): Open States lists it as HB 4 now (it was HB 149); the entry’s tracking reference names the old number (https://openstates.org/tx/bills/89R/HB4/)',
      suggestion:
        'Change its tracking reference to `{ source: openstates, jurisdiction: tx, session: 89R, bill: HB 4 }`, so tracking follows the bill under its new number.',
    });
    // A curator who then vouches for the entry has answered it.
    await recordReview(store, {
      entryId: 'tx-hb-149',
      decision: 'accurate',
      by: { id: '1', name: 'sam' },
      at: new Date('2025-04-03T10:00:00Z'),
    });
    const after = await reviewQueue({ library, store, today: '2025-04-03' });
    expect(after.find((f) => f.id === 'tx-hb-149')?.reasons ?? []).not.toContainEqual(
      expect.objectContaining({ kind: 'tracking-notice' }),
    );
  });

  it('GIVEN a bill tracked by its Open States id WHEN it is renumbered THEN that pass reports the new number', async () => {
    await pass('2025-03-15');
    os.renumber(TX_ID, 'SB 1', '2025-03-20T12:00:00');
    const report = await pass('2025-03-21');
    expect(
      report.notices.filter((n) => n.entryId === 'tx-by-id').map((n) => [n.kind, n.text, n.reference]),
    ).toEqual([['renumbered', 'Open States lists it as SB 1 now (it was SB 12)', undefined]]);
  });

  it('GIVEN a tracked bill that disappears from Open States WHEN neither its number nor its id finds it THEN it is reported as removed, not as a typo, and no status is proposed', async () => {
    await pass('2025-03-15');
    os.bills.delete(tx);
    const report = await pass('2025-03-30');
    const problem = report.problems.find((p) => p.entryId === 'tx-hb-149');
    expect(problem?.kind).toBe('removed');
    expect(problem?.message).toBe(
      "Open States no longer lists TX HB 149 (89R), under its number or its id (last listed 2025-03-15): withdrawn or taken off the record; check the legislature's site",
    );
    expect(report.notices.find((n) => n.entryId === 'tx-hb-149')?.kind).toBe('removed');
    expect(report.proposals.find((p) => p.entryId === 'tx-hb-149')).toBeUndefined();
    const queue = await reviewQueue({ library, store, today: '2025-03-30' });
    const reason = queue.find((f) => f.id === 'tx-hb-149')?.reasons.find((r) => r.kind === 'tracking-notice');
    expect(reason?.text).toBe(
      "bill no longer in official data: Open States TX HB 149 (89R): Open States no longer lists TX HB 149 (89R), under its number or its id (last listed 2025-03-15): withdrawn or taken off the record; check the legislature's site (https://openstates.org/tx/bills/89R/HB149/)",
    );
    expect(reason?.suggestion).toMatch(/^Open the official page: if the bill goes on under another number/);
    // The curators' digest that morning lists it as having fallen due, with the notice as its reason.
    const curators = await composeDigest(
      { store, library: () => library },
      channelSubscription('2025-03-01T00:00:00Z', {
        channelId: '200000000000000002',
        audience: 'curators',
      }),
      { at: new Date('2025-03-29T09:00:00Z') },
      new Date('2025-03-30T09:00:00Z'),
    );
    expect(curators.messages.flatMap((m) => m.embeds.map((e) => e.description)).join('\n')).toContain(
      '• **Bill tx-hb-149** (`tx-hb-149`): bill no longer in official data: Open States TX HB 149 (89R): Open States no longer lists TX HB 149 (89R)',
    );
    expect(officialActionLines(await statesOfEntry(store, 'tx-hb-149'))).toContain(
      'Open States no longer lists TX HB 149 (89R) (last listed 15 Mar 2025)',
    );
  });

  it('GIVEN a bill never seen WHEN Open States does not have it THEN it stays "not found" (there is no id to look it up by)', async () => {
    os.bills.delete(tx);
    const report = await pass('2025-03-15');
    expect(report.problems.find((p) => p.entryId === 'tx-hb-149')?.kind).toBe('not-found');
  });

  it('GIVEN a bill replaced by the other chamber’s bill and a withdrawn one WHEN a pass runs THEN substitution is its own notice naming the bill to follow (no status proposed) and withdrawal proposes "failed" marked withdrawn', async () => {
    await pass('2025-03-15');
    os.act(ny, {
      date: '2025-05-12',
      description: 'SUBSTITUTED BY S 1234',
      classification: ['substitution'],
    });
    const report = await pass('2025-05-13');
    expect(report.notices.find((n) => n.entryId === 'ny-a-6031')).toMatchObject({
      kind: 'substituted',
      text: 'SUBSTITUTED BY S 1234 (2025-05-12): the bill goes on under the number S 1234; follow that bill instead',
      reference: '{ source: openstates, jurisdiction: ny, session: 2025-2026, bill: S 1234 }',
    });
    expect(report.changes.find((c) => c.entryId === 'ny-a-6031')?.action.stage).toBe('substituted');
    expect(report.proposals.find((p) => p.entryId === 'ny-a-6031')).toBeUndefined();
    const withdrawn = report.proposals.find((p) => p.entryId === 'ny-s-200');
    expect(withdrawn).toMatchObject({
      status: 'failed',
      action: 'withdrawn by sponsor',
      notice: 'withdrawn',
    });
    expect(report.notices.find((n) => n.entryId === 'ny-s-200')?.kind).toBe('withdrawn');
    const queue = await reviewQueue({ library, store, today: '2025-05-13' });
    const reasonsOf = (id: string) =>
      queue.find((f) => f.id === id)?.reasons.filter((r) => r.kind === 'tracking-notice') ?? [];
    expect(reasonsOf('ny-a-6031')).toEqual([
      expect.objectContaining({
        since: '2025-05-13',
        text: 'bill substituted by another: Open States NY A 6031 (2025-2026): SUBSTITUTED BY S 1234 (2025-05-12): the bill goes on under the number S 1234; follow that bill instead (https://openstates.org/ny/bills/2025-2026/A6031/)',
        suggestion:
          "Change its tracking reference to `{ source: openstates, jurisdiction: ny, session: 2025-2026, bill: S 1234 }` (the entry's history goes on under that bill), and say so in the entry.",
      }),
    ]);
    // Withdrawn in March, before tracking first looked: the notice is dated the pass that saw it.
    expect(reasonsOf('ny-s-200')).toEqual([
      expect.objectContaining({
        since: '2025-03-15',
        text: expect.stringMatching(
          /^bill withdrawn: Open States NY S 200 \(2025-2026\): withdrawn by sponsor \(2025-03-03\)/,
        ),
      }),
    ]);
  });

  it('GIVEN a standing notice WHEN the curator gives the entry the new reference THEN the old notice leaves the queue at once and the next pass removes it from the store', async () => {
    await pass('2025-03-15');
    os.renumber(tx, 'HB 4', '2025-03-18T12:00:00');
    await pass('2025-03-30');
    expect((await trackingNotices(store)).map((n) => [n.entryId, n.kind])).toContainEqual([
      'tx-hb-149',
      'renumbered',
    ]);
    const fixed = libraryOf({
      'tx-hb-149': billFile('tx-hb-149', 'US-TX', ['{ source: openstates, session: 89R, bill: HB 4 }']),
    });
    const queue = await reviewQueue({ library: fixed, store, today: '2025-03-30' });
    expect(queue.find((f) => f.id === 'tx-hb-149')?.reasons ?? []).not.toContainEqual(
      expect.objectContaining({ kind: 'tracking-notice' }),
    );
    await passOn('2025-03-31', { library: fixed, store, urls: { openstates: os.url } });
    expect(await trackingNotices(store)).toEqual([]);
  });
});

describe('kb track output', () => {
  it('GIVEN a renumbered bill WHEN kb track runs on a kept store THEN a RENUMBERED line gives the new number and the reference to use', async () => {
    const dir = join(mkdtempSync(join(tmpdir(), 'kb-track-renumber-')), 'knowledge');
    onTestFinished(() => rmSync(join(dir, '..'), { recursive: true, force: true }));
    mkdirSync(join(dir, 'bills'), { recursive: true });
    copyFileSync('knowledge/jurisdictions.yml', join(dir, 'jurisdictions.yml'));
    writeFileSync(
      join(dir, 'bills', 'tx.md'),
      billFile('tx', 'US-TX', ['{ source: openstates, session: 89R, bill: HB 149 }']),
    );
    const env = {
      KNOWLEDGE_DIR: dir,
      STORE_URL: `sqlite://${join(dir, '..', 'store.sqlite')}`,
      ...sourceEnv({ openstates: os.url }),
    };
    const run = async (day: string) => {
      const out: string[] = [];
      await kbTrack(
        [],
        env,
        (l) => out.push(l),
        () => {},
        { now: new Date(`${day}T06:00:00Z`) },
      );
      return out;
    };
    await run('2025-03-15');
    os.renumber(tx, 'HB 4', '2025-03-18T12:00:00');
    const out = await run('2025-03-30');
    expect(out).toContain(
      'RENUMBERED  tx: TX HB 149 (89R): Open States lists it as HB 4 now (it was HB 149); the entry’s tracking reference names the old number; track it as { source: openstates, jurisdiction: tx, session: 89R, bill: HB 4 } https://openstates.org/tx/bills/89R/HB4/',
    );
    // kb stale, reading the same store, lists the entry with the notice and the reference to use.
    const stale: string[] = [];
    await kbStale(
      ['--today', '2025-03-30'],
      env,
      (l) => stale.push(l),
      () => {},
    );
    const text = stale.join('\n');
    expect(text).toContain(
      'bill renumbered: Open States TX HB 149 (89R): Open States lists it as HB 4 now (it was HB 149)',
    );
    expect(text).toContain(
      'Change its tracking reference to `{ source: openstates, jurisdiction: tx, session: 89R, bill: HB 4 }`',
    );
  });
});
