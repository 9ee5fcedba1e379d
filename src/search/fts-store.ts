import { createHash } from 'node:crypto';
import { mkdirSync, readdirSync, renameSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { threadId } from 'node:worker_threads';
import Database from 'better-sqlite3';
import { openPrivateFile } from '../kb/private-file.js';
import type { Doc } from '../kb/schema.js';
import type { Bm25Parts } from './bm25-rows.js';
import { Bm25Counts } from './bm25-tops.js';
import { COMMON_TOP, CommonTops } from './common-tops.js';
import { baseDomainWords, type EntryProfile } from './entry-profile.js';
import { facetTokens } from './filters.js';
import { BuildWorker } from './fts-build-process.js';
import { indexedWords, type PassageRows, RowInserter } from './fts-rows.js';
import { stemsOf, type Terms, termsOf } from './fts-terms.js';
import { FORMAT, openFtsTables, writeLayout } from './fts-layout.js';
import { forBuilding, forReading, isFileError, privateDatabase } from './index-file.js';
import { splitPassages } from './passages.js';
import { WordNumbers } from './word-numbers.js';
import { type WordSets, WordSetsBuilder } from './word-sets.js';

export type { RankedRow } from './common-tops.js';
export { openFtsTables } from './fts-layout.js';

/**
 * The FTS5 database behind the search index: building it from the entries, and keeping it in a file
 * named after what it was built from, so a restart or another shard process opens it instead of
 * building it again. The database holds, besides the passages' index, which entry and passage each row
 * is and the indexed words with their passage counts, so opening it reads no entry text.
 */

/**
 * BM25 column weights: title, names (aliases, jurisdiction, organisation), asked (the questions members
 * ask about the entry, and its tags), heading, summary, body, and facets (filter tokens, never scored).
 */
const WEIGHTS = [5, 5, 2, 1.5, 2, 1, 0] as const;
/** The passages an FTS5 query matches, best first, as search ranks them (then reranks). */
export const RANK_SQL = `SELECT rowid, bm25(passages, ${WEIGHTS.join(', ')}) AS score FROM passages WHERE passages MATCH ? ORDER BY score, rowid LIMIT ?`;

/**
 * A word whose inflections this many passages hold is scored once, when the index is built, for the
 * question that is that word alone (see CommonTops): BM25 costs 0.5 to 1.5 microseconds a passage on this
 * machine (more in a larger base), so a thousand passages are about a millisecond, the most of a search;
 * and single words are what members type most ("privacy"), misspelt or not.
 */
const COMMON_POSTINGS = 1_000;

/** How much of a cached file is mapped into memory while its layout is read (see tryOpen). */
const LAYOUT_MAP_BYTES = 1 << 30;

/** Rows by rowid - 1: the entry (its position in the library) and the passage (its index in the entry). */
export interface FtsTables {
  db: Database.Database;
  docOf: Int32Array;
  passageOf: Int32Array;
  /** Indexed words (facet tokens left out) with how many passages hold each, and each one's stem. */
  terms: [term: string, passages: number, stem: string][];
  /** The words of the entries' names, questions and tags (see baseDomainWords). */
  domain: string[];
  /**
   * The words of each row's heading and text (`rowWords`, by rowid - 1) and of each entry's profile
   * (`aboutWords`, by entry), numbered by their position in `words`: what the rerank matches a question's
   * words against without reading the passage.
   */
  words: string[];
  rowWords: WordSets;
  aboutWords: WordSets;
  /** RANK_SQL's answer for the most common words' concepts (see CommonTops). */
  common: CommonTops;
  /** The rows' lengths and word counts, to score rows with BM25 (see Bm25Rows); none when not FTS5's. */
  bm25: Bm25Parts | undefined;
}

/**
 * The tables but the database and the common words' rows: what a build's caller can make its own tables
 * of while a child process merges the index (see buildFtsTables's `whileMerging`).
 */
export type EarlyTables = Omit<FtsTables, 'db' | 'common' | 'bm25'>;

/**
 * The tables counted while the rows were made, without the index's words: what a build's caller can make
 * its own tables of while a child process commits the rows and reads their words back (see
 * buildFtsTables's `whileCommitting`).
 */
export type CountedTables = Omit<EarlyTables, 'terms'>;

/**
 * Entries at which the FTS5 inserts run in a child process beside the word counting (see
 * fts-build-process.ts): starting it costs a tenth to a third of a second, more than it saves on a
 * smaller base.
 */
const THREADED_ENTRIES = 2_000;

/**
 * Builds the index of every passage of `docs` in a file of the process's own (see index-file.ts), or in
 * memory where none can be made or the disk cannot take it; words whose inflections at least
 * `commonPostings` passages hold are ranked alone once (see COMMON_POSTINGS). With `threads` (by default
 * from THREADED_ENTRIES entries) the FTS5 inserts run in a child process, the file then made in a folder
 * of the process's own and removed from it once built; the index is the same. The build then gives its
 * caller what it has while it waits for the child: `whileCommitting` the tables counted, while the child
 * commits the rows and reads their words; `whileMerging` the tables but the database, while it merges
 * the index.
 */
export function buildFtsTables(
  docs: readonly Doc[],
  profiles: readonly EntryProfile[],
  commonPostings = COMMON_POSTINGS,
  threads = docs.length >= THREADED_ENTRIES,
  waits: BuildWaits = {},
): FtsTables {
  if (threads) {
    const built = openPrivateFile(
      'dossier-index-',
      'index.sqlite',
      (file) => fillTables(file, docs, profiles, commonPostings, true, waits),
      (tables) => tables.db.close(),
    );
    if (built) return built;
  }
  const db = privateDatabase();
  try {
    return fillTables(db, docs, profiles, commonPostings);
  } catch (error) {
    db.close();
    if (db.memory || !isFileError(error)) throw error;
    return fillTables(forBuilding(new Database(':memory:')), docs, profiles, commonPostings);
  }
}

/** What a build gives its caller while it waits for its child process (see buildFtsTables). */
export interface BuildWaits {
  whileMerging?: ((tables: EarlyTables) => void) | undefined;
  whileCommitting?: ((tables: CountedTables) => void) | undefined;
}

/** The words counted while the rows were made (see countRows). */
interface Counted {
  docOf: Int32Array;
  passageOf: Int32Array;
  numbers: WordNumbers;
  counts: Bm25Counts;
  rowWords: WordSets;
  aboutWords: WordSets;
}

/**
 * Builds the index in `into`, a database new and set for building, or a new file, whose rows a child
 * process inserts with `threads` (the file is then built here where no child can be started or the child
 * fails); leaves the database set for searching. A database passed in is the caller's to close on error.
 */
function fillTables(
  into: Database.Database | string,
  docs: readonly Doc[],
  profiles: readonly EntryProfile[],
  commonPostings: number,
  threads = false,
  { whileMerging, whileCommitting }: BuildWaits = {},
): FtsTables {
  const worker = typeof into === 'string' && threads ? BuildWorker.start(into) : undefined;
  const inserter = worker
    ? undefined
    : new RowInserter(typeof into === 'string' ? forBuilding(new Database(into)) : into);
  let db: Database.Database | undefined;
  try {
    const counted = countRows(docs, profiles, worker ?? (inserter as RowInserter));
    const domain = baseDomainWords(docs, profiles);
    let terms: Terms | undefined;
    if (inserter) {
      inserter.commit();
      db = inserter.optimize();
    } else {
      // The last rows sent, this process makes what it can of the tables counted, and stems the words it
      // counted, while the child commits them and reads their words back; the words are grouped here while
      // the child merges the index.
      (worker as BuildWorker).end();
      whileCommitting?.(countedTables(counted, domain));
      const stemOf = stemsOf(counted.numbers);
      const words = (worker as BuildWorker).words();
      terms = words && termsOf(words, commonPostings, stemOf);
      if (terms) whileMerging?.(earlyTables(counted, domain, terms));
      if (terms && (worker as BuildWorker).built())
        db = forBuilding(new Database(into as string, { fileMustExist: true }));
      else {
        // The child could not build it: the rows are made again and inserted here (their counts are kept;
        // the words it sent, if any, are the words of the same rows).
        rmSync(into as string, { force: true });
        const again = new RowInserter(forBuilding(new Database(into as string)));
        db = again.db;
        countRows(docs, profiles, again);
        again.commit();
        again.optimize();
      }
    }
    return finishTables(db, counted, domain, terms ?? termsOf(indexedWords(db), commonPostings));
  } catch (error) {
    worker?.stop();
    if (typeof into === 'string') (db ?? inserter?.db)?.close();
    throw error;
  }
}

/** Makes every passage's row, in `rows`, counting its words and its entry's as it goes. */
function countRows(docs: readonly Doc[], profiles: readonly EntryProfile[], rows: PassageRows): Counted {
  const docOf: number[] = [];
  const passageOf: number[] = [];
  const numbers = new WordNumbers();
  const counts = new Bm25Counts();
  const rowWords = new WordSetsBuilder();
  const aboutWords = new WordSetsBuilder();
  docs.forEach((doc, d) => {
    const profile = profiles[d] as EntryProfile;
    const facets = facetTokens(doc);
    aboutWords.addSorted(counts.doc(numbers, doc.title, profile.names, profile.asked, facets));
    rows.entry(doc.title, profile.names, profile.asked, facets);
    for (const p of splitPassages(doc)) {
      docOf.push(d);
      passageOf.push(p.index);
      const isSummary = p.index === 0;
      rowWords.addSorted(counts.row(numbers, d, p.heading, p.text, isSummary));
      rows.row(isSummary ? '' : p.heading, isSummary ? p.text : '', isSummary ? '' : p.text);
    }
  });
  return {
    docOf: Int32Array.from(docOf),
    passageOf: Int32Array.from(passageOf),
    numbers,
    counts,
    rowWords: rowWords.build(),
    aboutWords: aboutWords.build(),
  };
}

/** The tables of a database whose rows are in and merged: its common words' rows and its layout. */
function finishTables(
  db: Database.Database,
  counted: Counted,
  domain: string[],
  { terms, common }: Terms,
): FtsTables {
  const { docOf, numbers, counts, rowWords, aboutWords } = counted;
  const sets = { rows: rowWords, about: aboutWords, docOf };
  const tables = {
    ...earlyTables(counted, domain, { terms, common }),
    common: CommonTops.build(
      db.prepare(RANK_SQL),
      common,
      counts.tops(db, common, numbers, sets, COMMON_TOP),
    ),
    bm25: counts.parts(db),
    db,
  };
  writeLayout(tables);
  forReading(db);
  return tables;
}

function countedTables(counted: Counted, domain: string[]): CountedTables {
  const { docOf, passageOf, numbers, rowWords, aboutWords } = counted;
  return { domain, docOf, passageOf, words: numbers.words, rowWords, aboutWords };
}

function earlyTables(counted: Counted, domain: string[], { terms }: Terms): EarlyTables {
  return { ...countedTables(counted, domain), terms };
}

/** The cached file's name: the format, the knowledge base's version and the entries served, in order. */
export function cacheFileName(version: string, docs: readonly Doc[]): string {
  const hash = createHash('sha256').update(`${FORMAT}\n${version}\n`);
  for (const d of docs) hash.update(`${d.id}\n`);
  return `search-${version}-${hash.digest('hex').slice(0, 16)}.sqlite`;
}

/**
 * The tables for `docs` from `dir` when a file built from the same entries is there; otherwise built
 * there (in a temporary file, renamed when complete, so no process opens a part-built index) for the next
 * process. The file is opened read-only and read through SQLite's small cache of pages (see
 * index-file.ts), so its pages sit in the system's file cache, shared by every process of the machine
 * that opens it. A folder that cannot take the file only costs the build.
 */
export function cachedFtsTables(
  dir: string,
  version: string,
  docs: readonly Doc[],
  profiles: () => readonly EntryProfile[],
  threads = docs.length >= THREADED_ENTRIES,
  waits: BuildWaits = {},
): { tables: FtsTables; cached: boolean } {
  const file = join(dir, cacheFileName(version, docs));
  const opened = tryOpen(file, docs.length);
  if (opened) return { tables: opened, cached: true };
  const temporary = `${file}.${process.pid}-${threadId}.tmp`;
  let built: FtsTables;
  try {
    mkdirSync(dir, { recursive: true });
    rmSync(temporary, { force: true });
  } catch {
    return {
      tables: buildFtsTables(docs, profiles(), COMMON_POSTINGS, threads, waits),
      cached: false,
    };
  }
  try {
    built = fillTables(temporary, docs, profiles(), COMMON_POSTINGS, threads, waits);
  } catch (error) {
    rmSync(temporary, { force: true });
    if (!isFileError(error)) throw error;
    return {
      tables: buildFtsTables(docs, profiles(), COMMON_POSTINGS, threads, waits),
      cached: false,
    };
  }
  try {
    renameSync(temporary, file);
  } catch {
    // Not kept for others: this process goes on reading the file it built (gone from the folder).
    rmSync(temporary, { force: true });
    return { tables: built, cached: false };
  }
  // Read as other processes read it: read-only, and without the lock the build held, which kept them out.
  built.db.close();
  let reader: Database.Database;
  try {
    reader = forReading(new Database(file, { readonly: true, fileMustExist: true }));
    reader.prepare("SELECT value FROM layout WHERE name = 'format'").get();
  } catch {
    return {
      tables: buildFtsTables(docs, profiles(), COMMON_POSTINGS, threads, waits),
      cached: false,
    };
  }
  try {
    // Older versions' files go (a process still reading one keeps it open until it closes it).
    for (const name of readdirSync(dir))
      if (/^search-.*\.sqlite$/.test(name) && join(dir, name) !== file)
        rmSync(join(dir, name), { force: true });
  } catch {
    // left for the next build
  }
  return { tables: { ...built, db: reader }, cached: false };
}

function tryOpen(file: string, entries: number): FtsTables | undefined {
  let db: Database.Database | undefined;
  try {
    if (!statSync(file).isFile()) return undefined;
    db = new Database(file, { readonly: true, fileMustExist: true });
    // The layout (tens of megabytes of JSON and typed arrays at 50,000 entries) is read through a memory
    // map, about half the CPU of reading it a page at a time; the map goes when it has been read.
    db.pragma(`mmap_size = ${LAYOUT_MAP_BYTES}`);
    const format = db.prepare("SELECT value FROM layout WHERE name = 'format'").pluck().get();
    const tables = format === String(FORMAT) ? openFtsTables(db) : undefined;
    forReading(db);
    if (!tables || (tables.docOf.length > 0 && (tables.docOf.at(-1) as number) >= entries)) {
      db.close();
      return undefined;
    }
    return tables;
  } catch {
    db?.close();
    return undefined;
  }
}
