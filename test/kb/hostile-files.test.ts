import { mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { buildLibrary, loadLibrary } from '../../src/kb/load-library.js';
import { formatProblem } from '../../src/kb/parse-entry.js';

const TODAY = { today: '2026-11-22' };

const good = (id: string) =>
  [
    '---',
    `id: ${id}`,
    'type: event',
    `title: Event ${id}`,
    'date: 2020-01-01',
    'summary: A good entry.',
    'added: 2026-01-01',
    'sources:',
    '  - url: https://example.org/a',
    '    title: A source',
    '---',
    '',
    'Body.',
  ].join('\n');

/** Nine levels of nine aliases: a few hundred bytes that expand to 387,420,489 strings. */
function aliasBomb(): string {
  const levels = ['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h', 'i'];
  const lines = ['---', 'id: bomb', 'type: event', 'title: Bomb'];
  lines.push(`a: &a [${Array(9).fill('"lol"').join(',')}]`);
  for (let i = 1; i < levels.length; i++)
    lines.push(
      `${levels[i]}: &${levels[i]} [${Array(9)
        .fill(`*${levels[i - 1]}`)
        .join(',')}]`,
    );
  lines.push('aliases: *i', '---', '');
  return lines.join('\n');
}

describe('hostile knowledge files', () => {
  it('GIVEN a YAML alias bomb WHEN loaded THEN it is refused as a file:line problem at once, and the other entries load', () => {
    const started = Date.now();
    const report = buildLibrary(
      [
        { path: 'knowledge/events/bomb.md', text: aliasBomb() },
        { path: 'knowledge/events/fine.md', text: good('fine') },
      ],
      TODAY,
    );
    expect(Date.now() - started).toBeLessThan(2_000);
    const messages = report.problems.map(formatProblem);
    expect(messages[0]).toBe(
      'knowledge/events/bomb.md:5: YAML anchor &a is not allowed: knowledge files do not use anchors or aliases',
    );
    expect(messages).toContain(
      'knowledge/events/bomb.md:6: YAML alias *a is not allowed: write the value out (aliases can expand a few lines into billions of values)',
    );
    expect(messages.every((m) => m.startsWith('knowledge/events/bomb.md:'))).toBe(true);
    expect(report.library.docs.map((d) => d.id)).toEqual(['fine']);
  });

  it('GIVEN one harmless anchor and alias WHEN loaded THEN they are still refused, naming the line', () => {
    const text = good('anchored').replace('summary: A good entry.', 'summary: &s A good entry.\nnotes: *s');
    const report = buildLibrary([{ path: 'knowledge/events/anchored.md', text }], TODAY);
    expect(report.problems.map(formatProblem)).toEqual([
      'knowledge/events/anchored.md:6: YAML anchor &s is not allowed: knowledge files do not use anchors or aliases',
      'knowledge/events/anchored.md:7: YAML alias *s is not allowed: write the value out (aliases can expand a few lines into billions of values)',
    ]);
  });

  it('GIVEN an entry or source title holding a Markdown link WHEN loaded THEN it is refused, so no public embed can carry a disguised link', () => {
    const text = good('masked')
      .replace('title: Event masked', 'title: "Event](https://evil.example) [x"')
      .replace('title: A source', 'title: "[Official](https://evil.example)"');
    const report = buildLibrary([{ path: 'knowledge/events/masked.md', text }], TODAY);
    expect(report.problems.map(formatProblem)).toEqual([
      'knowledge/events/masked.md:4: title: must not contain "](" (Markdown link syntax): write the title as plain text',
      'knowledge/events/masked.md:10: sources[0].title: must not contain "](" (Markdown link syntax): write the title as plain text',
    ]);
  });

  it('GIVEN asterisks and ampersands in plain text WHEN loaded THEN they are text, not aliases', () => {
    const text = good('stars').replace(
      'summary: A good entry.',
      'summary: AT&T and *not* an alias, & more - *really*',
    );
    const report = buildLibrary([{ path: 'knowledge/events/stars.md', text }], TODAY);
    expect(report.problems.map(formatProblem)).toEqual([]);
    expect(report.library.get('stars')?.summary).toBe('AT&T and *not* an alias, & more - *really*');
  });
});

describe('files that cannot be entries', () => {
  let dir: string;
  beforeEach(async () => {
    dir = join(await mkdtemp(join(tmpdir(), 'dossier-hostile-')), 'knowledge');
    await mkdir(join(dir, 'events'), { recursive: true });
    await writeFile(join(dir, 'events', 'fine.md'), good('fine'));
  });
  afterEach(async () => {
    await rm(join(dir, '..'), { recursive: true, force: true });
  });

  it('GIVEN a file over the size limit WHEN loaded THEN it is reported with its size and the limit and not read, and the rest load', async () => {
    await writeFile(join(dir, 'events', 'huge.md'), `${good('huge')}\n${'x'.repeat(300 * 1024)}`);
    const report = await loadLibrary(dir, TODAY);
    expect(report.problems.map(formatProblem)).toEqual([
      'knowledge/events/huge.md: is 301 KB, over the 256 KB limit for one entry (KNOWLEDGE_MAX_FILE_BYTES): split it or shorten it',
    ]);
    expect(report.library.docs.map((d) => d.id)).toEqual(['fine']);
    const raised = await loadLibrary(dir, { ...TODAY, maxFileBytes: 400 * 1024 });
    expect(raised.problems).toEqual([]);
  });

  it('GIVEN a symbolic link in the knowledge folder WHEN loaded THEN it is reported and not followed', async () => {
    const outside = join(dir, '..', 'outside.md');
    await writeFile(outside, good('outside'));
    await symlink(outside, join(dir, 'events', 'linked.md'));
    await symlink(join(dir, '..'), join(dir, 'elsewhere'));
    const report = await loadLibrary(dir, TODAY);
    expect(report.problems.map(formatProblem)).toEqual([
      'knowledge/elsewhere: is a symbolic link: links are not followed; put the file itself in the knowledge folder',
      'knowledge/events/linked.md: is a symbolic link: links are not followed; put the file itself in the knowledge folder',
    ]);
    expect(report.library.docs.map((d) => d.id)).toEqual(['fine']);
  });

  it('GIVEN a file with bytes that are not UTF-8 WHEN loaded THEN it is reported at the line of the first bad byte', async () => {
    const [head, tail] = good('latin1').split('A good entry.');
    const text = Buffer.concat([
      Buffer.from(`${head}Caf`),
      Buffer.from([0xe9]), // "é" in Latin-1
      Buffer.from(`.${tail}`),
    ]);
    await writeFile(join(dir, 'events', 'latin1.md'), text);
    const report = await loadLibrary(dir, TODAY);
    expect(report.problems.map(formatProblem)).toEqual([
      'knowledge/events/latin1.md:6: is not valid UTF-8: save the file as UTF-8',
    ]);
  });
});
