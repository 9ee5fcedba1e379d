import type { RankedRow } from './common-tops.js';

/** The best `size` rows offered, by (score, rowid) as RANK_SQL orders them; the worst kept on top. */
export class RowHeap {
  private readonly scores: Float64Array;
  private readonly rowids: Int32Array;
  private length = 0;

  constructor(private readonly size: number) {
    this.scores = new Float64Array(size);
    this.rowids = new Int32Array(size);
  }

  /** Rows are offered by ascending rowid: one scoring as the worst kept comes after it. */
  offer(score: number, rowid: number): void {
    if (this.length < this.size) {
      let i = this.length++;
      while (i > 0) {
        const parent = (i - 1) >> 1;
        if (!this.worse(score, rowid, parent)) break;
        this.scores[i] = this.scores[parent] as number;
        this.rowids[i] = this.rowids[parent] as number;
        i = parent;
      }
      this.scores[i] = score;
      this.rowids[i] = rowid;
      return;
    }
    if (this.size === 0 || score >= (this.scores[0] as number)) return;
    let i = 0;
    for (;;) {
      let child = 2 * i + 1;
      if (child >= this.length) break;
      if (child + 1 < this.length && this.worseAt(child + 1, child)) child++;
      if (!this.worse(this.scores[child] as number, this.rowids[child] as number, i, score, rowid)) break;
      this.scores[i] = this.scores[child] as number;
      this.rowids[i] = this.rowids[child] as number;
      i = child;
    }
    this.scores[i] = score;
    this.rowids[i] = rowid;
  }

  /** True when it keeps `size` rows: then only a row scoring better than `worst` enters. */
  get full(): boolean {
    return this.length === this.size;
  }

  /** The worst score kept (-Infinity when it keeps none and can keep none). */
  get worst(): number {
    return this.size === 0 ? -Infinity : (this.scores[0] as number);
  }

  sorted(): RankedRow[] {
    const rows: RankedRow[] = [];
    for (let i = 0; i < this.length; i++)
      rows.push({ rowid: this.rowids[i] as number, score: this.scores[i] as number });
    return rows.sort((a, b) => a.score - b.score || a.rowid - b.rowid);
  }

  /** (score, rowid) orders after the row at `i` (or after (s, r) when given). */
  private worse(score: number, rowid: number, i: number, s?: number, r?: number): boolean {
    const otherScore = s ?? (this.scores[i] as number);
    const otherRowid = r ?? (this.rowids[i] as number);
    return score > otherScore || (score === otherScore && rowid > otherRowid);
  }

  private worseAt(i: number, j: number): boolean {
    return this.worse(this.scores[i] as number, this.rowids[i] as number, j);
  }
}

/**
 * Each group's best rows so far (a RowHeap each), offered a row's score for each group it holds; the
 * score a row must beat to enter a full heap is kept beside them all, so most offers end there.
 */
export class Heaps {
  private readonly heaps: RowHeap[];
  /** By group: the worst score its heap keeps once full (Infinity before). */
  private readonly floor: Float64Array;
  /** By group: the last row (+ 1) it was hit in. */
  private readonly seen: Int32Array;

  constructor(
    groups: number,
    top: number,
    /** By common word: its group and its phrase in the group's query. */
    private readonly groupOf: Int32Array,
    private readonly phraseOf: Int32Array,
  ) {
    this.heaps = Array.from({ length: groups }, () => new RowHeap(top));
    this.floor = new Float64Array(groups).fill(Infinity);
    this.seen = new Int32Array(groups);
  }

  /**
   * Offers row `rowid`'s score for each group it holds (its `n` hits: common words and parts of the
   * score) to the group's heap: its parts added up in the group's phrase order, as bm25() adds them (a
   * row holds one word of a group, mostly).
   */
  offerRow(rowid: number, n: number, words: Int32Array, parts: Float64Array): void {
    const { groupOf, seen, floor } = this;
    let repeated = false;
    for (let i = 0; i < n; i++) {
      const g = groupOf[words[i] as number] as number;
      if (seen[g] === rowid) repeated = true;
      seen[g] = rowid;
    }
    if (!repeated) {
      for (let i = 0; i < n; i++) {
        let score = 0.0;
        score += parts[i] as number;
        const g = groupOf[words[i] as number] as number;
        // A later row scoring as the worst kept orders after it: only a better score enters.
        if (-1.0 * score < (floor[g] as number)) this.offer(g, -1.0 * score, rowid);
      }
      return;
    }
    const { phraseOf } = this;
    const order = Array.from({ length: n }, (_, i) => i).sort(
      (a, b) =>
        (groupOf[words[a] as number] as number) - (groupOf[words[b] as number] as number) ||
        (phraseOf[words[a] as number] as number) - (phraseOf[words[b] as number] as number),
    );
    for (let i = 0; i < order.length;) {
      const g = groupOf[words[order[i] as number] as number] as number;
      let score = 0.0;
      for (; i < order.length && groupOf[words[order[i] as number] as number] === g; i++)
        score += parts[order[i] as number] as number;
      if (-1.0 * score < (floor[g] as number)) this.offer(g, -1.0 * score, rowid);
    }
  }

  sorted(g: number): RankedRow[] {
    return (this.heaps[g] as RowHeap).sorted();
  }

  private offer(g: number, score: number, rowid: number): void {
    const heap = this.heaps[g] as RowHeap;
    heap.offer(score, rowid);
    if (heap.full) this.floor[g] = heap.worst;
  }
}
