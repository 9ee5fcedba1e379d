import type { RankedRow } from './common-tops.js';

/**
 * Each group's best `top` rows so far, by (score, rowid) as RANK_SQL orders them, offered a row's score
 * for each group it holds. A group's rows are gathered in a buffer of twice `top`; when it fills, the
 * best `top` are kept (a selection, not a sort) and the worst of them becomes the score a later row must
 * beat, which most offers then do not (at 10,000 entries, 451,000 of 2 million entered). The buffers and
 * the final sort are typed arrays sorted without comparator calls: a heap a group and a sort of objects
 * for each group's answer took 0.21 s of the common words' 0.29 s at 10,000 entries, these 0.17 s.
 */
export class BestRows {
  /** Group g's rows are at [g * room, g * room + count[g]). */
  private readonly scores: Float64Array;
  private readonly rowids: Int32Array;
  private readonly count: Int32Array;
  private readonly room: number;
  /** By group: the worst score of its best `top` once it has had more rows (Infinity before). */
  private readonly floor: Float64Array;
  /** By group: the last row (+ 1) it was hit in. */
  private readonly seen: Int32Array;

  constructor(
    groups: number,
    private readonly top: number,
    /** By common word: its group and its phrase in the group's query. */
    private readonly groupOf: Int32Array,
    private readonly phraseOf: Int32Array,
  ) {
    this.room = Math.max(2 * top, 1);
    this.scores = new Float64Array(groups * this.room);
    this.rowids = new Int32Array(groups * this.room);
    this.count = new Int32Array(groups);
    this.floor = new Float64Array(groups).fill(top === 0 ? -Infinity : Infinity);
    this.seen = new Int32Array(groups);
  }

  /**
   * Offers row `rowid`'s score for each group it holds (its `n` hits: common words and parts of the
   * score) to the group's rows: its parts added up in the group's phrase order, as bm25() adds them (a
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

  /** Group `g`'s best rows, best first. */
  sorted(g: number): RankedRow[] {
    if ((this.count[g] as number) > this.top) this.keepBest(g);
    const start = g * this.room;
    const end = start + (this.count[g] as number);
    sortRows(this.scores, this.rowids, start, end - 1);
    const rows: RankedRow[] = [];
    for (let i = start; i < end; i++)
      rows.push({ rowid: this.rowids[i] as number, score: this.scores[i] as number });
    return rows;
  }

  /** Rows are offered by ascending rowid: one scoring as the worst kept comes after it, so must beat it. */
  private offer(g: number, score: number, rowid: number): void {
    const at = g * this.room + (this.count[g] as number);
    this.scores[at] = score;
    this.rowids[at] = rowid;
    const count = (this.count[g] as number) + 1;
    this.count[g] = count;
    if (count === this.room) this.keepBest(g);
  }

  /** Keeps group `g`'s best `top` rows (in no order) and makes the worst of them its floor. */
  private keepBest(g: number): void {
    const { scores, rowids, top } = this;
    const start = g * this.room;
    // Quickselect: [start, start + top) ends up holding the best `top`, the worst of them at its end.
    let lo = start;
    let hi = start + this.room - 1;
    const k = start + top - 1;
    while (lo < hi) {
      const [i, j] = partition(scores, rowids, lo, hi);
      if (k <= j) hi = j;
      else if (k >= i) lo = i;
      else break;
    }
    let worst = start;
    for (let i = start + 1; i < start + top; i++)
      if (before(scores[worst] as number, rowids[worst] as number, scores[i] as number, rowids[i] as number))
        worst = i;
    this.count[g] = top;
    this.floor[g] = scores[worst] as number;
  }
}

/** Sorts rows [lo, hi] by (score, rowid): a quicksort of the two arrays together, no comparator calls. */
function sortRows(scores: Float64Array, rowids: Int32Array, lo: number, hi: number): void {
  while (hi - lo > 16) {
    const [i, j] = partition(scores, rowids, lo, hi);
    // The smaller side sorted first, by recursion; the larger by the loop.
    if (j - lo < hi - i) {
      sortRows(scores, rowids, lo, j);
      lo = i;
    } else {
      sortRows(scores, rowids, i, hi);
      hi = j;
    }
  }
  for (let i = lo + 1; i <= hi; i++) {
    const s = scores[i] as number;
    const r = rowids[i] as number;
    let j = i - 1;
    for (; j >= lo && before(s, r, scores[j] as number, rowids[j] as number); j--) {
      scores[j + 1] = scores[j] as number;
      rowids[j + 1] = rowids[j] as number;
    }
    scores[j + 1] = s;
    rowids[j + 1] = r;
  }
}

/**
 * Hoare's partition of rows [lo, hi] around the middle row's (score, rowid), for the selection and the
 * sort: returns [i, j], j < i, rows up to j ordering no later than that row and rows from i no earlier.
 */
function partition(scores: Float64Array, rowids: Int32Array, lo: number, hi: number): [number, number] {
  const mid = (lo + hi) >> 1;
  const ps = scores[mid] as number;
  const pr = rowids[mid] as number;
  let i = lo;
  let j = hi;
  while (i <= j) {
    while (before(scores[i] as number, rowids[i] as number, ps, pr)) i++;
    while (before(ps, pr, scores[j] as number, rowids[j] as number)) j--;
    if (i <= j) {
      swap(scores, rowids, i, j);
      i++;
      j--;
    }
  }
  return [i, j];
}

/** (s1, r1) orders before (s2, r2). */
function before(s1: number, r1: number, s2: number, r2: number): boolean {
  return s1 < s2 || (s1 === s2 && r1 < r2);
}

function swap(scores: Float64Array, rowids: Int32Array, i: number, j: number): void {
  const s = scores[i] as number;
  scores[i] = scores[j] as number;
  scores[j] = s;
  const r = rowids[i] as number;
  rowids[i] = rowids[j] as number;
  rowids[j] = r;
}
