import { readFile } from 'node:fs/promises';
import { describe, expect, test } from 'vitest';
import { setChecked } from '../../src/freshness/set-checked.js';
import { parseEntry } from '../../src/kb/parse-entry.js';

/** The text with one line removed, to compare every other byte with the original. */
const without = (text: string, line: string) => text.replace(`${line}\n`, '').replace(`${line}\r\n`, '');

describe('writing checked into front matter', () => {
  test('GIVEN an entry without checked WHEN a check is recorded THEN one line is added after updated: and every other byte is unchanged', async () => {
    const original = await readFile('test/fixtures/knowledge/laws/illinois-bipa.md', 'utf8');
    const next = setChecked(original, '2026-11-29');
    expect(next).toBeDefined();
    expect(next).toMatch(/\nupdated: [\d-]+\nchecked: 2026-11-29\n---\n/);
    expect(without(next ?? '', 'checked: 2026-11-29')).toBe(original);
    const parsed = parseEntry('knowledge/laws/illinois-bipa.md', next ?? '');
    expect(parsed.ok && parsed.data.checked).toBe('2026-11-29');
  });

  test('GIVEN an entry with an older checked, comments and CRLF line endings THEN only the date changes', () => {
    const original = [
      '---',
      'id: x',
      "title: 'Quoted: title'   # a comment",
      'checked: 2025-01-02 # by Sam',
      'added: 2024-01-01',
      '---',
      '',
      'Body with --- and checked: 2020-01-01 in it.',
      '',
    ].join('\r\n');
    const next = setChecked(original, '2026-11-29');
    expect(next).toBe(original.replace('checked: 2025-01-02 # by Sam', 'checked: 2026-11-29 # by Sam'));
  });

  test('GIVEN the file already records that check or a later one THEN nothing is written', () => {
    const text = '---\nid: x\nchecked: 2026-12-01\n---\nBody\n';
    expect(setChecked(text, '2026-11-29')).toBeUndefined();
    expect(setChecked(text, '2026-12-01')).toBeUndefined();
  });

  test('GIVEN updated: is present THEN checked goes after it; a file with no front matter is refused', () => {
    const text = '---\nid: x\nadded: 2024-01-01\nupdated: 2025-01-01\ntags: [a]\n---\n';
    expect(setChecked(text, '2026-11-29')).toBe(
      '---\nid: x\nadded: 2024-01-01\nupdated: 2025-01-01\nchecked: 2026-11-29\ntags: [a]\n---\n',
    );
    expect(() => setChecked('no front matter', '2026-11-29')).toThrow(/front matter not found/);
  });
});
