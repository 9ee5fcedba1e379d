import { tokenize } from './text.js';

/**
 * Numbers the words of texts as they are met (0, 1, 2, … in order of first appearance), for the word sets
 * built with the index. Building the sets of a large base reads every passage once: the plain-ASCII text
 * most passages are is scanned here character by character (runs of letters and digits, lowercased, as
 * tokenString and FTS5's unicode61 cut them) and looked up in an open-addressing table keyed by the
 * characters themselves, so no token string is made for a word already numbered. That is several times
 * cheaper than lowercasing, splitting and a Map lookup per token; other text goes through tokenize().
 * A token is compared with the words' characters kept one after another in one array, not with their
 * strings: 4 million tokens at 10,000 entries took 0.8 s against strings, 0.35 s so.
 */
export class WordNumbers {
  /** The words, by number. */
  readonly words: string[] = [];
  /**
   * The open-addressing table, four numbers a slot: word number + 1 (0: empty), hash, and where the word's
   * characters are in `chars` (start, length); slots are the words' hashes, probed linearly. A slot is
   * one piece of memory to fetch, where separate arrays were one each (the build's inserts leave little
   * of them in the processor's caches between rows).
   */
  private table = new Int32Array(4 << 16);
  /**
   * Every word's characters (UTF-16 code units) one after another: a token is compared with these
   * rather than with the word's string, which sits elsewhere in the heap.
   */
  private chars = new Uint16Array(1 << 18);
  private used = 0;
  /** The token being numbered, lowercased. */
  private token = new Uint16Array(256);
  private out = new Int32Array(1024);

  /** The number of each token of `text`, in order (repeats included), in a scratch array valid until the next call. */
  numbersOf(text: string): Int32Array {
    let count = 0;
    const n = text.length;
    let out = this.out;
    if (out.length < (n >> 1) + 1) out = this.out = new Int32Array(Math.max((n >> 1) + 1, out.length * 2));
    if (this.token.length < n) this.token = new Uint16Array(Math.max(n, this.token.length * 2));
    const token = this.token;
    let i = 0;
    while (i < n) {
      let code = text.charCodeAt(i);
      // Other than plain ASCII: the whole text is tokenised (the words numbered so far are its first).
      if (code >= 128) return this.numbersOfUnicode(text);
      // Lowercase code of a letter or digit, 0 for anything else.
      let c = WORD_CHAR[code] as number;
      if (c === 0) {
        i++;
        continue;
      }
      let length = 0;
      let hash = 0x811c9dc5 | 0;
      while (c !== 0) {
        hash = Math.imul(hash ^ c, 0x01000193);
        token[length++] = c;
        if (++i === n) break;
        code = text.charCodeAt(i);
        if (code >= 128) return this.numbersOfUnicode(text);
        c = WORD_CHAR[code] as number;
      }
      let number = this.find(length, hash);
      if (number < 0) number = this.add(text.slice(i - length, i).toLowerCase(), hash);
      // A token takes a character and a separator at least, so `out` holds them all.
      out[count++] = number;
    }
    return out.subarray(0, count);
  }

  private numbersOfUnicode(text: string): Int32Array {
    const words = tokenize(text);
    if (this.out.length < words.length)
      this.out = new Int32Array(Math.max(words.length, this.out.length * 2));
    for (let w = 0; w < words.length; w++) this.out[w] = this.numberOfWord(words[w] as string);
    return this.out.subarray(0, words.length);
  }

  /** The number of an already tokenised word, numbering it when new. */
  private numberOfWord(word: string): number {
    const hash = this.hashWord(word);
    const number = this.find(word.length, hash);
    return number < 0 ? this.add(word, hash) : number;
  }

  /** The number of a word (a token: lowercase, as FTS5 indexes it), or undefined when it has none. */
  numberOf(word: string): number | undefined {
    const number = this.find(word.length, this.hashWord(word));
    return number < 0 ? undefined : number;
  }

  /** Hashes `word` and puts its characters in `token`. */
  private hashWord(word: string): number {
    if (this.token.length < word.length)
      this.token = new Uint16Array(Math.max(word.length, this.token.length * 2));
    let hash = 0x811c9dc5 | 0;
    for (let i = 0; i < word.length; i++) {
      const c = word.charCodeAt(i);
      hash = Math.imul(hash ^ c, 0x01000193);
      this.token[i] = c;
    }
    return hash;
  }

  /** The number of the word in `token[0, length)` with hash `hash`, or -1 when it has none yet. */
  private find(length: number, hash: number): number {
    const { table, chars, token } = this;
    const mask = table.length - 4;
    for (let at = (hash << 2) & mask; ; at = (at + 4) & mask) {
      const held = table[at] as number;
      if (held === 0) return -1;
      if (table[at + 1] !== hash || table[at + 3] !== length) continue;
      const start = table[at + 2] as number;
      let i = 0;
      while (i < length && chars[start + i] === token[i]) i++;
      if (i === length) return held - 1;
    }
  }

  /** Numbers `word` (its lowercase characters in `token`), new. */
  private add(word: string, hash: number): number {
    const n = this.words.length;
    this.words.push(word);
    const start = this.used;
    if (start + word.length > this.chars.length) {
      const chars = new Uint16Array(Math.max(start + word.length, this.chars.length * 2));
      chars.set(this.chars);
      this.chars = chars;
    }
    this.chars.set(this.token.subarray(0, word.length), start);
    this.used += word.length;
    if ((n + 1) * 2 > this.table.length >> 2) this.grow();
    this.place(this.table, n, hash, start, word.length);
    return n;
  }

  private place(table: Int32Array, n: number, hash: number, start: number, length: number): void {
    const mask = table.length - 4;
    let at = (hash << 2) & mask;
    while (table[at] !== 0) at = (at + 4) & mask;
    table[at] = n + 1;
    table[at + 1] = hash;
    table[at + 2] = start;
    table[at + 3] = length;
  }

  private grow(): void {
    const old = this.table;
    this.table = new Int32Array(old.length * 2);
    for (let at = 0; at < old.length; at += 4) {
      const held = old[at] as number;
      if (held !== 0)
        this.place(this.table, held - 1, old[at + 1] as number, old[at + 2] as number, old[at + 3] as number);
    }
  }
}

/** By ASCII code: the lowercase code of a letter or digit, 0 for anything else. */
const WORD_CHAR = new Uint8Array(128);
for (let c = 48; c <= 57; c++) WORD_CHAR[c] = c;
for (let c = 97; c <= 122; c++) WORD_CHAR[c] = c;
for (let c = 65; c <= 90; c++) WORD_CHAR[c] = c + 32;
