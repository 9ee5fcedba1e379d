import { buildLibrary } from '../src/kb/load-library.js';
import { createMemoryStore } from '../src/store/memory-store.js';
import { createTrackingSources } from '../src/tracking/create-tracking.js';
import { runTrackingPass } from '../src/tracking/run-tracking-pass.js';
import { startFakeCongress } from '../test/fakes/fake-congress.js';
import { startFakeOpenStates } from '../test/fakes/fake-openstates.js';
import { billFile } from '../test/tracking/tracking-fixtures.js';

/**
 * How many API requests a daily tracking pass makes: `npx tsx bench/track.ts [items] [federal-share]`
 * (default 500 items, a fifth of them federal), against the fake Open States and Congress.gov. State bills
 * are spread over 10 states, one session each. The first pass sees every bill; the second, a day later,
 * finds a tenth of them moved. Wall time at the real rate limits is computed from the request counts.
 */
const total = Number(process.argv[2] ?? 500);
const federalShare = Number(process.argv[3] ?? 0.2);
const STATES = ['tx', 'ca', 'ny', 'il', 'co', 'wa', 'ma', 'md', 'va', 'or'];
const federal = Math.round(total * federalShare);
const state = total - federal;

const os = await startFakeOpenStates({ apiKey: 'k' });
const cg = await startFakeCongress({ apiKey: 'k' });
const files: { path: string; text: string }[] = [];
const osIds: string[] = [];
const cgKeys: string[] = [];
for (let i = 0; i < state; i++) {
  const j = STATES[i % STATES.length] as string;
  const bill = `HB ${1000 + i}`;
  const id = os.addBill({ jurisdiction: j, session: '2025', identifier: bill, title: `Bill ${i}` });
  os.act(id, { date: '2025-02-01', description: 'Introduced', classification: ['introduction'] });
  osIds.push(id);
  files.push({
    path: `knowledge/bills/s${i}.md`,
    text: billFile(`s${i}`, `US-${j.toUpperCase()}`, [
      `{ source: openstates, session: "2025", bill: ${bill} }`,
    ]),
  });
}
for (const j of STATES)
  os.sessions[j] = [
    { identifier: '2025', name: '2025 Regular Session', start_date: '2025-01-01', end_date: '2025-12-31' },
  ];
for (let i = 0; i < federal; i++) {
  const key = cg.addBill({ congress: 119, type: 'hr', number: 1 + i, title: `Federal bill ${i}` });
  cg.act(key, { date: '2025-02-01', text: 'Introduced in House', type: 'IntroReferral' });
  cgKeys.push(key);
  files.push({
    path: `knowledge/bills/f${i}.md`,
    text: billFile(`f${i}`, 'US', [`{ source: congress, congress: 119, type: hr, number: ${1 + i} }`]),
  });
}
const { library, problems } = buildLibrary(files, { today: '2025-06-01' });
if (problems.length) throw new Error(`bench/track: ${problems.length} problems in the synthetic base`);
const store = createMemoryStore();
const settings = {
  openstates: { apiKey: 'k', apiUrl: os.url, minIntervalMs: 0 },
  congress: { apiKey: 'k', apiUrl: cg.url, minIntervalMs: 0 },
  cron: undefined,
};
const sources = createTrackingSources(settings, { store });

const report = async (label: string, now: string) => {
  const osBefore = os.requests.length;
  const cgBefore = cg.requests.length;
  const started = performance.now();
  const r = await runTrackingPass({ library, store, sources, now: new Date(now) });
  const ms = performance.now() - started;
  const osCalls = os.requests.length - osBefore;
  const cgCalls = cg.requests.length - cgBefore;
  // At the published limits: Open States' default tier 10 a minute, Congress.gov 5,000 an hour.
  const wall = Math.max(osCalls * 6, cgCalls * 0.72);
  console.log(
    `${label.padEnd(26)} ${String(r.items).padStart(5)} items  Open States ${String(osCalls).padStart(4)}  Congress.gov ${String(cgCalls).padStart(4)}  total ${String(osCalls + cgCalls).padStart(4)}  changes ${String(r.changes.length).padStart(3)}  problems ${r.problems.length}  (${Math.round(ms)} ms against the fakes; about ${Math.ceil(wall / 60)} min at the real rate limits)`,
  );
};

console.log(
  `Tracking pass: ${total} tracked bills (${state} state bills in ${STATES.length} states, ${federal} federal)`,
);
await report('first pass (all new)', '2025-06-01T06:30:00Z');
await report('next day, nothing moved', '2025-06-02T06:30:00Z');
for (let i = 0; i < osIds.length; i += 10)
  os.act(
    osIds[i] as string,
    { date: '2025-06-02', description: 'Referred to committee', classification: ['referral-committee'] },
    '2025-06-02T12:00:00',
  );
for (let i = 0; i < cgKeys.length; i += 10)
  cg.act(cgKeys[i] as string, {
    date: '2025-06-02',
    text: 'Referred to the Committee on the Judiciary.',
    type: 'IntroReferral',
    source: 'House',
  });
await report('a day when 10% moved', '2025-06-03T06:30:00Z');
await os.stop();
await cg.stop();
