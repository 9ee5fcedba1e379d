import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readEntryFiles } from '../../src/kb/read-entry-files.js';

const FILES = 600;
let root: string;
beforeAll(() => {
  root = mkdtempSync(join(tmpdir(), 'dossier-many-files-'));
  for (let i = 0; i < FILES; i++) {
    const folder = join(root, 'knowledge', `group-${i % 7}`);
    mkdirSync(folder, { recursive: true });
    writeFileSync(
      join(folder, `entry-${String(i).padStart(4, '0')}.md`),
      `---\nid: entry-${i}\n---\nText ${i}.\n`,
    );
  }
});
afterAll(() => rmSync(root, { recursive: true, force: true }));

describe('reading many knowledge files', () => {
  it('GIVEN more entry files than the process may have open at once WHEN read THEN every file is read, none reported', () => {
    // A child process allowed 64 open files (Node and the TypeScript loader use a few dozen of them).
    const script = `import { readEntryFiles } from ${JSON.stringify(new URL('../../src/kb/read-entry-files.ts', import.meta.url).href)};
const r = await readEntryFiles(${JSON.stringify(join(root, 'knowledge'))});
console.log(JSON.stringify({ sources: r.sources.length, problems: r.problems.map((p) => p.message).slice(0, 3) }));`;
    const out = execFileSync(
      'sh',
      ['-c', `ulimit -n 64 && exec "${process.execPath}" --import tsx --input-type=module -e "$0"`, script],
      { encoding: 'utf8', timeout: 120_000 },
    );
    expect(JSON.parse(out.trim().split('\n').pop() ?? '{}')).toEqual({ sources: FILES, problems: [] });
  }, 150_000);

  it('GIVEN files read a few at a time WHEN read THEN they come back in path order, whatever the number at once', async () => {
    const dir = join(root, 'knowledge');
    const one = await readEntryFiles(dir, { concurrency: 1 });
    const many = await readEntryFiles(dir, { concurrency: 50 });
    expect(many.sources.map((s) => s.path)).toEqual(one.sources.map((s) => s.path));
    expect(one.sources.map((s) => s.path)).toEqual([...one.sources.map((s) => s.path)].sort());
    expect(one.sources[0]?.text).toBe('---\nid: entry-0\n---\nText 0.\n');
  });
});
