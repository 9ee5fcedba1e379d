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
  /** Each indexed word of a common group → the group's position in `keys`. */
  private readonly groupOf = new Map<string, number>();

  private constructor(
    /** FTS5 query → its position; its rows are rowids/scores[offsets[i], offsets[i + 1]). */
    private readonly keys: Map<string, number>,
    private readonly offsets: Uint32Array,
    private readonly rowids: Int32Array,
    private readonly scores: Float64Array,
  ) {
    for (const [key, i] of keys) for (const word of orWords(key) ?? []) this.groupOf.set(word, i);
  }

  /**
   * Ranks each group's query (its words, in `groups`): the rows `scored` gives for it (see bm25-tops.ts),
   * else with `rank` (RANK_SQL).
   */
  static build(
    rank: Database.Statement<[string, number], RankedRow>,
    groups: readonly { words: string[] }[],
    scored: readonly (RankedRow[] | undefined)[] = [],
  ): CommonTops {
    const keys: string[] = [];
    const offsets = [0];
    const rowids: number[] = [];
    const scores: number[] = [];
    groups.forEach(({ words }, g) => {
      const match = commonQuery(words);
      for (const row of scored[g] ?? rank.all(match, COMMON_TOP)) {
        rowids.push(row.rowid);
        scores.push(row.score);
      }
      keys.push(match);
      offsets.push(rowids.length);
    });
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
    return this.rowsOf(i, limit);
  }

  /**
   * The first `limit` rows RANK_SQL ranks for an OR of single words that are two groups' words: two
   * common words, or a common word and words held by at most `budget` passages together (`rest`, ranked
   * here by `rank`): a misspelling corrected to two words, or a question of two words. BM25 adds up each
   * word's part of a row's score, so a row that holds one group only scores as in that group's rows, and
   * the rows holding both are asked of SQLite alone (`A AND B`, few). Outside the kept rows, a row scores
   * no better than the last row kept of the group it holds: the rows ranked better than that are exactly
   * RANK_SQL's (a row holding three or more of the words may differ in the last digit, the order its parts
   * are added in). Undefined when the rows kept cannot say which are first; SQLite ranks the OR then.
   */
  union(
    match: string,
    limit: number,
    rank: (match: string, limit: number) => RankedRow[],
    rest: { postings: (word: string) => number; budget: number },
  ): RankedRow[] | undefined {
    const words = limit <= COMMON_TOP ? orWords(match) : undefined;
    if (!words || new Set(words).size !== words.length) return undefined;
    const groups = new Set<number>();
    const others: string[] = [];
    for (const word of words) {
      const group = this.groupOf.get(word);
      if (group === undefined) others.push(word);
      else groups.add(group);
    }
    if (groups.size + (others.length > 0 ? 1 : 0) !== 2) return undefined;
    const parts: { query: string; rows: RankedRow[]; truncated: boolean }[] = [];
    let grouped = 0;
    for (const group of groups) {
      const query = this.queryOf(group);
      grouped += orWords(query)?.length ?? 0;
      const rows = this.rowsOf(group, COMMON_TOP);
      parts.push({ query, rows, truncated: rows.length >= COMMON_TOP });
    }
    // A group only some of whose words the question has is not what its rows were ranked for.
    if (grouped !== words.length - others.length) return undefined;
    if (others.length > 0) {
      if (others.reduce((n, w) => n + rest.postings(w), 0) > rest.budget) return undefined;
      const query = `(${others.map((w) => `"${w}"`).join(' OR ')})`;
      const rows = rank(query, COMMON_TOP);
      parts.push({ query, rows, truncated: rows.length >= COMMON_TOP });
    }
    const [a, b] = parts as [(typeof parts)[0], (typeof parts)[0]];
    return mergedTops(a, b, rank(`${a.query} AND ${b.query}`, limit), limit);
  }

  /** The FTS5 query of the group at `i`. */
  private queryOf(i: number): string {
    return this.keyList[i] as string;
  }

  private get keyList(): string[] {
    this.keysByPosition ??= [...this.keys.keys()];
    return this.keysByPosition;
  }

  private keysByPosition: string[] | undefined;

  /** The first `limit` rows kept for the group at `i`. */
  private rowsOf(i: number, limit: number): RankedRow[] {
    const start = this.offsets[i] as number;
    const end = Math.min(this.offsets[i + 1] as number, start + limit);
    const rows: RankedRow[] = [];
    for (let r = start; r < end; r++)
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

/**
 * The first `limit` rows of an OR of two parts: `both` (RANK_SQL's first `limit` rows holding both, exact),
 * then each part's rows that hold it alone, ordered by (score, rowid) as RANK_SQL orders them. A part's
 * rows cut at COMMON_TOP leave out only rows ordered after its last kept one: the rows given must all come
 * before it (they do whenever `limit` <= COMMON_TOP; checked all the same), else undefined.
 */
function mergedTops(
  a: { rows: RankedRow[]; truncated: boolean },
  b: { rows: RankedRow[]; truncated: boolean },
  both: RankedRow[],
  limit: number,
): RankedRow[] | undefined {
  const seen = new Set(both.map((r) => r.rowid));
  const rows = [...both];
  for (const row of [...a.rows, ...b.rows]) {
    if (seen.has(row.rowid)) continue;
    seen.add(row.rowid);
    rows.push(row);
  }
  const order = (x: RankedRow, y: RankedRow) => x.score - y.score || x.rowid - y.rowid;
  const out = rows.sort(order).slice(0, limit);
  const last = out.at(-1);
  for (const part of [a, b]) {
    const cut = part.truncated ? part.rows.at(-1) : undefined;
    if (cut && (out.length < limit || (last && order(last, cut) > 0))) return undefined;
  }
  return out;
}

/** The words of an FTS5 query that is only an OR of quoted single words (in parentheses or not), in order. */
function orWords(match: string): string[] | undefined {
  const quoted = match.replace(/[()]/g, '').split(' OR ');
  if (!quoted.every((w) => /^"[^" ]+"$/.test(w))) return undefined;
  return quoted.map((w) => w.slice(1, -1));
}

/** The FTS5 query of a word's indexed inflections (sorted: its phrases' order), as matchPlans writes a concept's. */
export function commonQuery(words: string[]): string {
  return `(${words.map((w) => `"${w}"`).join(' OR ')})`;
}
