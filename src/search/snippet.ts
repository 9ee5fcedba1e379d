import { isSpace, tokenize } from './text.js';
import type { Doc } from '../kb/schema.js';
import type { PassageHit, QueryConcept, SearchHit } from './types.js';

const SNIPPET_WORDS = 28;

/** Reads a hit's passage text for its snippet without the hit keeping the passage (see Reranker.passageText). */
export interface PassageTexts {
  passageText(hit: PassageHit): string;
}

/**
 * A search hit whose snippet is made the first time it is read: /timeline asks for up to 100 documents
 * and shows none of their snippets, /search shows five. The getter is the class's, and the concepts and
 * `texts` are the search's, shared: a remembered search keeps each hit's fields and snippet, with no
 * getter, closure or passage of its own (about 600 bytes a hit less).
 */
export class SnippetHit implements SearchHit {
  #made: string | undefined;
  readonly #concepts: readonly QueryConcept[];
  readonly #texts: PassageTexts;

  constructor(
    readonly doc: Doc,
    readonly score: number,
    readonly best: PassageHit,
    concepts: readonly QueryConcept[],
    texts: PassageTexts,
  ) {
    this.#concepts = concepts;
    this.#texts = texts;
  }

  get snippet(): string {
    this.#made ??= snippet(this.#texts.passageText(this.best), this.#concepts);
    return this.#made;
  }
}

/**
 * The stretch of a passage with the most distinct query concepts, matched words in bold. Works on the
 * original text (so punctuation and capitals survive): its words are the runs between white space (what
 * `text.split(/\s+/)` gives), each compared with the query's words where it stands, letter by letter and
 * folded as it is read (a word of other than ASCII is tokenised). /search makes five for every page it
 * shows, and a passage is a hundred words or more: only the words of the stretch shown become strings.
 */
export function snippet(text: string, concepts: readonly QueryConcept[], size = SNIPPET_WORDS): string {
  const count = wordsOf(text);
  const { starts, ends, unicode: nonAscii } = scratch;
  const singles: string[] = [];
  const singleConcept: number[] = [];
  const phrases: { tokens: string[]; concept: number }[] = [];
  concepts.forEach((c, i) => {
    for (const v of c.variants) {
      if (v.includes(' ')) phrases.push({ tokens: v.split(' '), concept: i });
      else {
        // The last concept a variant belongs to marks it (as a map from variant to concept would).
        const known = singles.indexOf(v);
        if (known >= 0) singleConcept[known] = i;
        else {
          singles.push(v);
          singleConcept.push(i);
        }
      }
    }
  });
  // The tokens of each word of other than ASCII (tokenize's), by word; the rest are read from the text.
  const unicode = new Map<number, string[]>();
  // The concept each word marks, NONE for none: the first of its tokens that is a single-word variant.
  const marks = scratch.marks;
  for (let i = 0; i < count; i++) {
    const start = starts[i] as number;
    const end = ends[i] as number;
    marks[i] = NONE;
    if (nonAscii[i] === 1) {
      const tokens = tokenize(text.slice(start, end));
      unicode.set(i, tokens);
      for (const t of tokens) {
        const k = singles.indexOf(t);
        if (k >= 0) {
          marks[i] = singleConcept[k] as number;
          break;
        }
      }
      continue;
    }
    for (let a = start; a < end && marks[i] === NONE;) {
      while (a < end && !isAlnum(text.charCodeAt(a))) a++;
      let b = a;
      while (b < end && isAlnum(text.charCodeAt(b))) b++;
      if (b > a)
        for (let k = 0; k < singles.length; k++)
          if (sameToken(text, a, b, singles[k] as string)) {
            marks[i] = singleConcept[k] as number;
            break;
          }
      a = b;
    }
  }
  const holds = (i: number, token: string): boolean => {
    if (i >= count) return false;
    const tokens = unicode.get(i);
    if (tokens) return tokens.includes(token);
    const end = ends[i] as number;
    for (let a = starts[i] as number; a < end;) {
      while (a < end && !isAlnum(text.charCodeAt(a))) a++;
      let b = a;
      while (b < end && isAlnum(text.charCodeAt(b))) b++;
      if (b > a && sameToken(text, a, b, token)) return true;
      a = b;
    }
    return false;
  };
  for (const { tokens, concept } of phrases) {
    const first = tokens[0] ?? '';
    for (let i = 0; i + tokens.length <= count; i++) {
      // Most words are not the phrase's first: check that before the rest of the phrase.
      if (!holds(i, first)) continue;
      let all = true;
      for (let k = 1; k < tokens.length && all; k++) all = holds(i + k, tokens[k] ?? '');
      if (all) for (let k = 0; k < tokens.length; k++) marks[i + k] = concept;
    }
  }
  // The first window of `size` words holding the most distinct concepts, counted as the window slides.
  const inWindow = new Int32Array(concepts.length);
  let distinct = 0;
  const enter = (m: number) => {
    if (m === NONE) return;
    if (inWindow[m] === 0) distinct++;
    inWindow[m] = (inWindow[m] ?? 0) + 1;
  };
  const leave = (m: number) => {
    if (m === NONE) return;
    inWindow[m] = (inWindow[m] ?? 1) - 1;
    if (inWindow[m] === 0) distinct--;
  };
  for (let i = 0; i < Math.min(size, count); i++) enter(marks[i] as number);
  let bestStart = 0;
  let bestScore = distinct;
  for (let start = 1; start < count - size + 1; start++) {
    leave(marks[start - 1] as number);
    enter(marks[start + size - 1] as number);
    if (distinct > bestScore) {
      bestScore = distinct;
      bestStart = start;
    }
  }
  const end = Math.min(count, bestStart + size);
  let out = '';
  for (let i = bestStart; i < end; i++) {
    const w = text.slice(starts[i] as number, ends[i] as number);
    out += `${i > bestStart ? ' ' : ''}${marks[i] === NONE ? w : boldWord(w)}`;
  }
  return `${bestStart > 0 ? '… ' : ''}${out}${end < count ? ' …' : ''}`.replace(/\*\*\s\*\*/g, ' ');
}

/**
 * The words of the last text read: where each starts and ends, whether it holds other than ASCII, and
 * its mark. Grown, never shrunk.
 */
const scratch = {
  starts: new Int32Array(256),
  ends: new Int32Array(256),
  unicode: new Uint8Array(256),
  marks: new Int32Array(256),
};

/** Finds the text's words (runs of characters other than white space) into `scratch`; returns how many. */
function wordsOf(text: string): number {
  let count = 0;
  const length = text.length;
  let i = 0;
  while (i < length) {
    let c = text.charCodeAt(i);
    while (isSpace(c) && ++i < length) c = text.charCodeAt(i);
    if (i >= length) break;
    const start = i;
    let unicode = 0;
    while (!isSpace(c)) {
      if (c >= 128) unicode = 1;
      if (++i >= length) break;
      c = text.charCodeAt(i);
    }
    if (count === scratch.starts.length) grow();
    scratch.starts[count] = start;
    scratch.ends[count] = i;
    scratch.unicode[count] = unicode;
    count++;
  }
  return count;
}

function grow(): void {
  const size = scratch.starts.length * 2;
  const starts = new Int32Array(size);
  const ends = new Int32Array(size);
  const unicode = new Uint8Array(size);
  starts.set(scratch.starts);
  ends.set(scratch.ends);
  unicode.set(scratch.unicode);
  scratch.starts = starts;
  scratch.ends = ends;
  scratch.unicode = unicode;
  scratch.marks = new Int32Array(size);
}

/** An ASCII letter or digit: what a token of ASCII text is made of (see tokenize). */
function isAlnum(c: number): boolean {
  return (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || (c >= 48 && c <= 57);
}

/** True when text[a, b), lowercased, is `token`. */
function sameToken(text: string, a: number, b: number, token: string): boolean {
  if (b - a !== token.length) return false;
  for (let k = 0; k < token.length; k++) {
    let c = text.charCodeAt(a + k);
    if (c >= 65 && c <= 90) c += 32;
    if (c !== token.charCodeAt(k)) return false;
  }
  return true;
}

const NONE = -1;

function boldWord(word: string): string {
  const m = /^([^\p{L}\p{N}]*)(.*?)([^\p{L}\p{N}]*)$/u.exec(word);
  return m?.[2] ? `${m[1]}**${m[2]}**${m[3]}` : word;
}
