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
