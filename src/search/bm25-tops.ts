import type Database from 'better-sqlite3';
import type { Bm25Parts, SetCounts } from './bm25-rows.js';
import type { RankedRow } from './common-tops.js';
import type { WordNumbers } from './word-numbers.js';
import type { WordSets } from './word-sets.js';
import { BestRows } from './row-heap.js';

/**
 * The best rows of the common words (see CommonTops), scored here while the index is built rather than by
 * SQLite afterwards: asking FTS5 to rank every common word alone scored each of its passages with BM25 (a
 * second or more for a 10,000-entry base, most of the build after the inserts); the words each passage
 * holds are counted here anyway, so adding up BM25 is a pass over those counts. The scores are FTS5's
 * bm25() to the last digit: the same column weights, the same row lengths in tokens (checked against
 * FTS5's own totals), each word's rarity from the passages FTS5 says hold it (checked against the counts
 * here), and the same arithmetic in the same order, with SQLite's own logarithm. A word whose count
 * differs, or a base whose lengths do, is left to SQLite.
 */

/** FTS5's bm25() constants. */
const K1 = 1.2;
const B = 0.75;

/**
 * Twice each column's BM25 weight (title, names, asked, heading, summary, body; see WEIGHTS in
 * fts-store.ts): weights are multiples of a half, so a row's weighted counts are whole numbers here.
 */
const TWICE = { title: 10, names: 10, asked: 4, heading: 3, summary: 4, body: 2 } as const;

/** Growable bytes: a weighted count by entry of a word set, 255 meaning "see the overflow map". */
class Counts {
  bytes = new Uint8Array(1 << 16);
  length = 0;
  readonly overflow = new Map<number, number>();
  /** By set: where its counts start. */
  readonly firsts: number[] = [];

  push(value: number): void {
    if (this.length === this.bytes.length) {
      const grown = new Uint8Array(this.bytes.length * 2);
      grown.set(this.bytes);
      this.bytes = grown;
    }
    if (value >= 255) this.overflow.set(this.length, value);
    this.bytes[this.length++] = Math.min(value, 255);
  }

  get(i: number): number {
    const v = this.bytes[i] as number;
    return v === 255 ? (this.overflow.get(i) as number) : v;
  }

  parts(): SetCounts {
    return {
      counts: this.bytes.slice(0, this.length),
      firsts: Uint32Array.from(this.firsts),
      overflow: [...this.overflow],
    };
  }
}

/** Word counts of every row and entry as the index is built, then each common word's best rows. */
export class Bm25Counts {
  /** Weighted counts (×2) of each entry's words (in its about set's order) and of each row's. */
  private readonly docCounts = new Counts();
  private readonly rowCounts = new Counts();
  /** Tokens of each entry's title, names, asked and facets columns; each row's tokens, all columns. */
  private readonly docLength: number[] = [];
  private readonly rowLength: number[] = [];
  /**
   * The text being counted (an entry's or a row's): by word number, the text it was last met in
   * (`round`) and its weighted count there; `met` lists the words met, in order of first meeting.
   */
  private round = 0;
  private metIn = new Int32Array(1 << 16);
  private weightOf = new Int32Array(1 << 16);
  private met = new Int32Array(1024);
  private distinct = 0;

  /**
   * Numbers an entry's title, names and questions (in that order, as one text of them would be) and
   * counts them; returns its distinct word numbers, ascending (the entry's about set), in a scratch array
   * valid until the next call.
   */
  doc(numbers: WordNumbers, title: string, names: string, asked: string, facets: string): Int32Array {
    this.round++;
    this.distinct = 0;
    const tokens =
      this.count(numbers, title, TWICE.title) +
      this.count(numbers, names, TWICE.names) +
      this.count(numbers, asked, TWICE.asked);
    this.docLength.push(tokens + (facets.match(/[a-z0-9]+/g)?.length ?? 0));
    return this.sorted(this.docCounts);
  }

  /**
   * Numbers a row's heading and text (the summary row indexes no heading, but its words are in the row's
   * set) and counts them; returns the row's distinct word numbers, ascending, in a scratch array valid
   * until the next call.
   */
  row(numbers: WordNumbers, doc: number, heading: string, text: string, summary: boolean): Int32Array {
    this.round++;
    this.distinct = 0;
    const headingTokens = this.count(numbers, heading, summary ? 0 : TWICE.heading);
    const textTokens = this.count(numbers, text, summary ? TWICE.summary : TWICE.body);
    this.rowLength.push((this.docLength[doc] as number) + (summary ? 0 : headingTokens) + textTokens);
    return this.sorted(this.rowCounts);
  }

  /** Numbers `text`'s words and adds `weight` to each one's count in this round; returns its tokens. */
  private count(numbers: WordNumbers, text: string, weight: number): number {
    const words = numbers.numbersOf(text);
    if (this.metIn.length < numbers.words.length) this.grow(numbers.words.length);
    if (this.met.length < this.distinct + words.length) {
      const grown = new Int32Array((this.distinct + words.length) * 2);
      grown.set(this.met.subarray(0, this.distinct));
      this.met = grown;
    }
    const { metIn, weightOf, met, round } = this;
    let distinct = this.distinct;
    for (let i = 0; i < words.length; i++) {
      const word = words[i] as number;
      if (metIn[word] === round) weightOf[word] = (weightOf[word] as number) + weight;
      else {
        metIn[word] = round;
        weightOf[word] = weight;
        met[distinct++] = word;
      }
    }
    this.distinct = distinct;
    return words.length;
  }

  /** The words met this round, ascending, each one's weighted count pushed to `counts`. */
  private sorted(counts: Counts): Int32Array {
    const words = this.met.subarray(0, this.distinct).sort();
    counts.firsts.push(counts.length);
    for (let i = 0; i < words.length; i++) counts.push(this.weightOf[words[i] as number] as number);
    return words;
  }

  private grow(words: number): void {
    const size = Math.max(words, this.metIn.length * 2);
    const metIn = new Int32Array(size);
    metIn.set(this.metIn);
    const weightOf = new Int32Array(size);
    weightOf.set(this.weightOf);
    this.metIn = metIn;
    this.weightOf = weightOf;
  }

  /**
   * The counts searching scores rows from (see Bm25Rows); undefined when the rows' lengths are not FTS5's.
   */
  parts(db: Database.Database): Bm25Parts | undefined {
    const tokens = this.rowLength.reduce((n, l) => n + l, 0);
    if (!sameTotals(db, this.rowLength.length, tokens)) return undefined;
    return {
      rowLength: Int32Array.from(this.rowLength),
      rows: this.rowCounts.parts(),
      about: this.docCounts.parts(),
    };
  }

  /**
   * The best `top` rows, as RANK_SQL orders them, of each group of words (a common word's inflections,
   * their FTS5 query's phrases in order), from the counts of `rows` (the rows' word sets) and `about` (the
   * entries'); undefined for a group this cannot score exactly (SQLite ranks it then), and for all when
   * the rows' lengths are not FTS5's.
   */
  tops(
    db: Database.Database,
    groups: { words: string[]; passages: number[] }[],
    numbers: WordNumbers,
    sets: { rows: WordSets; about: WordSets; docOf: Int32Array },
    top: number,
  ): (RankedRow[] | undefined)[] {
    const rowCount = this.rowLength.length;
    const tokens = this.rowLength.reduce((n, l) => n + l, 0);
    if (!sameTotals(db, rowCount, tokens)) return groups.map(() => undefined);
    const avgdl = tokens / rowCount;
    const ln = db.prepare('SELECT ln(?)').pluck();
    // The groups' words numbered apart (`commonOf`: by word number, -1 for the others), and by that
    // number each one's group and phrase, its rarity (FTS5's IDF), and the rows counted holding it: a
    // few hundred words, so what a hit reads stays in the processor's nearest cache.
    const commonOf = new Int32Array(numbers.words.length).fill(-1);
    const common: number[] = [];
    const groupOf: number[] = [];
    const phraseOf: number[] = [];
    const rarities: number[] = [];
    groups.forEach((group, g) => {
      group.words.forEach((word, phrase) => {
        const n = numbers.numberOf(word);
        if (n === undefined) return;
        const hits = group.passages[phrase] as number;
        const rarity = ln.get((rowCount - hits + 0.5) / (hits + 0.5)) as number;
        commonOf[n] = common.length;
        common.push(n);
        groupOf.push(g);
        phraseOf.push(phrase);
        rarities.push(rarity <= 0 ? 1e-6 : rarity);
      });
    });
    const idf = Float64Array.from(rarities);
    const held = new Int32Array(common.length);
    const best = new BestRows(groups.length, top, Int32Array.from(groupOf), Int32Array.from(phraseOf));
    const row = new EntryReader(sets.rows, this.rowCounts);
    const doc = new EntryReader(sets.about, this.docCounts);
    // One row's contributions: the common word, its part of the score.
    let hitWord = new Int32Array(256);
    let hitPart = new Float64Array(256);
    // The entry's common words with their weighted counts, ascending: read once for all its rows.
    let entry = -1;
    let aboutWords: Int32Array = new Int32Array(64);
    let aboutTwice: Int32Array = new Int32Array(64);
    let about = 0;
    for (let r = 0; r < rowCount; r++) {
      const norm = K1 * (1 - B + (B * (this.rowLength[r] as number)) / avgdl);
      if (sets.docOf[r] !== entry) {
        entry = sets.docOf[r] as number;
        about = 0;
        for (doc.start(entry); doc.word >= 0;) {
          if ((commonOf[doc.word] as number) < 0) {
            doc.skip();
            continue;
          }
          if (about === aboutWords.length) {
            aboutWords = grown(aboutWords);
            aboutTwice = grown(aboutTwice);
          }
          aboutWords[about] = doc.word;
          aboutTwice[about++] = doc.next();
        }
      }
      row.start(r);
      // At most one hit a word of the row (its current one, then a byte each at least) and of its entry's.
      const most = 1 + row.left() + about;
      if (hitWord.length < most) {
        hitWord = new Int32Array(2 * most);
        hitPart = new Float64Array(2 * most);
      }
      let n = 0;
      // The row's words and its entry's, both ascending: merged, a word in both counted once.
      let a = 0;
      for (; row.word >= 0;) {
        const word = row.word;
        const c = commonOf[word] as number;
        if (c < 0) {
          row.skip();
          continue;
        }
        let twice = row.next();
        for (; a < about && (aboutWords[a] as number) < word; a++) {
          const t = aboutTwice[a] as number;
          if (t === 0) continue;
          const ac = commonOf[aboutWords[a] as number] as number;
          held[ac] = (held[ac] as number) + 1;
          const f = t / 2;
          hitWord[n] = ac;
          hitPart[n++] = (idf[ac] as number) * ((f * (K1 + 1.0)) / (f + norm));
        }
        if (a < about && aboutWords[a] === word) twice += aboutTwice[a++] as number;
        if (twice === 0) continue;
        held[c] = (held[c] as number) + 1;
        const f = twice / 2;
        hitWord[n] = c;
        hitPart[n++] = (idf[c] as number) * ((f * (K1 + 1.0)) / (f + norm));
      }
      for (; a < about; a++) {
        const t = aboutTwice[a] as number;
        if (t === 0) continue;
        const ac = commonOf[aboutWords[a] as number] as number;
        held[ac] = (held[ac] as number) + 1;
        const f = t / 2;
        hitWord[n] = ac;
        hitPart[n++] = (idf[ac] as number) * ((f * (K1 + 1.0)) / (f + norm));
      }
      best.offerRow(r + 1, n, hitWord, hitPart);
    }
    return groups.map((group, g) => {
      const exact = group.words.every((w, i) => {
        const n = numbers.numberOf(w);
        const c = n === undefined ? -1 : (commonOf[n] as number);
        return c >= 0 && held[c] === group.passages[i];
      });
      return exact ? best.sorted(g) : undefined;
    });
  }
}

function grown(a: Int32Array): Int32Array {
  const bigger = new Int32Array(a.length * 2);
  bigger.set(a);
  return bigger;
}

/** FTS5's row count and token total (its averages record) are the ones counted here. */
function sameTotals(db: Database.Database, rows: number, tokens: number): boolean {
  const block = db.prepare('SELECT block FROM passages_data WHERE id = 1').pluck().get() as
    Buffer | undefined;
  if (!block) return false;
  let at = 0;
  const varint = () => {
    let value = 0;
    for (let i = 0; i < 9; i++) {
      const byte = block[at++] as number;
      if (i === 8) return value * 256 + byte;
      value = value * 128 + (byte & 0x7f);
      if ((byte & 0x80) === 0) return value;
    }
    return value;
  };
  if (varint() !== rows) return false;
  let total = 0;
  while (at < block.length) total += varint();
  return total === tokens;
}

/** Reads one set of a WordSets (its words ascending) with the weighted counts kept beside it. */
class EntryReader {
  word = -1;
  private at = 0;
  private end = 0;
  private entry = 0;
  private readonly bytes: Uint8Array;
  private readonly offsets: Uint32Array;
  /** Where each set's counts start (recorded as they were counted: the set's bytes are varints). */
  private readonly firsts: number[];

  constructor(
    sets: WordSets,
    private readonly counts: Counts,
  ) {
    ({ bytes: this.bytes, offsets: this.offsets } = sets.parts());
    this.firsts = counts.firsts;
  }

  start(set: number): void {
    this.at = this.offsets[set] as number;
    this.end = this.offsets[set + 1] as number;
    this.entry = this.firsts[set] as number;
    this.word = 0;
    this.read();
  }

  /** The current word's weighted count; moves to the next word (-1 when none). */
  next(): number {
    const count = this.counts.get(this.entry++);
    this.read();
    return count;
  }

  /** Bytes of the set not yet read: at least the words after the current one. */
  left(): number {
    return this.end - this.at;
  }

  /** Moves to the next word (-1 when none) without reading the current one's count. */
  skip(): void {
    this.entry++;
    this.read();
  }

  private read(): void {
    if (this.at >= this.end) {
      this.word = -1;
      return;
    }
    let gap = 0;
    let shift = 0;
    let byte: number;
    do {
      byte = this.bytes[this.at++] as number;
      gap |= (byte & 0x7f) << shift;
      shift += 7;
    } while (byte & 0x80);
    this.word = (this.word < 0 ? 0 : this.word) + gap;
  }
}
