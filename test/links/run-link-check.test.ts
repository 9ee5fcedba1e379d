import { execFile } from 'node:child_process';
import { cp, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { staleEntries } from '../../src/freshness/assess.js';
import { DEFAULT_POLICY } from '../../src/freshness/policy.js';
import { Library } from '../../src/kb/library.js';
import { linkProblemsByEntry } from '../../src/links/link-problems.js';
import { runLinkCheck } from '../../src/links/run-link-check.js';
import { createMemoryStore } from '../../src/store/memory-store.js';
import { makeDoc } from '../freshness/make-doc.js';
import { type LinkServer, startLinkServer } from './link-server.js';

const run = promisify(execFile);
let server: LinkServer;
beforeAll(async () => {
  server = await startLinkServer();
});
afterAll(() => server.close());

const options = (now: string) => ({
  now: () => new Date(now),
  lookup: server.lookup,
  perHostIntervalMs: 0,
  backoffMs: 10,
  timeoutMs: 500,
});

describe('link checks kept in the store', () => {
  test('GIVEN a daily run WHEN a URL was checked less than a week ago THEN it is not checked again; broken and moved links show in kb stale', async () => {
    const library = new Library(
      [
        makeDoc({
          id: 'a-law',
          status_as_of: '2026-11-01',
          sources: [
            { url: server.url('/ok'), title: 'Fine' },
            { url: server.url('/missing'), title: 'Gone missing' },
          ],
        }),
        makeDoc({
          id: 'a-letter',
          type: 'letter',
          sources: [
            { url: server.url('/moved'), title: 'Moved' },
            { url: server.url('/ok'), title: 'Fine' },
          ],
        }),
      ],
      'kb-test',
    );
    const store = createMemoryStore();
    const first = await runLinkCheck(library, store, options('2026-11-29T06:00:00Z'));
    expect([first.checked, first.skipped]).toEqual([3, 0]);
    expect(first.links.find((l) => l.url === server.url('/ok'))?.entries).toEqual(['a-law', 'a-letter']);
    const again = await runLinkCheck(library, store, options('2026-12-05T06:00:00Z'));
    expect([again.checked, again.skipped]).toEqual([0, 3]);
    expect(again.links.every((l) => l.result !== undefined && !l.fresh)).toBe(true);
    const weekLater = await runLinkCheck(library, store, options('2026-12-06T06:00:00Z'));
    expect(weekLater.checked).toBe(3);

    const stale = staleEntries(library, {
      today: '2026-12-06',
      policy: DEFAULT_POLICY,
      links: await linkProblemsByEntry(store, library),
    });
    const law = stale.find((f) => f.id === 'a-law');
    expect(law?.reasons.map((r) => r.text)).toEqual([
      `source link broken (404 Not Found, checked 6 Dec 2026): ${server.url('/missing')}`,
    ]);
    const letter = stale.find((f) => f.id === 'a-letter');
    expect(letter?.reasons[0]).toMatchObject({
      kind: 'moved-link',
      suggestion: `Replace the URL with ${server.url('/ok')}.`,
    });
  });
});

describe('dossier kb links', () => {
  let root: string;
  beforeAll(async () => {
    root = await mkdtemp(join(tmpdir(), 'dossier-links-'));
    await mkdir(join(root, 'knowledge', 'laws'), { recursive: true });
    await cp('test/fixtures/knowledge/jurisdictions.yml', join(root, 'knowledge', 'jurisdictions.yml'));
    const base = `http://127.0.0.1:${server.port}`;
    await writeFile(
      join(root, 'knowledge', 'laws', 'linked-law.md'),
      [
        '---',
        'id: linked-law',
        'type: law',
        'title: A law with sources on the test server',
        'date: 2020-01-01',
        'summary: A law.',
        'jurisdiction: US-IL',
        'status: in-force',
        'status_as_of: 2026-11-01',
        'sources:',
        `  - { url: "${base}/ok", title: Fine }`,
        `  - { url: "${base}/gone", title: Gone }`,
        `  - { url: "${base}/moved", title: Moved }`,
        'added: 2026-11-01',
        '---',
        '',
        'Body.',
        '',
      ].join('\n'),
    );
  });
  afterAll(() => rm(root, { recursive: true, force: true }));

  test('GIVEN sources on a scripted server WHEN kb links runs THEN it prints counts, broken and moved links with their entries, and plain http://', async () => {
    const { stdout } = await run(
      'node_modules/.bin/tsx',
      ['src/cli/main.ts', 'kb', 'links', '--per-host-ms', '0'],
      {
        env: {
          ...process.env,
          KNOWLEDGE_DIR: join(root, 'knowledge'),
          STORE_URL: `sqlite://${join(root, 'store.sqlite')}`,
        },
      },
    );
    const base = `http://127.0.0.1:${server.port}`;
    const lines = stdout.split('\n');
    expect(lines[0]).toBe('kb links: 3 source URLs; 3 checked now, 0 checked within the last 7 days');
    expect(lines[1]).toMatch(
      /^ {2}ok 1, redirected 0, moved 1, broken 1, unreachable 0; plain http:\/\/ 3; [\d.]+ URLs\/s, 0 retries$/,
    );
    expect(stdout).toContain(`BROKEN      ${base}/gone\n            410 Gone · checked `);
    expect(stdout).toContain(`MOVED       ${base}/moved\n            moved permanently to ${base}/ok`);
    expect(stdout).toContain(`HTTP        ${base}/ok (use https:// if the site offers it) · linked-law`);
  });
});
