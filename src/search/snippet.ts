import { tokenize } from './text.js';
import type { QueryConcept, SearchHit } from './types.js';

const SNIPPET_WORDS = 28;

/**
 * A search hit whose snippet is made the first time it is read: /timeline asks for up to 100 documents
 * and shows none of their snippets, /search shows five.
 */
export function withSnippet(hit: Omit<SearchHit, 'snippet'>, concepts: QueryConcept[]): SearchHit {
  let made: string | undefined;
  return {
    ...hit,
    get snippet() {
      made ??= snippet(hit.best.passage.text, concepts);
      return made;
    },
  };
}

/**
 * The stretch of a passage with the most distinct query concepts, matched words in bold. Works on the
 * original text (so punctuation and capitals survive) by walking its words alongside their folded forms.
 */
export function snippet(text: string, concepts: QueryConcept[], size = SNIPPET_WORDS): string {
  const words = text.split(/\s+/).filter(Boolean);
  const single = new Map<string, number>();
  const phrases: { tokens: string[]; concept: number }[] = [];
  concepts.forEach((c, i) => {
    for (const v of c.variants) {
      if (v.includes(' ')) phrases.push({ tokens: v.split(' '), concept: i });
      else single.set(v, i);
    }
  });
  const folded = words.map(wordTokens);
  const marks: (number | undefined)[] = words.map((_, i) => {
    for (const t of folded[i] ?? []) {
      const c = single.get(t);
      if (c !== undefined) return c;
    }
    return undefined;
  });
  for (const { tokens, concept } of phrases) {
    const first = tokens[0] ?? '';
    for (let i = 0; i + tokens.length <= words.length; i++) {
      // Most words are not the phrase's first: check that before the rest of the phrase.
      if (!(folded[i] ?? []).includes(first)) continue;
      let all = true;
      for (let k = 1; k < tokens.length && all; k++) all = (folded[i + k] ?? []).includes(tokens[k] ?? '');
      if (all) for (let k = 0; k < tokens.length; k++) marks[i + k] = concept;
    }
  }
  // The first window of `size` words holding the most distinct concepts, counted as the window slides.
  const inWindow = new Int32Array(concepts.length);
  let distinct = 0;
  const enter = (m: number | undefined) => {
    if (m === undefined) return;
    if (inWindow[m] === 0) distinct++;
    inWindow[m] = (inWindow[m] ?? 0) + 1;
  };
  const leave = (m: number | undefined) => {
    if (m === undefined) return;
    inWindow[m] = (inWindow[m] ?? 1) - 1;
    if (inWindow[m] === 0) distinct--;
  };
  for (let i = 0; i < Math.min(size, words.length); i++) enter(marks[i]);
  let bestStart = 0;
  let bestScore = distinct;
  for (let start = 1; start < words.length - size + 1; start++) {
    leave(marks[start - 1]);
    enter(marks[start + size - 1]);
    if (distinct > bestScore) {
      bestScore = distinct;
      bestStart = start;
    }
  }
  const end = Math.min(words.length, bestStart + size);
  const out = words
    .slice(bestStart, end)
    .map((w, k) => (marks[bestStart + k] === undefined ? w : boldWord(w)));
  return `${bestStart > 0 ? '… ' : ''}${out.join(' ')}${end < words.length ? ' …' : ''}`.replace(
    /\*\*\s\*\*/g,
    ' ',
  );
}

/** Tokens of one whitespace-separated word; plain words (the vast majority) skip the regex split. */
function wordTokens(word: string): string[] {
  return PLAIN_WORD.test(word) ? [word.toLowerCase()] : tokenize(word);
}
const PLAIN_WORD = /^[A-Za-z0-9]+$/;

function boldWord(word: string): string {
  const m = /^([^\p{L}\p{N}]*)(.*?)([^\p{L}\p{N}]*)$/u.exec(word);
  return m?.[2] ? `${m[1]}**${m[2]}**${m[3]}` : word;
}
