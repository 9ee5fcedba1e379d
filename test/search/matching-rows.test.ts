import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { prng, writeCorpus } from '../../bench/corpus.js';
import { loadLibrary } from '../../src/kb/load-library.js';
import { entryProfiles } from '../../src/search/entry-profile.js';
import { buildFtsTables, type FtsTables } from '../../src/search/fts-store.js';
import { MatchingRows } from '../../src/search/matching-rows.js';

/** A synthetic base where words range from a few passages to most of them. */
const ENTRIES = 600;

let root: string;
let tables: FtsTables;

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'dossier-matching-rows-'));
  writeCorpus(root, ENTRIES);
  const { library } = await loadLibrary(join(root, 'knowledge'), { today: '2026-11-22' });
  tables = buildFtsTables(library.docs, entryProfiles(library));
}, 120_000);

afterAll(async () => {
  tables?.db.close();
  await rm(root, { recursive: true, force: true });
});

/** ANDs of two or three concepts of one to three words or phrases, rare and common, as matchPlans writes them. */
function queries(count: number): string[] {
  const random = prng(9);
  const words = tables.terms.map(([term]) => term).filter((w) => /^[a-z]+$/.test(w));
  const common = [...tables.terms].sort((a, b) => b[1] - a[1]).map(([term]) => term);
  const pick = () =>
    random() < 0.6
      ? (common[Math.floor(random() * 40)] as string)
      : (words[Math.floor(random() * words.length)] as string);
  const phrase = () => (random() < 0.15 ? `${pick()} ${pick()}` : pick());
  const concept = () =>
    `(${Array.from({ length: 1 + Math.floor(random() * 3) }, () => `"${phrase()}"`).join(' OR ')})`;
  return Array.from({ length: count }, () =>
    Array.from({ length: 2 + Math.floor(random() * 2) }, concept).join(' AND '),
  );
}

describe('MatchingRows', () => {
  it('GIVEN ANDs of concepts, some of whose rows are kept WHEN asked which rows match THEN they are exactly the rows SQLite matches, in its order', () => {
    const matching = tables.db
      .prepare<[string], number>('SELECT rowid FROM passages WHERE passages MATCH ?')
      .pluck();
    const passages = new Map(tables.terms.map(([term, n]) => [term, n]));
    // Concepts of a few hundred passages kept, in a budget that keeps only some of them at a time.
    const rows = new MatchingRows(tables.db, (w) => passages.get(w), { keptFrom: 300, rowsKept: 20_000 });
    const asked = queries(300);
    let matched = 0;
    for (const query of [...asked, ...asked]) {
      const expected = matching.all(query);
      matched += expected.length;
      expect(rows.all(query), query).toEqual(expected);
    }
    expect(rows.concepts).toBeGreaterThan(1);
    expect(matched).toBeGreaterThan(10_000);
    for (const query of [
      '("privacy")',
      `(${asked[0]}) AND facets : (xqtypelaw)`,
      '("x AND y") AND ("privacy")',
    ])
      expect(rows.all(query), query).toEqual(matching.all(query));
  });
});
