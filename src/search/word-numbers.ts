import { tokenize } from './text.js';

/**
 * Numbers the words of texts as they are met (0, 1, 2, … in order of first appearance), for the word sets
 * built with the index. Building the sets of a large base reads every passage once: the plain-ASCII text
 * most passages are is scanned here character by character (runs of letters and digits, lowercased, as
 * tokenString and FTS5's unicode61 cut them) and looked up in an open-addressing table keyed by the
 * characters themselves, so no token string is made for a word already numbered. That is several times
 * cheaper than lowercasing, splitting and a Map lookup per token; other text goes through tokenize().
 */
export class WordNumbers {
  /** The words, by number. */
  readonly words: string[] = [];
  /** Word number + 1 by slot (0: empty); slots are the words' hashes, probed linearly. */
  private slots = new Int32Array(1 << 16);
  private hashes = new Int32Array(1 << 16);
  private out = new Int32Array(1024);

  /** The number of each token of `text`, in order (repeats included), in a scratch array valid until the next call. */
  numbersOf(text: string): Int32Array {
    let count = 0;
    const n = text.length;
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
      const start = i;
      let hash = 0x811c9dc5 | 0;
      while (c !== 0) {
        hash = Math.imul(hash ^ c, 0x01000193);
        if (++i === n) break;
        code = text.charCodeAt(i);
        if (code >= 128) return this.numbersOfUnicode(text);
        c = WORD_CHAR[code] as number;
      }
      count = this.push(count, this.lookup(text, start, i, hash));
    }
    return this.out.subarray(0, count);
  }

  private numbersOfUnicode(text: string): Int32Array {
    let count = 0;
    for (const word of tokenize(text)) count = this.push(count, this.numberOfWord(word));
    return this.out.subarray(0, count);
  }

  private push(count: number, n: number): number {
    if (count === this.out.length) {
      const grown = new Int32Array(this.out.length * 2);
      grown.set(this.out);
      this.out = grown;
    }
    this.out[count] = n;
    return count + 1;
  }

  /** The number of an already tokenised word. */
  private numberOfWord(word: string): number {
    let hash = 0x811c9dc5 | 0;
    for (let i = 0; i < word.length; i++) hash = Math.imul(hash ^ word.charCodeAt(i), 0x01000193);
    return this.lookup(word, 0, word.length, hash, true);
  }

  /** The number of text[start, end) lowercased (`exact`: the text is already a lowercase token). */
  private lookup(text: string, start: number, end: number, hash: number, exact = false): number {
    const mask = this.slots.length - 1;
    for (let slot = hash & mask; ; slot = (slot + 1) & mask) {
      const held = this.slots[slot] as number;
      if (held === 0) break;
      if (this.hashes[slot] === hash && sameWord(this.words[held - 1] as string, text, start, end))
        return held - 1;
    }
    const word = exact ? text : text.slice(start, end).toLowerCase();
    const n = this.words.length;
    this.words.push(word);
    if ((n + 1) * 2 > this.slots.length) this.grow();
    this.place(n, hash);
    return n;
  }

  private place(n: number, hash: number): void {
    const mask = this.slots.length - 1;
    let slot = hash & mask;
    while (this.slots[slot] !== 0) slot = (slot + 1) & mask;
    this.slots[slot] = n + 1;
    this.hashes[slot] = hash;
  }

  private grow(): void {
    const slots = this.slots;
    const hashes = this.hashes;
    this.slots = new Int32Array(slots.length * 2);
    this.hashes = new Int32Array(slots.length * 2);
    for (let s = 0; s < slots.length; s++) {
      const held = slots[s] as number;
      if (held !== 0) this.place(held - 1, hashes[s] as number);
    }
  }
}

/** By ASCII code: the lowercase code of a letter or digit, 0 for anything else. */
const WORD_CHAR = new Uint8Array(128);
for (let c = 48; c <= 57; c++) WORD_CHAR[c] = c;
for (let c = 97; c <= 122; c++) WORD_CHAR[c] = c;
for (let c = 65; c <= 90; c++) WORD_CHAR[c] = c + 32;

/** True when `word` is text[start, end) lowercased. */
function sameWord(word: string, text: string, start: number, end: number): boolean {
  if (word.length !== end - start) return false;
  for (let i = 0; i < word.length; i++) {
    const c = text.charCodeAt(start + i);
    if (word.charCodeAt(i) !== (c < 128 ? WORD_CHAR[c] : c)) return false;
  }
  return true;
}
