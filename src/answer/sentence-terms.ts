import type { Places } from '../kb/places.js';
import type { QueryConcept } from '../search/types.js';
import { terms } from './terms.js';

/**
 * The words an extractive answer matches sentences by: the question's concepts (as search understood
 * them), the words that only say what kind of answer is wanted, and the places members name.
 */

/** Place words per table, computed once: the table never changes once loaded. */
const placeWordsByTable = new WeakMap<Places, ReadonlySet<string>>();

/**
 * Places members name ("texas", "new york", "portland"): the jurisdictions' names and their first part,
 * and the short forms of countries and unions written as their codes ("EU").
 */
export function placeWords(places: Places | undefined): ReadonlySet<string> {
  if (!places) return new Set();
  let set = placeWordsByTable.get(places);
  if (!set) {
    set = new Set(
      places.all().flatMap(({ code, name }) => {
        const first = name.split(',')[0] ?? name;
        const short = /^[A-Z]{2}$/.test(code) && code !== 'US' ? [code.toLowerCase()] : [];
        return [...[name, first].map((n) => words(n.replace(/\(.*\)/, '')).join(' ')), ...short];
      }),
    );
    placeWordsByTable.set(places, set);
  }
  return set;
}

/**
 * Words that say what kind of answer is wanted ("how did it end", "which is stricter"), not what it is
 * about: the question type handles them, and an entry that happens to contain "end" answers nothing more.
 */
const FORM_WORDS = new Set(
  `end ended happen happened happens next afterwards outcome result stricter strictest difference differences
  compare compared comparison differ versus stronger weaker tougher big`.split(/\s+/),
);

/**
 * What a sentence must contain to answer the question. With search's concepts: one key per concept,
 * matched by any of its variants (inflections, synonyms, typo corrections) as whole words. Without them:
 * the question's stemmed words.
 */
export function conceptMatcher(question: string, concepts: readonly QueryConcept[] | undefined) {
  const known = concepts?.filter((c) => c.variants.length > 0 && !FORM_WORDS.has(c.text)) ?? [];
  if (known.length === 0) {
    const keys = [...new Set(terms(question))].filter((t) => !FORM_WORDS.has(t));
    return { keys, match: (text: string) => new Set(terms(text)) };
  }
  const compiled = known.map((c) => ({
    key: c.text,
    single: new Set(c.variants.filter((v) => !v.includes(' '))),
    phrases: c.variants.filter((v) => v.includes(' ')).map((v) => ` ${v} `),
  }));
  return {
    keys: compiled.map((c) => c.key),
    match: (text: string) => {
      const list = words(text);
      const present = new Set(list);
      const padded = ` ${list.join(' ')} `;
      const found = new Set<string>();
      for (const c of compiled) {
        let hit = false;
        for (const w of c.single) if (present.has(w)) hit = true;
        if (hit || c.phrases.some((p) => padded.includes(p))) found.add(c.key);
      }
      return found;
    },
  };
}

/** Lowercase, accent-free words, as the search index tokenises them. */
function words(text: string): string[] {
  return text
    .normalize('NFKD')
    .replace(/\p{M}+/gu, '')
    .toLowerCase()
    .split(/[^\p{L}\p{N}]+/u)
    .filter((w) => w.length > 0);
}
