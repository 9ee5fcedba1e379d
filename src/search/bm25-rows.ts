import type Database from 'better-sqlite3';
import type { RankedRow } from './common-tops.js';
import { RANK_SQL } from './fts-store.js';
import type { WordSets } from './word-sets.js';

/**
 * BM25 of the rows an FTS5 query matches, added up here rather than by FTS5's bm25(): to weigh each of a
 * query's words, bm25() first counts the passages holding it by reading the word's whole list of passages,
 * for every query (at 10,000 entries, an AND of two concepts whose words a few thousand passages hold
 * matches a hundred rows and spent three quarters of its time there). Here each word's rarity comes from
 * the passages the index says hold it, kept from the build, and each matched row's weighted counts from
 * the counts kept beside the rows' word sets (see Bm25Counts), so SQLite only says which rows match. The
 * scores are bm25()'s to the last digit (see bm25-tops.ts, which scores the common words the same way):
 * the same column weights, row lengths and arithmetic in the same order, with SQLite's own logarithm. A
 * phrase of several words (a synonym such as "coalition letter") is scored by SQLite once, alone (see
 * phraseParts): bm25() weighs it by the rows holding it, found by reading its words' lists, on every query.
 */

/** FTS5's bm25() constants. */
const K1 = 1.2;
const B = 0.75;

/** Weighted counts (×2) kept for each word of each set of a WordSets, in the set's order. */
export interface SetCounts {
  counts: Uint8Array;
  /** By set: where its counts start. */
  firsts: Uint32Array;
  /** Counts of 255 or more: [position, count] pairs (the byte holds 255). */
  overflow: [number, number][];
}

/** What scoring rows here needs besides their word sets, saved with the index. */
export interface Bm25Parts {
  /** By rowid - 1: the row's tokens, every column (FTS5's row size). */
  rowLength: Int32Array;
  rows: SetCounts;
  about: SetCounts;
}

/**
 * A phrase of a query: a single word's number (-1 when not indexed, or a phrase of several words) and
 * rarity, or a phrase of several words' part of the score of each row holding it.
 */
interface Phrase {
  word: number;
  idf: number;
  parts?: ReadonlyMap<number, number>;
}

/**
 * Rows of phrases of several words kept in all (a base's synonyms have a few dozen phrases, most held by
 * few rows): a few megabytes at most; past it, the phrases kept are dropped and worked out again.
 */
const PHRASE_ROWS_KEPT = 100_000;

export class Bm25Rows {
  private readonly avgdl: number;
  private readonly idfs = new Map<string, number>();
  private readonly ln: Database.Statement<[number], number>;
  private readonly matching: Database.Statement<[string], number>;
  private readonly rows: CountedSets;
  private readonly about: CountedSets;
  private readonly rowLength: Int32Array;
  private readonly docOf: Int32Array;
  /**
   * The last query's rows and scores, all of them: a search that wants more rows asks the same query again
   * for four times as many (see FtsSearchIndex.retrieve), which then costs only picking them out.
   */
  private last: { query: string; match: string; rowids: number[]; scores: Float64Array } | undefined;
  /** RANK_SQL, for ranking a phrase of several words alone. */
  private readonly rankSql: Database.Statement<[string, number], RankedRow>;
  /** By phrase of several words: its rows (rowid) and its part of each one's score (see phraseParts). */
  private readonly phrases = new Map<string, ReadonlyMap<number, number>>();
  private phraseRows = 0;

  constructor(
    parts: Bm25Parts,
    sets: { rows: WordSets; about: WordSets; docOf: Int32Array },
    private readonly numberOf: ReadonlyMap<string, number>,
    /** Passages holding an indexed word, as FTS5 counts them. */
    private readonly passages: (word: string) => number | undefined,
    db: Database.Database,
  ) {
    this.rowLength = parts.rowLength;
    this.docOf = sets.docOf;
    let tokens = 0;
    for (const length of parts.rowLength) tokens += length;
    this.avgdl = tokens / parts.rowLength.length;
    this.ln = db.prepare<[number], number>('SELECT ln(?)').pluck();
    this.matching = db.prepare<[string], number>('SELECT rowid FROM passages WHERE passages MATCH ?').pluck();
    this.rankSql = db.prepare<[string, number], RankedRow>(RANK_SQL);
    this.rows = new CountedSets(sets.rows, parts.rows);
    this.about = new CountedSets(sets.about, parts.about);
  }

  /**
   * RANK_SQL's first `limit` rows for `match` (run as `query`, when that adds facet terms to it, which
   * bm25() weighs 0): undefined when a phrase of `match` is not a single word, or a matched row holds none
   * of them by the counts here (SQLite ranks it then).
   */
  rank(match: string, limit: number, query = match): RankedRow[] | undefined {
    const last = this.last;
    if (last && last.query === query && last.match === match) return best(last.rowids, last.scores, limit);
    const phrases = this.phrasesOf(match);
    if (!phrases) return undefined;
    const rowids = this.matching.all(query);
    const n = rowids.length;
    // The phrases' words ascending, each looked up once a row; `slot` of each phrase: its word's place.
    const words = [...new Set(phrases.map((p) => p.word))].filter((w) => w >= 0).sort((a, b) => a - b);
    const wanted = Int32Array.from(words);
    const slot = Int32Array.from(phrases, (p) => words.indexOf(p.word));
    const idf = Float64Array.from(phrases, (p) => p.idf);
    const partsOf = phrases.map((p) => p.parts);
    const count = phrases.length;
    const twice = new Int32Array(words.length);
    const about = new Int32Array(words.length);
    const scores = new Float64Array(n);
    const { docOf, rowLength, avgdl } = this;
    let entry = -1;
    for (let i = 0; i < n; i++) {
      const r = (rowids[i] as number) - 1;
      const doc = docOf[r] as number;
      if (doc !== entry) {
        entry = doc;
        about.fill(0);
        this.about.add(doc, wanted, about);
      }
      twice.set(about);
      this.rows.add(r, wanted, twice);
      const norm = K1 * (1 - B + (B * (rowLength[r] as number)) / avgdl);
      let score = 0.0;
      let held = false;
      for (let p = 0; p < count; p++) {
        const parts = partsOf[p];
        if (parts) {
          // A row not holding the phrase adds bm25()'s 0 for it: nothing.
          const part = parts.get(r + 1);
          if (part === undefined) continue;
          held = true;
          score += part;
          continue;
        }
        const s = slot[p] as number;
        const f = s < 0 ? 0 : (twice[s] as number) / 2;
        if (f > 0) held = true;
        score += (idf[p] as number) * ((f * (K1 + 1.0)) / (f + norm));
      }
      if (!held) return undefined;
      scores[i] = -1.0 * score;
    }
    this.last = { query, match, rowids, scores };
    return best(rowids, scores, limit);
  }

  /** The query's phrases in order (FTS5's phrase order), when each is quoted words. */
  private phrasesOf(match: string): Phrase[] | undefined {
    const quoted = match.match(/"[^"]*"/g);
    if (!quoted) return undefined;
    const phrases: Phrase[] = [];
    for (const q of quoted) {
      const word = q.slice(1, -1);
      if (/^[a-z0-9]+( [a-z0-9]+)+$/.test(word))
        phrases.push({ word: -1, idf: 0, parts: this.phraseParts(q) });
      else if (/^[a-z0-9]+$/.test(word))
        phrases.push({ word: this.numberOf.get(word) ?? -1, idf: this.idf(word) });
      else return undefined;
    }
    return phrases;
  }

  /**
   * The rows holding a phrase of several words (`quoted`) and its part of each one's score as bm25() adds
   * it, which is minus RANK_SQL's score of the row for the phrase alone: bm25() weighs each phrase by
   * itself whatever else the query asks. Worked out once a phrase.
   */
  private phraseParts(quoted: string): ReadonlyMap<number, number> {
    let parts = this.phrases.get(quoted);
    if (parts === undefined) {
      parts = new Map(this.rankSql.all(quoted, -1).map((row) => [row.rowid, -row.score]));
      if (this.phraseRows + parts.size > PHRASE_ROWS_KEPT) {
        this.phrases.clear();
        this.phraseRows = 0;
      }
      this.phrases.set(quoted, parts);
      this.phraseRows += parts.size;
    }
    return parts;
  }

  /** FTS5's IDF of a word: ln((N - n + 0.5) / (n + 0.5)) for the n passages holding it, at least 1e-6. */
  private idf(word: string): number {
    let idf = this.idfs.get(word);
    if (idf === undefined) {
      const rows = this.rowLength.length;
      const hits = this.passages(word) ?? 0;
      idf = this.ln.get((rows - hits + 0.5) / (hits + 0.5)) as number;
      if (idf <= 0) idf = 1e-6;
      this.idfs.set(word, idf);
    }
    return idf;
  }
}

/** A WordSets with the weighted count of each word of each set. */
class CountedSets {
  private readonly bytes: Uint8Array;
  private readonly offsets: Uint32Array;
  private readonly counts: Uint8Array;
  private readonly firsts: Uint32Array;
  private readonly overflow: Map<number, number>;

  constructor(sets: WordSets, counts: SetCounts) {
    ({ bytes: this.bytes, offsets: this.offsets } = sets.parts());
    this.counts = counts.counts;
    this.firsts = counts.firsts;
    this.overflow = new Map(counts.overflow);
  }

  /** Adds to `out` (by position in `wanted`, ascending) set `i`'s weighted count of each wanted word. */
  add(i: number, wanted: Int32Array, out: Int32Array): void {
    const { bytes, counts } = this;
    let at = this.offsets[i] as number;
    const end = this.offsets[i + 1] as number;
    const last = wanted[wanted.length - 1];
    if (last === undefined) return;
    let c = this.firsts[i] as number;
    let word = 0;
    let w = 0;
    for (; at < end; c++) {
      let byte = bytes[at++] as number;
      let gap = byte & 0x7f;
      for (let shift = 7; byte & 0x80; shift += 7) {
        byte = bytes[at++] as number;
        gap |= (byte & 0x7f) << shift;
      }
      word += gap;
      if (word > last) return;
      while ((wanted[w] as number) < word) w++;
      if (wanted[w] === word) {
        let count = counts[c] as number;
        if (count === 255) count = this.overflow.get(c) as number;
        out[w] = (out[w] as number) + count;
      }
    }
  }
}

/**
 * The first `limit` rows by (score, rowid), as RANK_SQL orders them: the rows scoring at most the
 * `limit`-th best score (found by sorting the scores alone, a typed array) are the only ones sorted.
 */
function best(rowids: readonly number[], scores: Float64Array, limit: number): RankedRow[] {
  const n = rowids.length;
  let bound = Infinity;
  if (n > limit) bound = limit > 0 ? (scores.slice().sort()[limit - 1] as number) : -Infinity;
  const kept: RankedRow[] = [];
  for (let i = 0; i < n; i++)
    if ((scores[i] as number) <= bound) kept.push({ rowid: rowids[i] as number, score: scores[i] as number });
  kept.sort((x, y) => x.score - y.score || x.rowid - y.rowid);
  if (kept.length > limit) kept.length = limit;
  return kept;
}
