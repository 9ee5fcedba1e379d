import { tokenize } from './text.js';
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
 * original text (so punctuation and capitals survive) by walking its words alongside their folded forms.
 * /search makes five for every page it shows: a plain word's folded form is one string (not an array of
 * one), and the marks are numbers in one typed array, so a snippet makes little beyond its words.
 */
export function snippet(text: string, concepts: readonly QueryConcept[], size = SNIPPET_WORDS): string {
  const words = text.split(/\s+/).filter(Boolean);
  const single = new Map<string, number>();
  const phrases: { tokens: string[]; concept: number }[] = [];
  concepts.forEach((c, i) => {
    for (const v of c.variants) {
      if (v.includes(' ')) phrases.push({ tokens: v.split(' '), concept: i });
      else single.set(v, i);
    }
  });
  // Each word's folded tokens: the one token of a plain word, else the word's tokens (see wordTokens).
  const folded: (string | string[])[] = new Array(words.length);
  // The concept each word marks, NONE for none.
  const marks = new Int32Array(words.length).fill(NONE);
  for (let i = 0; i < words.length; i++) {
    const word = words[i] as string;
    if (PLAIN_WORD.test(word)) {
      const token = word.toLowerCase();
      folded[i] = token;
      const c = single.get(token);
      if (c !== undefined) marks[i] = c;
    } else {
      const tokens = tokenize(word);
      folded[i] = tokens;
      for (const t of tokens) {
        const c = single.get(t);
        if (c !== undefined) {
          marks[i] = c;
          break;
        }
      }
    }
  }
  for (const { tokens, concept } of phrases) {
    const first = tokens[0] ?? '';
    for (let i = 0; i + tokens.length <= words.length; i++) {
      // Most words are not the phrase's first: check that before the rest of the phrase.
      if (!holds(folded[i], first)) continue;
      let all = true;
      for (let k = 1; k < tokens.length && all; k++) all = holds(folded[i + k], tokens[k] ?? '');
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
  for (let i = 0; i < Math.min(size, words.length); i++) enter(marks[i] as number);
  let bestStart = 0;
  let bestScore = distinct;
  for (let start = 1; start < words.length - size + 1; start++) {
    leave(marks[start - 1] as number);
    enter(marks[start + size - 1] as number);
    if (distinct > bestScore) {
      bestScore = distinct;
      bestStart = start;
    }
  }
  const end = Math.min(words.length, bestStart + size);
  let out = '';
  for (let i = bestStart; i < end; i++) {
    const w = words[i] as string;
    out += `${i > bestStart ? ' ' : ''}${marks[i] === NONE ? w : boldWord(w)}`;
  }
  return `${bestStart > 0 ? '… ' : ''}${out}${end < words.length ? ' …' : ''}`.replace(/\*\*\s\*\*/g, ' ');
}

const NONE = -1;

/** True when a word's folded tokens (as snippet() keeps them) include `token`. */
function holds(folded: string | string[] | undefined, token: string): boolean {
  if (folded === undefined) return false;
  return typeof folded === 'string' ? folded === token : folded.includes(token);
}

const PLAIN_WORD = /^[A-Za-z0-9]+$/;

function boldWord(word: string): string {
  const m = /^([^\p{L}\p{N}]*)(.*?)([^\p{L}\p{N}]*)$/u.exec(word);
  return m?.[2] ? `${m[1]}**${m[2]}**${m[3]}` : word;
}
