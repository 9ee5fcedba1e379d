import { copyFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { kbTrack } from '../../src/cli/kb-track.js';
import { type FakeOpenStates, startFakeOpenStates } from '../fakes/fake-openstates.js';
import { billFile, sourceEnv } from './tracking-fixtures.js';

let os: FakeOpenStates;
let dir: string;
beforeAll(async () => {
  os = await startFakeOpenStates({ apiKey: 'os-key' });
  const id = os.addBill({ jurisdiction: 'tx', session: '89R', identifier: 'HB 149', title: 'TRAIGA' });
  os.act(id, { date: '2025-03-14', description: 'Filed', classification: ['introduction'] });
  os.act(id, {
    date: '2025-06-22',
    description: 'Effective on 1/1/26',
    classification: ['became-law'],
    chamber: 'executive',
  });
  dir = join(mkdtempSync(join(tmpdir(), 'kb-track-')), 'knowledge');
  mkdirSync(join(dir, 'bills'), { recursive: true });
  copyFileSync('knowledge/jurisdictions.yml', join(dir, 'jurisdictions.yml'));
  writeFileSync(
    join(dir, 'bills', 'tx.md'),
    billFile('tx', 'US-TX', ['{ source: openstates, session: 89R, bill: HB 149 }']),
  );
  writeFileSync(
    join(dir, 'bills', 'us.md'),
    billFile('us', 'US', ['{ source: congress, congress: 119, type: hr, number: 1 }']),
  );
});
afterAll(async () => {
  await os.stop();
  if (dir) rmSync(join(dir, '..'), { recursive: true, force: true });
});

const run = async (args: string[]) => {
  const out: string[] = [];
  const err: string[] = [];
  const code = await kbTrack(
    args,
    {
      KNOWLEDGE_DIR: dir,
      STORE_URL: 'memory://',
      ...sourceEnv({ openstates: os.url }),
    },
    (l) => out.push(l),
    (l) => err.push(l),
    { now: new Date('2025-07-01T06:00:00Z') },
  );
  return { code, out, err };
};

describe('kb track', () => {
  it('GIVEN a key for Open States only WHEN kb track runs THEN it says Congress.gov is off in one line, and proposes the status official data supports', async () => {
    const { code, out } = await run([]);
    expect(code).toBe(0);
    expect(out[0]).toBe('Bill tracking: Open States on; Congress.gov off (no CONGRESS_API_KEY)');
    expect(out[1]).toMatch(
      /^kb track: 1 tracked bill \(1 skipped: Congress.gov off\); Open States 2 requests; 0 changes, 1 status proposal, 0 problems$/,
    );
    expect(out).toContain(
      'PROPOSAL  tx: status proposed → enacted, status_as_of 2025-06-22: Effective on 1/1/26 (Open States TX HB 149 (89R), https://openstates.org/tx/bills/89R/HB149/)',
    );
  });

  it('GIVEN --json --since WHEN kb track runs THEN stdout is only JSON, listing the bills whose latest action is on or after that day', async () => {
    const { out } = await run(['--json', '--since', '2025-06-01']);
    const json = JSON.parse(out.join('\n'));
    expect(json.sources).toEqual({ openstates: 'on', congress: 'off: no CONGRESS_API_KEY' });
    expect(
      json.recent.map((s: { entryId: string; latest: { date: string } }) => [s.entryId, s.latest.date]),
    ).toEqual([['tx', '2025-06-22']]);
  });

  it('GIVEN a bad --since WHEN kb track runs THEN it refuses, naming the option', async () => {
    await expect(run(['--since', 'June'])).rejects.toThrow('--since: expected YYYY-MM-DD, got "June"');
  });
});
