import { distance } from 'fastest-levenshtein';
import { irregularForms, isCommonEnglish } from './english-words.js';
import { stem } from './text.js';

/** Unknown words whose corrections are remembered, most recently asked kept. */
const CORRECTIONS_CACHE = 10_000;
const LETTERS = 'abcdefghijklmnopqrstuvwxyz';

/** Words numbered once for the whole index (the rerank's word numbers), shared rather than copied. */
export interface WordTable {
  readonly words: readonly string[];
  readonly numberOf: ReadonlyMap<string, number>;
}

/**
 * The indexed words, for the query side: how many passages hold each (rarity), which share a stem
 * (inflections), and which are a typo away from an unknown word.
 *
 * Held by word number, in typed arrays beside the index's one table of words (when given one) rather than
 * in maps of their own: a large base has some hundred thousand words, and a map each (counts, stems, the
 * domain) held every word again. Words a stem group starts from are found through the word the stem is
 * (nearly always an indexed word itself), the few others through a small map.
 */
export class Vocabulary {
  private readonly table: WordTable;
  /** Words added that the shared table lacks (tests, and any term the table was not built with). */
  private readonly own = new Map<string, number>();
  private readonly ownWords: string[] = [];
  /** By word number: passages holding the word, -1 when it was not added. */
  private passages = new Int32Array(0);
  /** By word number: the first word added whose stem is this word, -1 when none. */
  private stemHead = new Int32Array(0);
  /** By the number of a group's first word: its last (so a word joins its group at the end). */
  private stemTail = new Int32Array(0);
  /** By word number: the next word added with the same stem, -1 at the end of its group. */
  private nextSameStem = new Int32Array(0);
  /** Stems that were not words when their group began: their group's first word. */
  private readonly otherStems = new Map<string, number>();
  /** Word numbers in the order added (the order typo candidates of a shape are listed in). */
  private order = new Int32Array(0);
  private count = 0;
  /**
   * Indexed words of 6 letters or more by first letter and length: the candidates a two-letter typo of a
   * long word is looked for among (a typo rarely hits the first letter). One-letter typos are looked up.
   * Grouped when a long word first needs it, not when the index opens.
   */
  private byShape: Map<string, string[]> | undefined;
  private readonly corrections = new Map<string, string[]>();

  constructor(table: WordTable = { words: [], numberOf: new Map() }) {
    this.table = table;
    this.grow(table.words.length);
  }

  /** Adds an indexed word (`s`: its stem, when already known). */
  add(term: string, passages: number, s = stem(term)): void {
    const n = this.numberOf(term, true) as number;
    const known = (this.passages[n] as number) >= 0;
    this.passages[n] = passages;
    this.byShape = undefined;
    if (known) return;
    if (this.count === this.order.length) this.order = grown(this.order, this.count * 2 + 16, 0);
    this.order[this.count++] = n;
    const head = this.groupOf(s);
    if (head < 0) {
      const stemNumber = this.numberOf(s, false);
      if (stemNumber === undefined) this.otherStems.set(s, n);
      else this.stemHead[stemNumber] = n;
      this.stemTail[n] = n;
    } else {
      this.nextSameStem[this.stemTail[head] as number] = n;
      this.stemTail[head] = n;
    }
  }

  /** The first word added with stem `s`, -1 when none. */
  private groupOf(s: string): number {
    const other = this.otherStems.get(s);
    if (other !== undefined) return other;
    const stemNumber = this.numberOf(s, false);
    return stemNumber === undefined ? -1 : (this.stemHead[stemNumber] as number);
  }

  has(word: string): boolean {
    return this.df(word) !== undefined;
  }

  /** Passages containing the word, undefined when it is not indexed. */
  df(word: string): number | undefined {
    const n = this.numberOf(word, false);
    if (n === undefined) return undefined;
    const passages = this.passages[n] as number;
    return passages >= 0 ? passages : undefined;
  }

  /** Passages containing the first word of a variant (a phrase's postings are bounded by its first word's). */
  postings(variant: string): number {
    const space = variant.indexOf(' ');
    return this.df(space < 0 ? variant : variant.slice(0, space)) ?? 0;
  }

  /** Indexed words sharing the word's stem: "asking" → ask, asked, asking, asks. */
  inflections(word: string): string[] {
    const found = this.sameStem(stem(word));
    return this.has(word) && !found.includes(word) ? [word, ...found] : found;
  }

  /** The words added with stem `s`, in the order added. */
  private sameStem(s: string): string[] {
    const found: string[] = [];
    for (let n = this.groupOf(s); n >= 0; n = this.nextSameStem[n] as number) found.push(this.word(n));
    return found;
  }

  private word(n: number): string {
    const shared = this.table.words.length;
    return n < shared ? (this.table.words[n] as string) : (this.ownWords[n - shared] as string);
  }

  /** The word's number (given one, when `add`, if it has none yet). */
  private numberOf(word: string, add: boolean): number | undefined {
    const n = this.table.numberOf.get(word) ?? (this.own.size > 0 ? this.own.get(word) : undefined);
    if (n !== undefined || !add) return n;
    const next = this.table.words.length + this.ownWords.length;
    this.own.set(word, next);
    this.ownWords.push(word);
    if (next >= this.passages.length) this.grow(next * 2 + 16);
    return next;
  }

  private grow(size: number): void {
    this.passages = grown(this.passages, size, -1);
    this.stemHead = grown(this.stemHead, size, -1);
    this.stemTail = grown(this.stemTail, size, -1);
    this.nextSameStem = grown(this.nextSameStem, size, -1);
  }

  /**
   * What an unknown word stands for in the base, memoised: its irregular forms that are indexed ("hold"
   * finds held, "bought" buy) with their inflections; otherwise, unless it is an ordinary English word the
   * base simply lacks ("drone" is not a typo of "done", nor "mall" of "male"), the indexed words a typo
   * away, most common first: one letter dropped, doubled, swapped or changed (two for words of 8 letters
   * or more), never the first.
   */
  correct(word: string): string[] {
    const cached = this.corrections.get(word);
    if (cached) {
      this.corrections.delete(word);
      this.corrections.set(word, cached);
      return cached;
    }
    let result = [...new Set(irregularForms(word).flatMap((f) => this.inflections(f)))];
    if (result.length === 0 && word.length >= 4 && !/\d/.test(word) && !isCommonEnglish(word)) {
      let candidates = this.oneEditAway(word);
      if (candidates.length === 0 && word.length >= 8) candidates = this.twoEditsAway(word);
      candidates.sort((a, b) => (this.df(b) ?? 0) - (this.df(a) ?? 0) || a.localeCompare(b));
      result = [...new Set(candidates.slice(0, 2).flatMap((t) => this.inflections(t)))];
    }
    if (this.corrections.size >= CORRECTIONS_CACHE) {
      const oldest = this.corrections.keys().next().value;
      if (oldest !== undefined) this.corrections.delete(oldest);
    }
    this.corrections.set(word, result);
    return result;
  }

  /** Indexed words one edit (or one swap of neighbours) away, same first letter: a few hundred lookups. */
  private oneEditAway(word: string): string[] {
    const found = new Set<string>();
    const check = (candidate: string) => {
      if (candidate[0] === word[0] && this.has(candidate)) found.add(candidate);
    };
    for (let i = 1; i <= word.length; i++) {
      const head = word.slice(0, i);
      const tail = word.slice(i);
      // The word past the letter at i, sliced once rather than for each of the 26 letters.
      const rest = word.slice(i + 1);
      if (i < word.length) {
        check(head + rest);
        if (i + 1 < word.length)
          check(head + (word[i + 1] as string) + (word[i] as string) + word.slice(i + 2));
      }
      for (const letter of LETTERS) {
        if (i < word.length && letter !== word[i]) check(head + letter + rest);
        check(head + letter + tail);
      }
    }
    return [...found];
  }

  private shapes(): Map<string, string[]> {
    this.byShape ??= shapesOf(Array.from(this.order.subarray(0, this.count), (n) => this.word(n)));
    return this.byShape;
  }

  /** Indexed words of the same first letter and a similar length two edits away. */
  private twoEditsAway(word: string): string[] {
    const found: string[] = [];
    const byShape = this.shapes();
    for (let len = word.length - 2; len <= word.length + 2; len++) {
      for (const term of byShape.get(`${word[0]}${len}`) ?? []) {
        if (!isTransposition(word, term) && distance(word, term) === 2) found.push(term);
      }
    }
    return found;
  }
}

/** Indexed words of 6 letters or more by first letter and length, in the order they were added. */
function shapesOf(words: Iterable<string>): Map<string, string[]> {
  const byShape = new Map<string, string[]>();
  for (const term of words) {
    if (term.length < 6) continue;
    const shape = `${term[0]}${term.length}`;
    const sameShape = byShape.get(shape);
    if (sameShape) sameShape.push(term);
    else byShape.set(shape, [term]);
  }
  return byShape;
}

/** True when b is a with two adjacent letters swapped ("agecny" / "agency"): one typo, not two edits. */
function isTransposition(a: string, b: string): boolean {
  if (a.length !== b.length) return false;
  let i = 0;
  while (i < a.length && a[i] === b[i]) i++;
  return i < a.length - 1 && a[i] === b[i + 1] && a[i + 1] === b[i] && a.slice(i + 2) === b.slice(i + 2);
}

/** `array` copied into one of `size` entries, the new ones `fill`. */
function grown(array: Int32Array, size: number, fill: number): Int32Array<ArrayBuffer> {
  const out = new Int32Array(size).fill(fill);
  out.set(array.subarray(0, Math.min(array.length, size)));
  return out;
}
