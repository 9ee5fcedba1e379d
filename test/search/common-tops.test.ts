import { copyFile, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { writeCorpus } from '../../bench/corpus.js';
import { loadLibrary } from '../../src/kb/load-library.js';
import { Bm25Counts } from '../../src/search/bm25-tops.js';
import { COMMON_TOP, type CommonTops, type RankedRow } from '../../src/search/common-tops.js';
import { entryProfiles } from '../../src/search/entry-profile.js';
import { buildFtsTables, type FtsTables, RANK_SQL } from '../../src/search/fts-store.js';

/** A synthetic base large enough that common words hold more passages than COMMON_TOP rows kept. */
const ENTRIES = 1_500;
const COMMON = 300;

let root: string;
let tables: FtsTables;
let rank: (match: string, limit: number) => RankedRow[];
/** Stem groups of the indexed words with the passages they hold together. */
let groups: { words: string[]; postings: number }[];
let postings: Map<string, number>;
/** What the counts scored of each common word while the synthetic base was built (undefined: left to SQLite). */
let scored: (RankedRow[] | undefined)[];

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'dossier-common-tops-'));
  writeCorpus(root, ENTRIES);
  await copyFile('knowledge/jurisdictions.yml', join(root, 'knowledge', 'jurisdictions.yml'));
  const { library } = await loadLibrary(join(root, 'knowledge'), { today: '2026-11-22' });
  const tops = vi.spyOn(Bm25Counts.prototype, 'tops');
  tables = buildFtsTables(library.docs, entryProfiles(library), COMMON);
  scored = tops.mock.results[0]?.value as (RankedRow[] | undefined)[];
  tops.mockRestore();
  const statement = tables.db.prepare<[string, number], RankedRow>(RANK_SQL);
  rank = (match, limit) => statement.all(match, limit);
  const byStem = new Map<string, { words: string[]; postings: number }>();
  postings = new Map();
  for (const [term, passages, stem] of tables.terms) {
    const group = byStem.get(stem) ?? { words: [], postings: 0 };
    group.words.push(term);
    group.postings += passages;
    byStem.set(stem, group);
    postings.set(term, passages);
  }
  groups = [...byStem.values()];
}, 120_000);

afterAll(async () => {
  tables?.db.close();
  await rm(root, { recursive: true, force: true });
});

const orOf = (words: string[]) =>
  `(${[...words]
    .sort()
    .map((w) => `"${w}"`)
    .join(' OR ')})`;

/** Each common word's kept rows beside what RANK_SQL ranks for its query. */
function keptBesideRanked(common: CommonTops, ranked: (match: string, limit: number) => RankedRow[]) {
  const { keys, offsets, rowids, scores } = common.parts();
  return keys.map((key, i) => {
    const kept: RankedRow[] = [];
    for (let r = offsets[i] as number; r < (offsets[i + 1] as number); r++)
      kept.push({ rowid: rowids[r] as number, score: scores[r] as number });
    return { key, kept, ranked: ranked(key, COMMON_TOP) };
  });
}

describe('common words ranked while the index is built', () => {
  it('GIVEN a synthetic base WHEN its common words are scored from the words counted while indexing THEN every one is, and its rows and scores are exactly what SQLite ranks', () => {
    expect(scored.length).toBeGreaterThan(50);
    expect(scored.every((rows) => rows !== undefined)).toBe(true);
    for (const { key, kept, ranked } of keptBesideRanked(tables.common, rank))
      expect(kept, key).toEqual(ranked);
  });

  it('GIVEN the knowledge base (accents, names, questions, every word ranked) WHEN built THEN every word is scored from the counts, exactly as SQLite ranks it', async () => {
    const { library } = await loadLibrary('knowledge', { today: '2026-11-22' });
    const tops = vi.spyOn(Bm25Counts.prototype, 'tops');
    const built = buildFtsTables(library.docs, entryProfiles(library), 1);
    const counted = tops.mock.results[0]?.value as (RankedRow[] | undefined)[];
    tops.mockRestore();
    expect(counted.length).toBeGreaterThan(1000);
    expect(counted.every((rows) => rows !== undefined)).toBe(true);
    const statement = built.db.prepare<[string, number], RankedRow>(RANK_SQL);
    for (const { key, kept, ranked } of keptBesideRanked(built.common, (m, n) => statement.all(m, n)))
      expect(kept, key).toEqual(ranked);
    built.db.close();
  });
});

describe('two words ranked from the rows kept for common words', () => {
  it('GIVEN an OR of two common words, or of a common word and a rarer one WHEN ranked from the kept rows THEN the rows and scores are exactly what SQLite ranks, or none are given', () => {
    const common = groups.filter((g) => g.postings >= COMMON);
    const rare = groups.filter((g) => g.postings < COMMON && g.postings > 20);
    // Mid-frequency words (as misspellings are corrected to), and the most common, whose kept rows are cut.
    expect(common.filter((g) => g.postings > COMMON_TOP).length).toBeGreaterThan(20);
    let answered = 0;
    for (let i = 0; i < 60; i++) {
      const a = common[(i * 7) % common.length] as (typeof common)[0];
      const b = (
        i % 2 === 0 ? common[(i * 13 + 5) % common.length] : rare[(i * 11) % rare.length]
      ) as (typeof common)[0];
      if (a === b) continue;
      for (const match of [orOf([...a.words, ...b.words]), `${orOf(a.words)} OR ${orOf(b.words)}`]) {
        for (const limit of [10, 60, COMMON_TOP]) {
          const merged = tables.common.union(match, limit, rank, {
            postings: (w) => postings.get(w) ?? 0,
            budget: COMMON,
          });
          if (merged === undefined) continue;
          answered++;
          expect(merged, `${match} ${limit}`).toEqual(rank(match, limit));
        }
      }
    }
    expect(answered).toBeGreaterThan(200);
  });

  it('GIVEN queries the kept rows cannot answer WHEN asked THEN none are given: three words, part of a group, a phrase, an AND, more rows than kept', () => {
    const common = groups.filter((g) => g.postings >= COMMON && g.words.length > 1);
    const [a, b, c] = common as [(typeof common)[0], (typeof common)[0], (typeof common)[0]];
    const ask = (match: string, limit = 10) =>
      tables.common.union(match, limit, rank, { postings: (w) => postings.get(w) ?? 0, budget: COMMON });
    expect(ask(orOf([...a.words, ...b.words]))).toBeDefined();
    expect(ask(orOf([...a.words, ...b.words, ...c.words]))).toBeUndefined();
    expect(ask(orOf([...a.words.slice(1), ...b.words]))).toBeUndefined();
    expect(ask(`${orOf(a.words)} AND ${orOf(b.words)}`)).toBeUndefined();
    expect(ask(`${orOf(a.words)} OR "${b.words[0]} ${c.words[0]}"`)).toBeUndefined();
    expect(ask(orOf([...a.words, ...b.words]), COMMON_TOP + 1)).toBeUndefined();
  });
});
