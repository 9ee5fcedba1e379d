import type Database from 'better-sqlite3';
import { recall, remember } from './bounded-cache.js';

/**
 * Which rows an FTS5 query matches (rowids ascending, as SQLite gives them), for Bm25Rows. An AND of
 * concepts is the rows every concept matches: SQLite reads each concept's whole list of passages for it
 * on every query, and at 10,000 entries the domain's concepts ("company", "lawsuit") each hold thousands
 * of passages and come back in most questions, a millisecond or more an AND. Here a concept held by many
 * passages has its rows read and kept once a second AND asks for it, and ANDs intersect them (a few tens
 * of microseconds); concepts held by few passages, or asked once, are still asked of SQLite, together. The
 * rows are SQLite's all the same: an AND of FTS5 queries matches the rows each of them matches.
 */

/** A concept held by at least this many passages (estimated) has its rows kept. */
const KEPT_FROM = 2_000;
/** Rows kept in all (four bytes each): the base's most asked concepts, a couple of megabytes. */
const ROWS_KEPT = 500_000;

/** Concepts asked once remembered, to keep the rows of those asked again. */
const ASKED_REMEMBERED = 2_000;
/** One concept of an AND: any of its phrases, quoted, in parentheses (as matchPlans writes it). */
const CONCEPT = /^\("[^"]+"(?: OR "[^"]+")*\)$/;

export class MatchingRows {
  private readonly matching: Database.Statement<[string], number>;
  /** By concept: its rows, least recently used first. */
  private readonly kept = new Map<string, Int32Array>();
  private rowsKept = 0;
  /** Concepts held by many passages that an AND asked for once, most recent last. */
  private readonly askedBefore = new Map<string, true>();
  private readonly keptFrom: number;
  private readonly maxRowsKept: number;

  constructor(
    db: Database.Database,
    /** Passages holding an indexed word, as FTS5 counts them (undefined for a phrase of several words). */
    private readonly passages: (word: string) => number | undefined,
    options: { keptFrom?: number; rowsKept?: number } = {},
  ) {
    this.keptFrom = options.keptFrom ?? KEPT_FROM;
    this.maxRowsKept = options.rowsKept ?? ROWS_KEPT;
    this.matching = db.prepare<[string], number>('SELECT rowid FROM passages WHERE passages MATCH ?').pluck();
  }

  /** The rowids `query` matches, ascending. */
  all(query: string): number[] {
    const concepts = query.split(' AND ');
    if (concepts.length < 2 || !concepts.every((c) => CONCEPT.test(c))) return this.matching.all(query);
    const kept: Int32Array[] = [];
    const asked: string[] = [];
    for (const concept of concepts) {
      const rows = this.keptRows(concept);
      if (rows) kept.push(rows);
      else asked.push(concept);
    }
    if (kept.length === 0) return this.matching.all(query);
    kept.sort((a, b) => a.length - b.length);
    let rows: ArrayLike<number> =
      asked.length > 0 ? this.matching.all(asked.join(' AND ')) : (kept.shift() as Int32Array);
    for (const other of kept) rows = intersect(rows, other);
    return Array.from(rows);
  }

  /** Concepts whose rows are kept (for tests). */
  get concepts(): number {
    return this.kept.size;
  }

  /**
   * The concept's rows if kept; else read and kept when many passages hold it and an AND asked for it
   * before (a concept asked once, as most of the vocabulary's words are, would cost a read of its own).
   */
  private keptRows(concept: string): Int32Array | undefined {
    const known = recall(this.kept, concept);
    if (known) return known;
    if (this.estimate(concept) < this.keptFrom) return undefined;
    if (!this.askedBefore.has(concept)) {
      remember(this.askedBefore, concept, true, ASKED_REMEMBERED);
      return undefined;
    }
    this.askedBefore.delete(concept);
    const rows = Int32Array.from(this.matching.all(concept));
    if (rows.length > this.maxRowsKept) return rows;
    this.kept.set(concept, rows);
    this.rowsKept += rows.length;
    for (const [oldest, dropped] of this.kept) {
      if (this.rowsKept <= this.maxRowsKept) break;
      this.kept.delete(oldest);
      this.rowsKept -= dropped.length;
    }
    return rows;
  }

  /** Passages holding the concept's single words, added up: an upper bound of its rows, for choosing. */
  private estimate(concept: string): number {
    let n = 0;
    for (const quoted of concept.match(/"[^"]+"/g) ?? []) n += this.passages(quoted.slice(1, -1)) ?? 0;
    return n;
  }
}

/** The values both ascending lists hold, ascending. */
function intersect(a: ArrayLike<number>, b: ArrayLike<number>): number[] {
  const out: number[] = [];
  let i = 0;
  let j = 0;
  while (i < a.length && j < b.length) {
    const x = a[i] as number;
    const y = b[j] as number;
    if (x < y) i++;
    else if (x > y) j++;
    else {
      out.push(x);
      i++;
      j++;
    }
  }
  return out;
}
