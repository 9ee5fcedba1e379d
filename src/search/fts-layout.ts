import type Database from 'better-sqlite3';
import type { SetCounts } from './bm25-rows.js';
import { CommonTops } from './common-tops.js';
import type { FtsTables } from './fts-store.js';
import { WordSets } from './word-sets.js';

/**
 * The search index's layout table: what the build computed beside the FTS5 index (which entry and passage
 * each row is, the indexed words, the common words' tops, the word sets and BM25 counts), written into the
 * database so that opening a cached file reads them back instead of reading any entry's text.
 */

/**
 * Bump when what a row indexes changes (the columns, the passages, the profiles, the facets): a cached
 * file of another format is never opened.
 */
export const FORMAT = 6;

/** The tables of a database built by buildFtsTables (in memory, from a file, or from its bytes). */
export function openFtsTables(db: Database.Database): FtsTables {
  const read = db.prepare('SELECT value FROM layout WHERE name = ?').pluck();
  const bytes = (name: string) => {
    const blob = read.get(name) as Buffer;
    return blob.buffer.slice(blob.byteOffset, blob.byteOffset + blob.byteLength);
  };
  const sets = (name: string) =>
    WordSets.of(new Uint8Array(bytes(`${name}.bytes`)), new Uint32Array(bytes(`${name}.offsets`)));
  const counts = (name: string, overflow: [number, number][]): SetCounts => ({
    counts: new Uint8Array(bytes(`bm25.${name}.counts`)),
    firsts: new Uint32Array(bytes(`bm25.${name}.firsts`)),
    overflow,
  });
  const overflow = read.get('bm25.overflow') as string | undefined;
  const bm25 = overflow
    ? (() => {
        const { rows, about } = JSON.parse(overflow) as Record<'rows' | 'about', [number, number][]>;
        return {
          rowLength: new Int32Array(bytes('bm25.rowLength')),
          rows: counts('rows', rows),
          about: counts('about', about),
        };
      })()
    : undefined;
  return {
    db,
    docOf: new Int32Array(bytes('docOf')),
    passageOf: new Int32Array(bytes('passageOf')),
    terms: JSON.parse(read.get('terms') as string) as [string, number, string][],
    domain: JSON.parse(read.get('domain') as string) as string[],
    words: JSON.parse(read.get('words') as string) as string[],
    rowWords: sets('rowWords'),
    aboutWords: sets('aboutWords'),
    common: CommonTops.of({
      keys: JSON.parse(read.get('common.keys') as string) as string[],
      offsets: new Uint32Array(bytes('common.offsets')),
      rowids: new Int32Array(bytes('common.rowids')),
      scores: new Float64Array(bytes('common.scores')),
    }),
    bm25,
  };
}

export function writeLayout(tables: FtsTables): void {
  const { db, docOf, passageOf, terms, domain, words, rowWords, aboutWords, common, bm25 } = tables;
  const put = db.prepare('INSERT OR REPLACE INTO layout (name, value) VALUES (?, ?)');
  const bytes = (a: ArrayBufferView) => Buffer.from(a.buffer, a.byteOffset, a.byteLength);
  put.run('format', String(FORMAT));
  put.run('docOf', bytes(docOf));
  put.run('passageOf', bytes(passageOf));
  put.run('terms', JSON.stringify(terms));
  put.run('words', JSON.stringify(words));
  put.run('domain', JSON.stringify(domain));
  const tops = common.parts();
  put.run('common.keys', JSON.stringify(tops.keys));
  put.run('common.offsets', bytes(tops.offsets));
  put.run('common.rowids', bytes(tops.rowids));
  put.run('common.scores', bytes(tops.scores));
  for (const [name, sets] of [
    ['rowWords', rowWords],
    ['aboutWords', aboutWords],
  ] as const) {
    put.run(`${name}.bytes`, bytes(sets.parts().bytes));
    put.run(`${name}.offsets`, bytes(sets.parts().offsets));
  }
  if (bm25) {
    put.run('bm25.rowLength', bytes(bm25.rowLength));
    for (const name of ['rows', 'about'] as const) {
      put.run(`bm25.${name}.counts`, bytes(bm25[name].counts));
      put.run(`bm25.${name}.firsts`, bytes(bm25[name].firsts));
    }
    put.run('bm25.overflow', JSON.stringify({ rows: bm25.rows.overflow, about: bm25.about.overflow }));
  }
}
