import { distance } from 'fastest-levenshtein';
import { stem } from './text.js';

/**
 * The indexed words, for the query side: how many passages hold each (rarity), which share a stem
 * (inflections), and which are a typo away from an unknown word.
 */
export class Vocabulary {
  /** Indexed word → number of passages containing it. */
  readonly df = new Map<string, number>();
  /** Porter stem → indexed words with that stem ("consent" → consent, consents, consented). */
  private readonly byStem = new Map<string, string[]>();
  /** Indexed words by first letter and length, for typo correction (a typo rarely hits the first letter). */
  private readonly byShape = new Map<string, string[]>();
  private readonly corrections = new Map<string, string[]>();

  add(term: string, passages: number): void {
    this.df.set(term, passages);
    const s = stem(term);
    const group = this.byStem.get(s);
    if (group) group.push(term);
    else this.byStem.set(s, [term]);
    const shape = `${term[0]}${term.length}`;
    const sameShape = this.byShape.get(shape);
    if (sameShape) sameShape.push(term);
    else this.byShape.set(shape, [term]);
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

  /** Indexed words within a small edit distance of an unknown word, most common first; memoised. */
  correct(word: string): string[] {
    const cached = this.corrections.get(word);
    if (cached) return cached;
    let result: string[] = [];
    if (word.length >= 4 && !/\d/.test(word)) {
      const max = word.length >= 8 ? 2 : 1;
      let best = max;
      let candidates: string[] = [];
      for (let len = word.length - max; len <= word.length + max; len++) {
        for (const term of this.byShape.get(`${word[0]}${len}`) ?? []) {
          const d = isTransposition(word, term) ? 1 : distance(word, term);
          if (d < best) {
            best = d;
            candidates = [term];
          } else if (d === best && d <= max) {
            candidates.push(term);
          }
        }
      }
      candidates.sort((a, b) => (this.df.get(b) ?? 0) - (this.df.get(a) ?? 0) || a.localeCompare(b));
      result = [...new Set(candidates.slice(0, 2).flatMap((t) => this.inflections(t)))];
    }
    if (this.corrections.size > 10_000) this.corrections.clear();
    this.corrections.set(word, result);
    return result;
  }
}

/** True when b is a with two adjacent letters swapped ("agecny" / "agency"): one typo, not two edits. */
function isTransposition(a: string, b: string): boolean {
  if (a.length !== b.length) return false;
  let i = 0;
  while (i < a.length && a[i] === b[i]) i++;
  return i < a.length - 1 && a[i] === b[i + 1] && a[i + 1] === b[i] && a.slice(i + 2) === b.slice(i + 2);
}
