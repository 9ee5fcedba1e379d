import { execFile } from 'node:child_process';
import { cp, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { kbCheck } from '../../src/cli/kb-check.js';
import { parsePolicy } from '../../src/freshness/policy.js';
import { parsePlaces } from '../../src/kb/places.js';
import { recordReview } from '../../src/freshness/reviews.js';
import { formatProblem } from '../../src/kb/parse-entry.js';
import { createStore } from '../../src/store/create-store.js';

const run = promisify(execFile);
let root: string;
let dir: string;

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'dossier-stale-'));
  dir = join(root, 'knowledge');
  await cp('test/fixtures/knowledge', dir, { recursive: true });
});
afterAll(() => rm(root, { recursive: true, force: true }));

async function cli(args: string[], env: Record<string, string> = {}) {
  return run('node_modules/.bin/tsx', ['src/cli/main.ts', ...args], {
    env: { ...process.env, KNOWLEDGE_DIR: dir, STORE_URL: 'memory://', ...env },
  }).then(
    (r) => ({ code: 0, ...r }),
    (e: { code: number; stdout: string; stderr: string }) => ({
      code: e.code,
      stdout: e.stdout,
      stderr: e.stderr,
    }),
  );
}

describe('knowledge/policy.yml', () => {
  it('GIVEN a valid policy THEN types and tags get their intervals and the rest keep the defaults', () => {
    const { policy, problems } = parsePolicy(
      'knowledge/policy.yml',
      'fresh_for_days:\n  law: 90\ntags:\n  moratorium: 30\n',
    );
    expect(problems).toEqual([]);
    expect(policy.freshForDays).toMatchObject({ law: 90, bill: 120, case: 180, statement: 365, letter: 730 });
    expect(policy.tags).toEqual({ moratorium: 30 });
  });

  it('GIVEN mistakes in the policy THEN each is reported with file, line, field and what was expected', () => {
    const text = [
      'fresh_for_days:',
      '  law: 120',
      '  statute: 90',
      'tags:',
      '  moratorium: -3',
      'sessions:',
      '  US-XX:',
      '    - name: 99th General Assembly',
      '      start: 2015-01-14',
      '      end: 2017-13-10',
      'review_every: 3',
    ].join('\n');
    const places = parsePlaces('knowledge/jurisdictions.yml', 'US: United States\nUS-IL: Illinois\n').places;
    const messages = parsePolicy('knowledge/policy.yml', text, places).problems.map(formatProblem);
    expect(messages).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^knowledge\/policy\.yml:3: fresh_for_days.*statute/),
        'knowledge/policy.yml:5: tags.moratorium: expected a whole number of days from 1 to 3650, got -3',
        expect.stringMatching(/^knowledge\/policy\.yml:7: sessions.*US-XX/),
        'knowledge/policy.yml:11: unknown key "review_every"',
      ]),
    );
    expect(parsePolicy('knowledge/policy.yml', 'tags: [oops').problems[0]).toMatchObject({ line: 1 });
  });

  it('GIVEN a broken policy.yml WHEN kb check runs THEN it fails naming the line', async () => {
    const broken = await mkdtemp(join(tmpdir(), 'dossier-policy-'));
    const kb = join(broken, 'knowledge');
    await cp('test/fixtures/knowledge', kb, { recursive: true });
    await writeFile(join(kb, 'policy.yml'), 'fresh_for_days:\n  law: zero\n');
    const lines: string[] = [];
    expect(await kbCheck(kb, (l) => lines.push(l), '2026-11-29')).toBe(1);
    expect(lines[0]).toBe('knowledge/policy.yml:2: fresh_for_days.law: expected number, got "zero"');
    await rm(broken, { recursive: true, force: true });
  });
});

describe('kb check warnings', () => {
  it('GIVEN a federal bill still proposed after its Congress ended WHEN kb check runs THEN it warns at the status line and still passes', async () => {
    const lines: string[] = [];
    expect(await kbCheck(dir, (l) => lines.push(l), '2026-11-29')).toBe(0);
    expect(lines).toContain(
      'knowledge/bills/facial-recognition-moratorium-act.md:11: status: warning: still "proposed" (as of 7 Mar 2023) but the 118th Congress ended on 3 Jan 2025. Bills die when their session ends: set status: failed (or record the reintroduction and its new status_as_of).',
    );
    expect(lines.at(-1)).toMatch(/no problems; \d+ warnings? \(review them: npm run dossier -- kb stale\)$/);
  });
});

describe('dossier kb stale', () => {
  it('GIVEN the fixture base on 29 Nov 2026 WHEN kb stale runs THEN contradictions come first, each with reasons and a suggestion, and it exits 0 with a count', async () => {
    const { code, stdout } = await cli(['kb', 'stale', '--today', '2026-11-29']);
    expect(code).toBe(0);
    const lines = stdout.split('\n');
    expect(lines[0]).toMatch(/^kb stale 2026-11-29: \d+ entries due for review$/);
    expect(lines[1]).toBe(
      '1. facial-recognition-moratorium-act (bill): overdue since 5 Jul 2023 (1243 days)',
    );
    expect(stdout).toContain(
      '   - still "proposed" (as of 7 Mar 2023) but the 118th Congress ended on 3 Jan 2025',
    );
    expect(stdout).toContain('   → Bills die when their session ends');
  });

  it('GIVEN --json --type and --within THEN tools get the entries with their reasons, filtered', async () => {
    const { code, stdout } = await cli([
      'kb',
      'stale',
      '--json',
      '--type',
      'law',
      '--within',
      '30d',
      '--today',
      '2026-11-29',
    ]);
    expect(code).toBe(0);
    const report = JSON.parse(stdout) as {
      today: string;
      count: number;
      entries: { id: string; type: string; reasons: { kind: string }[] }[];
    };
    expect(report.today).toBe('2026-11-29');
    expect(report.count).toBe(report.entries.length);
    expect(report.entries.every((e) => e.type === 'law')).toBe(true);
    expect(report.entries.map((e) => e.id)).toContain('illinois-bipa');
  });

  it('GIVEN a curator marked the bill still accurate in the store THEN kb stale no longer lists it', async () => {
    const storeDir = await mkdtemp(join(tmpdir(), 'dossier-stale-store-'));
    const url = `sqlite://${join(storeDir, 'store.sqlite')}`;
    const store = await createStore(url);
    await recordReview(store, {
      entryId: 'facial-recognition-moratorium-act',
      decision: 'accurate',
      by: { id: '1', name: 'curator' },
      at: new Date('2026-11-28T10:00:00Z'),
    });
    await store.close();
    const { stdout } = await cli(['kb', 'stale', '--json', '--today', '2026-11-29'], { STORE_URL: url });
    const ids = (JSON.parse(stdout) as { entries: { id: string }[] }).entries.map((e) => e.id);
    expect(ids).not.toContain('facial-recognition-moratorium-act');
    await rm(storeDir, { recursive: true, force: true });
  });

  it('GIVEN a bad option THEN it says what was expected and exits 2', async () => {
    const { code, stderr } = await cli(['kb', 'stale', '--within', 'soon']);
    expect(code).toBe(2);
    expect(stderr).toContain('--within: expected a number of days like 30d or 2w, got "soon"');
  });
});
