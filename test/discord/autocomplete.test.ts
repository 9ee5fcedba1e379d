import { beforeAll, describe, expect, it } from 'vitest';
import { docChoices } from '../../src/discord/autocomplete.js';
import type { Library } from '../../src/kb/library.js';
import { loadLibrary } from '../../src/kb/load-library.js';

let library: Library;
let other: Library;
beforeAll(async () => {
  ({ library } = await loadLibrary('test/fixtures/knowledge', { today: '2026-11-22' }));
  ({ library: other } = await loadLibrary('test/fixtures/knowledge', { today: '2026-11-22' }));
});

describe('docChoices', () => {
  it('GIVEN the same prefix typed twice WHEN choices are asked THEN both get the same list, each its own copy', () => {
    const first = docChoices(library, 'bip', ['law', 'bill']);
    expect(first[0]).toEqual({ name: expect.stringContaining('(law, 2008)'), value: 'illinois-bipa' });
    const expected = first.map((c) => ({ ...c }));
    first.splice(0, first.length, { name: 'changed', value: 'changed' });
    expect(docChoices(library, 'bip', ['law', 'bill'])).toEqual(expected);
  });

  it('GIVEN the same prefix with another type or library WHEN choices are asked THEN each is answered for itself', () => {
    expect(docChoices(library, 'six', 'case').map((c) => c.value)).toEqual(['rosenbach-v-six-flags']);
    expect(docChoices(library, 'six', 'letter')).toEqual([]);
    expect(docChoices(other, 'six', 'case').map((c) => c.value)).toEqual(['rosenbach-v-six-flags']);
    expect(docChoices(library, '', 'case').map((c) => c.value)).toContain('rosenbach-v-six-flags');
  });
});
