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
  for (const p of phrases) {
    for (let i = 0; i + p.tokens.length <= words.length; i++) {
      if (p.tokens.every((t, k) => (folded[i + k] ?? []).includes(t))) {
        for (let k = 0; k < p.tokens.length; k++) marks[i + k] = p.concept;
      }
    }
  }
  let bestStart = 0;
  let bestScore = -1;
  for (let start = 0; start < Math.max(1, words.length - size + 1); start++) {
    const distinct = new Set(marks.slice(start, start + size).filter((m) => m !== undefined)).size;
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
