import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Store } from '../../src/store/types.js';
import { createTrackingSources } from '../../src/tracking/create-tracking.js';
import { officialActionLines } from '../../src/tracking/official-line.js';
import { runTrackingPass } from '../../src/tracking/run-tracking-pass.js';
import {
  changesSince,
  statesOfEntry,
  statusProposals,
  trackedStates,
} from '../../src/tracking/tracking-records.js';
import { type FakeCongress, startFakeCongress } from '../fakes/fake-congress.js';
import type { FakeOpenStates } from '../fakes/fake-openstates.js';
import {
  addNyA6031,
  billFile,
  libraryOf,
  noSleep,
  openStatesAndStore,
  passOn,
  SESSIONS,
  settingsFor,
  trackedBills,
} from './tracking-fixtures.js';

const library = libraryOf(trackedBills('tx-hb-149', 'ny-a-6031', 'us-hr-4695'));

let os: FakeOpenStates;
let cg: FakeCongress;
let store: Store;
let tx: string;
const logged: { obj: object; msg: string }[] = [];
const logger = { info: () => {}, warn: (obj: object, msg: string) => logged.push({ obj, msg }) };

beforeEach(async () => {
  ({ os, store } = await openStatesAndStore());
  cg = await startFakeCongress({ apiKey: 'cg-key' });
  logged.length = 0;
  os.sessions.tx = [SESSIONS.tx];
  os.sessions.ny = [SESSIONS.ny];
  tx = os.addBill({
    jurisdiction: 'tx',
    session: '89R',
    identifier: 'HB 149',
    title: 'Texas Responsible AI Governance Act',
  });
  os.act(tx, { date: '2025-03-14', description: 'Filed', classification: ['introduction'] });
  os.act(tx, {
    date: '2025-03-20',
    description: 'Referred to Delivery of Government Efficiency',
    classification: ['referral-committee'],
  });
  addNyA6031(os);
  cg.addBill({ congress: 119, type: 'hr', number: 4695, title: 'Facial Recognition Act of 2025' });
  cg.act('119/hr/4695', {
    date: '2025-07-23',
    text: 'Introduced in House',
    type: 'IntroReferral',
    actionCode: '1000',
  });
  cg.act('119/hr/4695', {
    date: '2025-07-23',
    text: 'Referred to the House Committee on the Judiciary.',
    type: 'IntroReferral',
    source: 'House',
  });
});
afterEach(async () => {
  await os.stop();
  await cg.stop();
});

const pass = (day: string) =>
  passOn(day, { library, store, urls: { openstates: os.url, congress: cg.url }, logger });

describe('tracking bills in official data', () => {
  it('GIVEN a Texas bill moving from committee to signature WHEN a pass runs each day THEN each step is one change with its official link, and signature proposes "enacted"', async () => {
    const first = await pass('2025-03-21');
    expect(first.problems).toEqual([]);
    expect(first.changes).toEqual([]); // the first sighting is a baseline, not news
    expect(first.all.find((s) => s.entryId === 'tx-hb-149')?.stage).toBe('committee');

    os.act(tx, { date: '2025-04-08', description: 'Passed', classification: ['passage'], chamber: 'lower' });
    const second = await pass('2025-04-09');
    expect(second.changes.map((c) => [c.entryId, c.action.text, c.action.stage])).toEqual([
      ['tx-hb-149', 'Passed', 'passed-one-chamber'],
    ]);
    expect(second.changes[0]?.url).toBe('https://openstates.org/tx/bills/89R/HB149/');

    os.act(tx, { date: '2025-05-20', description: 'Passed', classification: ['passage'], chamber: 'upper' });
    expect((await pass('2025-05-21')).changes.map((c) => c.action.stage)).toEqual(['passed-both']);

    os.act(tx, {
      date: '2025-06-20',
      description: 'Signed by the Governor',
      classification: ['executive-signature'],
      chamber: 'executive',
    });
    const signed = await pass('2025-06-21');
    expect(signed.changes.map((c) => [c.action.text, c.action.date, c.action.stage])).toEqual([
      ['Signed by the Governor', '2025-06-20', 'enacted'],
    ]);
    expect(signed.proposals).toEqual([
      expect.objectContaining({
        entryId: 'tx-hb-149',
        from: 'proposed',
        status: 'enacted',
        date: '2025-06-20',
        action: 'Signed by the Governor',
      }),
    ]);
    expect((await statusProposals(store)).map((p) => p.entryId)).toEqual(['tx-hb-149']);
    // The card line, before any curator has touched the entry:
    expect(officialActionLines(await statesOfEntry(store, 'tx-hb-149'))).toBe(
      'Signed by the Governor (20 Jun 2025, Open States) · [TX HB 149 (89R)](https://openstates.org/tx/bills/89R/HB149/)',
    );
    // Digests read the changes seen since their previous post.
    const seen = await changesSince(store, '2025-04-01T00:00:00Z', '2025-06-22T00:00:00Z');
    expect(seen.map((c) => c.action.stage)).toEqual(['passed-one-chamber', 'passed-both', 'enacted']);
  });

  it('GIVEN a New York bill still in committee WHEN its session ends THEN the pass says it died and proposes "failed"', async () => {
    await pass('2026-05-01');
    const after = await pass('2026-07-01');
    const change = after.changes.find((c) => c.entryId === 'ny-a-6031');
    expect(change?.action).toEqual({ date: '2026-06-05', text: 'died when 2025-2026 ended', stage: 'died' });
    expect(after.proposals.find((p) => p.entryId === 'ny-a-6031')).toMatchObject({
      status: 'failed',
      date: '2026-06-05',
    });
    expect(officialActionLines(await statesOfEntry(store, 'ny-a-6031'))).toContain(
      'Died: 2025-2026 ended on 5 Jun 2026 without it becoming law',
    );
  });

  it('GIVEN a federal bill WHEN it has not changed since the last pass THEN its actions are not fetched again', async () => {
    await pass('2025-08-01');
    const before = cg.requests.length;
    const again = await pass('2025-08-02');
    expect(cg.requests.slice(before).map((r) => r.path)).toEqual(['/bill/119/hr/4695']);
    expect(again.changes).toEqual([]);
    cg.act('119/hr/4695', {
      date: '2025-09-10',
      text: 'Referred to the Subcommittee on Crime and Federal Government Surveillance.',
      type: 'Committee',
      source: 'House',
    });
    const moved = await pass('2025-09-11');
    expect(moved.changes.map((c) => c.action.text)).toEqual([
      'Referred to the Subcommittee on Crime and Federal Government Surveillance.',
    ]);
    expect(cg.requests.slice(-2).map((r) => r.path)).toEqual([
      '/bill/119/hr/4695',
      '/bill/119/hr/4695/actions',
    ]);
  });

  it('GIVEN the APIs answer 429 twice WHEN a pass runs THEN it waits and retries, and every bill is still read', async () => {
    os.rateLimit(2, 0);
    cg.rateLimit(1);
    const report = await pass('2025-04-01');
    expect(report.problems).toEqual([]);
    expect(report.all.every((s) => s.latest)).toBe(true);
    expect(os.requests.filter((r) => r.status === 429)).toHaveLength(2);
    expect(cg.requests.filter((r) => r.status === 429)).toHaveLength(1);
  });

  it('GIVEN Open States is down WHEN a pass runs THEN nothing learnt is lost and the card says when the source was last heard', async () => {
    await pass('2025-03-21');
    os.down = true;
    const report = await pass('2025-03-22');
    expect(
      report.problems
        .filter((p) => p.kind === 'unavailable')
        .map((p) => p.entryId)
        .sort(),
    ).toEqual(['ny-a-6031', 'tx-hb-149']);
    const [state] = await statesOfEntry(store, 'tx-hb-149');
    expect(state?.latest?.text).toBe('Referred to Delivery of Government Efficiency');
    expect(officialActionLines(state ? [state] : [])).toContain(
      'Open States did not answer on 22 Mar 2025; last heard 21 Mar 2025',
    );
    // Congress.gov answered meanwhile.
    expect(report.problems.some((p) => p.entryId === 'us-hr-4695')).toBe(false);
  });

  it('GIVEN a malformed answer WHEN a pass runs THEN it is rejected with a logged reason and nothing is recorded for that bill', async () => {
    cg.malformed(1);
    const report = await pass('2025-08-01');
    expect(report.problems).toEqual([expect.objectContaining({ entryId: 'us-hr-4695', kind: 'malformed' })]);
    expect(report.problems[0]?.message).toMatch(
      /Congress\.gov: \/bill\/119\/hr\/4695: the response does not have the published shape: .*updateDate/,
    );
    expect((await trackedStates(store)).has('congress:119/hr/4695')).toBe(false);
    expect(logged).toEqual([expect.objectContaining({ msg: 'tracking: response rejected' })]);
  });

  it('GIVEN a tracking reference to a bill Open States does not know WHEN a pass runs THEN it is reported as not found, and the card says so', async () => {
    const lib = libraryOf({
      ghost: billFile('ghost', 'US-TX', ['{ source: openstates, session: 89R, bill: HB 9999 }']),
    });
    const sources = createTrackingSources(settingsFor({ openstates: os.url }), { store, sleep: noSleep });
    const report = await runTrackingPass({
      library: lib,
      store,
      sources,
      now: new Date('2025-04-01T00:00:00Z'),
    });
    expect(report.problems).toEqual([
      expect.objectContaining({
        kind: 'not-found',
        message: expect.stringContaining('Open States has no HB 9999 in TX session 89R'),
      }),
    ]);
    expect(officialActionLines(await statesOfEntry(store, 'ghost'))).toBe(
      'Open States has no record of TX HB 9999 (89R)',
    );
  });

  it('GIVEN a bill renumbered at Open States WHEN a pass runs THEN it is reported as not found under its old number, naming renumbering as a cause', async () => {
    os.bills.get(tx)!.identifier = 'HB 150';
    os.bills.get(tx)!.otherIdentifiers = ['HB 149'];
    const report = await pass('2025-04-01');
    expect(report.problems.find((p) => p.entryId === 'tx-hb-149')).toMatchObject({
      kind: 'not-found',
      message: expect.stringContaining('renumbered or withdrawn'),
    });
  });

  it('GIVEN a bill followed by its ocd-bill id WHEN a pass runs THEN it is fetched by id with its actions', async () => {
    const lib = libraryOf({ byid: billFile('byid', 'US-TX', [`{ source: openstates, id: ${tx} }`]) });
    const sources = createTrackingSources(settingsFor({ openstates: os.url }), { store, sleep: noSleep });
    const report = await runTrackingPass({
      library: lib,
      store,
      sources,
      now: new Date('2025-04-01T00:00:00Z'),
    });
    expect(report.all[0]?.latest?.text).toBe('Referred to Delivery of Government Efficiency');
    expect(os.requests.map((r) => r.path)).toEqual([`/bills/${tx}`, '/jurisdictions/tx']);
  });

  it('GIVEN a key for only one source WHEN a pass runs THEN the other source is skipped and said to be off', async () => {
    const sources = createTrackingSources(settingsFor({ congress: cg.url }), { store, sleep: noSleep });
    const report = await runTrackingPass({ library, store, sources, now: new Date('2025-08-01T00:00:00Z') });
    expect(report.items).toBe(1);
    expect(report.skipped).toEqual([{ source: 'openstates', items: 2 }]);
    expect(os.requests).toEqual([]);
  });

  it('GIVEN two bills of one session WHEN a pass runs THEN Open States is asked once for both, and later only for what was updated', async () => {
    const two = libraryOf({
      a: billFile('a', 'US-TX', ['{ source: openstates, session: 89R, bill: HB 149 }']),
      b: billFile('b', 'US-TX', ['{ source: openstates, session: 89R, bill: SB 1 }']),
    });
    const sb1 = os.addBill({
      jurisdiction: 'tx',
      session: '89R',
      identifier: 'SB 1',
      title: 'General Appropriations',
    });
    os.act(sb1, {
      date: '2025-01-20',
      description: 'Filed',
      classification: ['introduction'],
      chamber: 'upper',
    });
    const sources = createTrackingSources(settingsFor({ openstates: os.url }), { store, sleep: noSleep });
    const first = await runTrackingPass({
      library: two,
      store,
      sources,
      now: new Date('2025-03-21T06:00:00Z'),
    });
    const bills = os.requests.filter((r) => r.path === '/bills');
    expect(bills).toHaveLength(1);
    expect(bills[0]?.query.getAll('identifier')).toEqual(['HB 149', 'SB 1']);
    expect(first.calls.openstates).toBe(2); // the bills, and the session dates once
    os.act(sb1, {
      date: '2025-03-25',
      description: 'Referred to Finance',
      classification: ['referral-committee'],
      chamber: 'upper',
    });
    const second = await runTrackingPass({
      library: two,
      store,
      sources,
      now: new Date('2025-03-26T06:00:00Z'),
    });
    expect(os.requests.at(-1)?.query.get('updated_since')).toBe('2025-03-21T06:00:00');
    expect(second.changes.map((c) => c.entryId)).toEqual(['b']);
    expect(second.calls.openstates).toBe(1); // session dates come from the store for a week
  });
});
