import { distance } from 'fastest-levenshtein';
import { irregularForms, isCommonEnglish } from './english-words.js';
import { stem } from './text.js';

/** Unknown words whose corrections are remembered, most recently asked kept. */
const CORRECTIONS_CACHE = 10_000;
const LETTERS = 'abcdefghijklmnopqrstuvwxyz';

/**
 * The indexed words, for the query side: how many passages hold each (rarity), which share a stem
 * (inflections), and which are a typo away from an unknown word.
 */
export class Vocabulary {
  /** Indexed word → number of passages containing it. */
  readonly df = new Map<string, number>();
  /** Porter stem → indexed words with that stem ("consent" → consent, consents, consented). */
  private readonly byStem = new Map<string, string[]>();
  /**
   * Indexed words of 6 letters or more by first letter and length: the candidates a two-letter typo of a
   * long word is looked for among (a typo rarely hits the first letter). One-letter typos are looked up.
   * Grouped when a long word first needs it, not when the index opens.
   */
  private byShape: Map<string, string[]> | undefined;
  private readonly corrections = new Map<string, string[]>();

  /** Adds an indexed word (`s`: its stem, when already known). */
  add(term: string, passages: number, s = stem(term)): void {
    this.df.set(term, passages);
    const group = this.byStem.get(s);
    if (group) group.push(term);
    else this.byStem.set(s, [term]);
    this.byShape = undefined;
  }

  has(word: string): boolean {
    return this.df.has(word);
  }

  /** Passages containing the first word of a variant (a phrase's postings are bounded by its first word's). */
  postings(variant: string): number {
    return this.df.get(variant.split(' ')[0] as string) ?? 0;
  }

  /** Indexed words sharing the word's stem: "asking" → ask, asked, asking, asks. */
  inflections(word: string): string[] {
    const found = this.byStem.get(stem(word)) ?? [];
    return this.df.has(word) && !found.includes(word) ? [word, ...found] : found;
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
      candidates.sort((a, b) => (this.df.get(b) ?? 0) - (this.df.get(a) ?? 0) || a.localeCompare(b));
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
      if (candidate[0] === word[0] && this.df.has(candidate)) found.add(candidate);
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
    this.byShape ??= shapesOf(this.df.keys());
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
