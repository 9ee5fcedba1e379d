import type Database from 'better-sqlite3';

/**
 * The best rows of the words many passages hold, ranked once when the index is built. A question that is
 * one such word (a common word, or a misspelling corrected to one) would otherwise make SQLite score every
 * passage holding it with BM25, about half a microsecond a passage: milliseconds for a word of a large
 * base. The rows are exactly what RANK_SQL answers for the word's FTS5 query (the OR of its indexed
 * inflections, as matchPlans writes it), kept as two typed arrays, so thousands of words take a few
 * megabytes outside JavaScript's heap and are read from the cached file without parsing.
 */

/** A ranked row as RANK_SQL gives it. */
export interface RankedRow {
  rowid: number;
  score: number;
}

/** Best rows kept for each word: enough for every fetch search and /ask make before widening. */
export const COMMON_TOP = 320;

export class CommonTops {
  private constructor(
    /** FTS5 query → its position; its rows are rowids/scores[offsets[i], offsets[i + 1]). */
    private readonly keys: Map<string, number>,
    private readonly offsets: Uint32Array,
    private readonly rowids: Int32Array,
    private readonly scores: Float64Array,
  ) {}

  /**
   * Ranks, with `rank` (RANK_SQL), each stem group's query (its words in `groups`) when the group's
   * words are held by at least `threshold` passages together.
   */
  static build(
    rank: Database.Statement<[string, number], RankedRow>,
    groups: Iterable<{ words: string[]; postings: number }>,
    threshold: number,
  ): CommonTops {
    const keys: string[] = [];
    const offsets = [0];
    const rowids: number[] = [];
    const scores: number[] = [];
    for (const { words, postings } of groups) {
      if (postings < threshold) continue;
      const match = commonQuery(words);
      for (const row of rank.all(match, COMMON_TOP)) {
        rowids.push(row.rowid);
        scores.push(row.score);
      }
      keys.push(match);
      offsets.push(rowids.length);
    }
    return CommonTops.of({
      keys,
      offsets: Uint32Array.from(offsets),
      rowids: Int32Array.from(rowids),
      scores: Float64Array.from(scores),
    });
  }

  static of(parts: CommonTopsParts): CommonTops {
    return new CommonTops(
      new Map(parts.keys.map((k, i) => [k, i])),
      parts.offsets,
      parts.rowids,
      parts.scores,
    );
  }

  get size(): number {
    return this.keys.size;
  }

  /**
   * The first `limit` rows ranked for the FTS5 query, when it is a common word's and they are known: all
   * of them when fewer than COMMON_TOP match, otherwise only up to COMMON_TOP.
   */
  get(match: string, limit: number): RankedRow[] | undefined {
    const i = this.keys.get(match);
    if (i === undefined) return undefined;
    const start = this.offsets[i] as number;
    const end = this.offsets[i + 1] as number;
    if (limit > COMMON_TOP && end - start >= COMMON_TOP) return undefined;
    const rows: RankedRow[] = [];
    for (let r = start; r < Math.min(end, start + limit); r++)
      rows.push({ rowid: this.rowids[r] as number, score: this.scores[r] as number });
    return rows;
  }

  parts(): CommonTopsParts {
    return { keys: [...this.keys.keys()], offsets: this.offsets, rowids: this.rowids, scores: this.scores };
  }
}

export interface CommonTopsParts {
  keys: string[];
  offsets: Uint32Array;
  rowids: Int32Array;
  scores: Float64Array;
}

/** The FTS5 query of a word's indexed inflections, as matchPlans writes a concept's. */
function commonQuery(words: string[]): string {
  return `(${[...words]
    .sort()
    .map((w) => `"${w}"`)
    .join(' OR ')})`;
}
