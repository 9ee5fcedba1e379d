import { FACET } from './filters.js';
import type { IndexedWord } from './fts-rows.js';
import { stemOnce } from './text.js';
import type { WordNumbers } from './word-numbers.js';

/**
 * The words of a built index as search reads them: each with the passages holding it and its stem, and
 * the words common enough to be ranked alone when the index is built (see CommonTops), by stem.
 */

/** The index's words (see FtsTables.terms), and the common ones grouped (see commonGroups). */
export interface Terms {
  terms: [string, number, string][];
  common: { words: string[]; passages: number[] }[];
}

/**
 * The indexed words but facet tokens, each with its stem (`stemOf`'s, stemOnce's when not given), and the
 * groups of common ones.
 */
export function termsOf(
  words: readonly IndexedWord[],
  commonPostings: number,
  stemOf: (term: string) => string = stemOnce,
): Terms {
  const terms = words
    .filter(([term]) => !FACET.test(term))
    .map(([term, passages]): [string, number, string] => [term, passages, stemOf(term)]);
  return { terms, common: commonGroups(terms, commonPostings) };
}

/**
 * The indexed words grouped by stem whose words `threshold` passages hold together, each group's words
 * sorted (its FTS5 query's phrases in order) with the passages holding each.
 */
function commonGroups(
  terms: [string, number, string][],
  threshold: number,
): { words: string[]; passages: number[] }[] {
  const groups = new Map<string, [string, number][]>();
  for (const [term, passages, s] of terms) {
    const group = groups.get(s);
    if (group) group.push([term, passages]);
    else groups.set(s, [[term, passages]]);
  }
  return [...groups.values()]
    .filter((group) => group.reduce((n, [, passages]) => n + passages, 0) >= threshold)
    .map((group) => {
      const sorted = group.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
      return { words: sorted.map(([w]) => w), passages: sorted.map(([, p]) => p) };
    });
}

/**
 * stemOnce of words, those `numbers` holds stemmed now, at once (a build does it while its child process
 * commits the rows and reads their words back), the others when asked.
 */
export function stemsOf(numbers: WordNumbers): (term: string) => string {
  const stems = numbers.words.map(stemOnce);
  return (term) => {
    const n = numbers.numberOf(term);
    return n === undefined ? stemOnce(term) : (stems[n] as string);
  };
}
