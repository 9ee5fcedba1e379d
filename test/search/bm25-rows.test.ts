import { copyFile, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { prng, writeCorpus } from '../../bench/corpus.js';
import { loadLibrary } from '../../src/kb/load-library.js';
import { Bm25Rows } from '../../src/search/bm25-rows.js';
import type { RankedRow } from '../../src/search/common-tops.js';
import { entryProfiles } from '../../src/search/entry-profile.js';
import { buildFtsTables, type FtsTables, openFtsTables, RANK_SQL } from '../../src/search/fts-store.js';

/** A synthetic base where words range from a few passages to most of them. */
const ENTRIES = 600;

let root: string;
let built: FtsTables;
let reopened: FtsTables;

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'dossier-bm25-rows-'));
  writeCorpus(root, ENTRIES);
  await copyFile('knowledge/jurisdictions.yml', join(root, 'knowledge', 'jurisdictions.yml'));
  const { library } = await loadLibrary(join(root, 'knowledge'), { today: '2026-11-22' });
  built = buildFtsTables(library.docs, entryProfiles(library));
  reopened = openFtsTables(new Database(built.db.serialize()));
}, 120_000);

afterAll(async () => {
  built?.db.close();
  reopened?.db.close();
  await rm(root, { recursive: true, force: true });
});

function scorer(tables: FtsTables): Bm25Rows {
  const passages = new Map(tables.terms.map(([term, n]) => [term, n]));
  const numberOf = new Map(tables.words.map((w, i) => [w, i]));
  const sets = { rows: tables.rowWords, about: tables.aboutWords, docOf: tables.docOf };
  if (!tables.bm25) throw new Error('no counts kept');
  return new Bm25Rows(tables.bm25, sets, numberOf, (w) => passages.get(w), tables.db);
}

/** ANDs of two or three concepts of one to three words each, rare and common, as matchPlans writes them. */
function queries(tables: FtsTables, count: number): string[] {
  const random = prng(5);
  const words = tables.terms.map(([term]) => term).filter((w) => /^[a-z]+$/.test(w));
  const byPostings = [...tables.terms].sort((a, b) => b[1] - a[1]).map(([term]) => term);
  const pick = () =>
    random() < 0.5
      ? (byPostings[Math.floor(random() * 200)] as string)
      : (words[Math.floor(random() * words.length)] as string);
  const concept = () =>
    `(${Array.from({ length: 1 + Math.floor(random() * 3) }, () => `"${pick()}"`).join(' OR ')})`;
  return Array.from({ length: count }, () =>
    Array.from({ length: 2 + Math.floor(random() * 2) }, concept).join(' AND '),
  );
}

describe('Bm25Rows', () => {
  it('GIVEN ANDs of common and rare words WHEN scored from the kept counts THEN the rows and scores are exactly what SQLite ranks, built or opened from bytes', () => {
    for (const tables of [built, reopened]) {
      const rank = tables.db.prepare<[string, number], RankedRow>(RANK_SQL);
      const rows = scorer(tables);
      let matched = 0;
      for (const match of queries(tables, 300)) {
        for (const limit of [10, 60]) {
          const expected = rank.all(match, limit);
          matched += expected.length;
          expect(rows.rank(match, limit), match).toEqual(expected);
        }
        const facets = `(${match}) AND facets : (xqtypelaw)`;
        expect(rows.rank(match, 60, facets), facets).toEqual(rank.all(facets, 60));
      }
      expect(matched).toBeGreaterThan(1_000);
    }
  });

  it('GIVEN ANDs with phrases of two words WHEN scored THEN the rows and scores are exactly what SQLite ranks', () => {
    const rank = built.db.prepare<[string, number], RankedRow>(RANK_SQL);
    const rows = scorer(built);
    const common = [...built.terms]
      .sort((a, b) => b[1] - a[1])
      .map(([term]) => term)
      .filter((w) => /^[a-z]+$/.test(w))
      .slice(0, 8);
    let phraseRows = 0;
    let matched = 0;
    for (const a of common)
      for (const b of common) {
        if (a === b) continue;
        const phrase = `"${a} ${b}"`;
        phraseRows += rank.all(phrase, -1).length;
        for (const match of [`(${phrase} OR "${a}") AND ("${b}")`, `("${b}") AND (${phrase})`]) {
          const expected = rank.all(match, 60);
          matched += expected.length;
          expect(rows.rank(match, 60), match).toEqual(expected);
        }
      }
    expect(phraseRows).toBeGreaterThan(0);
    expect(matched).toBeGreaterThan(1_000);
  });
});
