import { holdsWords } from './text.js';
import type { QueryConcept } from './types.js';

/**
 * Which words each passage of the index holds (and each entry's names and questions), kept as sorted word
 * numbers in one compact buffer: the rerank asks "which of the question's words does this passage hold?"
 * for every row SQLite returns, and answering from here costs a few hundred nanoseconds a row, where
 * splitting the entry and reading the passage's text again cost tens of microseconds. A row takes about
 * one byte a distinct word (ascending numbers, each stored as its gap to the one before, 7 bits a byte),
 * so a 50,000-entry base's sets take a few tens of megabytes outside JavaScript's heap.
 */
export class WordSets {
  private constructor(
    private readonly bytes: Uint8Array,
    /** Set i is bytes[offsets[i]] up to bytes[offsets[i + 1]]. */
    private readonly offsets: Uint32Array,
  ) {}

  /** The sets in `bytes` at `offsets` (as written by WordSetsBuilder.build, e.g. read back from a file). */
  static of(bytes: Uint8Array, offsets: Uint32Array): WordSets {
    return new WordSets(bytes, offsets);
  }

  get size(): number {
    return this.offsets.length - 1;
  }

  /**
   * Marks in `found` (by position in `wanted`, which must be ascending) the wanted numbers set `i` holds;
   * marks are only ever set, so two sets can be asked in turn for their union.
   */
  mark(i: number, wanted: Int32Array, found: Uint8Array): void {
    let at = this.offsets[i] as number;
    const end = this.offsets[i + 1] as number;
    const last = wanted[wanted.length - 1];
    if (last === undefined) return;
    let word = 0;
    let w = 0;
    while (at < end) {
      let gap = 0;
      let shift = 0;
      let byte: number;
      do {
        byte = this.bytes[at++] as number;
        gap |= (byte & 0x7f) << shift;
        shift += 7;
      } while (byte & 0x80);
      word += gap;
      if (word > last) return;
      while ((wanted[w] as number) < word) w++;
      if (wanted[w] === word) found[w] = 1;
    }
  }

  /**
   * mark() as bits: bit k set when set `i` holds wanted[k]. For at most MAX_BITS wanted numbers, so a row's
   * marks are one number, OR-ed with its entry's, and no array is cleared and filled for each row.
   */
  bits(i: number, wanted: Int32Array): number {
    let at = this.offsets[i] as number;
    const end = this.offsets[i + 1] as number;
    const last = wanted[wanted.length - 1];
    if (last === undefined) return 0;
    let bits = 0;
    let word = 0;
    let w = 0;
    while (at < end) {
      let gap = 0;
      let shift = 0;
      let byte: number;
      do {
        byte = this.bytes[at++] as number;
        gap |= (byte & 0x7f) << shift;
        shift += 7;
      } while (byte & 0x80);
      word += gap;
      if (word > last) return bits;
      while ((wanted[w] as number) < word) w++;
      if (wanted[w] === word) bits |= 1 << w;
    }
    return bits;
  }

  /** The buffers, for writing to a file. */
  parts(): { bytes: Uint8Array; offsets: Uint32Array } {
    return { bytes: this.bytes, offsets: this.offsets };
  }
}

/** Builds WordSets one set at a time, from word numbers or from words numbered by `numberOf`. */
export class WordSetsBuilder {
  private bytes = new Uint8Array(1 << 16);
  private length = 0;
  private readonly offsets: number[] = [0];
  private scratch = new Int32Array(256);

  constructor(private readonly numberOf: (word: string) => number | undefined = () => undefined) {}

  /** Adds the next set: the numbered words among `words` (repeats and unknown words are fine). */
  add(words: readonly string[]): void {
    if (this.scratch.length < words.length) this.scratch = new Int32Array(words.length * 2);
    let count = 0;
    for (const word of words) {
      const n = this.numberOf(word);
      if (n !== undefined) this.scratch[count++] = n;
    }
    this.write(this.scratch.subarray(0, count).sort());
  }

  /** Adds the next set: these word numbers (repeats are fine). */
  addNumbers(numbers: Int32Array): void {
    if (this.scratch.length < numbers.length) this.scratch = new Int32Array(numbers.length * 2);
    const sorted = this.scratch.subarray(0, numbers.length);
    sorted.set(numbers);
    this.write(sorted.sort());
  }

  /** Adds the next set: these word numbers, ascending and distinct. */
  addSorted(numbers: Int32Array): void {
    this.write(numbers);
  }

  build(): WordSets {
    return WordSets.of(this.bytes.slice(0, this.length), Uint32Array.from(this.offsets));
  }

  /** Writes ascending numbers (repeats skipped) as the next set. */
  private write(numbers: Int32Array): void {
    let previous = 0;
    for (let i = 0; i < numbers.length; i++) {
      const n = numbers[i] as number;
      if (i > 0 && n === previous) continue;
      this.writeGap(n - previous);
      previous = n;
    }
    this.offsets.push(this.length);
  }

  private writeGap(gap: number): void {
    if (this.length + 5 > this.bytes.length) {
      const grown = new Uint8Array(this.bytes.length * 2);
      grown.set(this.bytes);
      this.bytes = grown;
    }
    let rest = gap;
    while (rest >= 0x80) {
      this.bytes[this.length++] = (rest & 0x7f) | 0x80;
      rest >>>= 7;
    }
    this.bytes[this.length++] = rest;
  }
}

/** Wanted numbers WordSets.bits() marks in one number (bitwise operators work on 32-bit integers). */
export const MAX_BITS = 31;

/**
 * A question's variants as the rerank looks them up: the numbers of their words (ascending, for
 * WordSets.mark) and a mark per number, filled for one row at a time (or, for at most MAX_BITS numbers,
 * the marks as bits: see WordSets.bits and matchedBits).
 */
export class WordProbe {
  readonly wanted: Int32Array;
  readonly found: Uint8Array;
  /** True when the marks fit in one number (matchedBits may be used). */
  readonly small: boolean;
  /** Each variant, in concept order, with the positions in `wanted` of its words (several for a phrase). */
  private readonly variants: { variant: string; slots: number[]; mask: number }[];
  /** Scratch: whether the row being matched holds each variant. */
  private readonly held: Uint8Array;

  constructor(concepts: readonly QueryConcept[], numberOf: ReadonlyMap<string, number>) {
    const parts = concepts.flatMap((c) =>
      c.variants.map((variant) => ({
        variant,
        words: variant.split(' ').map((w) => numberOf.get(w) ?? -1),
      })),
    );
    const numbers = new Set<number>();
    for (const { words } of parts) for (const n of words) if (n >= 0) numbers.add(n);
    this.wanted = Int32Array.from(numbers).sort();
    this.found = new Uint8Array(this.wanted.length);
    const slotOf = new Map(Array.from(this.wanted, (n, i) => [n, i]));
    // A word no passage holds has no number, and its variant never matches.
    this.variants = parts
      .filter(({ words }) => words.every((n) => n >= 0))
      .map(({ variant, words }) => {
        const slots = words.map((n) => slotOf.get(n) as number);
        return { variant, slots, mask: slots.reduce((m, slot) => m | (1 << slot), 0) };
      });
    this.held = new Uint8Array(this.variants.length);
    this.small = this.wanted.length <= MAX_BITS;
  }

  /** matched() for marks given as bits (WordSets.bits, `small` probes only). */
  matchedBits(bits: number, text: (key: number) => string, key: number): string[] {
    const { variants, held } = this;
    let joined: string | undefined;
    let count = 0;
    for (let i = 0; i < variants.length; i++) {
      const { variant, slots, mask } = variants[i] as { variant: string; slots: number[]; mask: number };
      let holds = (bits & mask) === mask;
      if (holds && slots.length > 1) {
        joined ??= text(key);
        holds = holdsWords(joined, variant);
      }
      held[i] = holds ? 1 : 0;
      if (holds) count++;
    }
    const out = new Array<string>(count);
    for (let i = 0, n = 0; n < count; i++)
      if (held[i] === 1) out[n++] = (variants[i] as { variant: string }).variant;
    return out;
  }

  /**
   * The variants the marked sets hold, as variantsIn() would find them in the text: a word when marked;
   * a phrase when all its words are marked and `text(key)` (the space-padded token string) holds it as written.
   */
  matched(text: (key: number) => string, key: number): string[] {
    // Asked for every row SQLite returns, so no closure is made per row: `text(key)` gives the text. The
    // variants held are counted first and the array made at that size: an array grown by pushing takes
    // room for 17, several times what most rows hold, and a search makes one for each of hundreds of rows.
    const { variants, held } = this;
    let joined: string | undefined;
    let count = 0;
    for (let i = 0; i < variants.length; i++) {
      const { variant, slots } = variants[i] as { variant: string; slots: number[]; mask: number };
      let holds = this.allFound(slots);
      if (holds && slots.length > 1) {
        joined ??= text(key);
        holds = holdsWords(joined, variant);
      }
      held[i] = holds ? 1 : 0;
      if (holds) count++;
    }
    const out = new Array<string>(count);
    for (let i = 0, n = 0; n < count; i++)
      if (held[i] === 1) out[n++] = (variants[i] as { variant: string }).variant;
    return out;
  }

  private allFound(slots: readonly number[]): boolean {
    for (const s of slots) if (this.found[s] !== 1) return false;
    return true;
  }
}
