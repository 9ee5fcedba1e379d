import type { Facet, Library } from '../kb/library.js';
import { normalizeName } from '../kb/normalize.js';
import type { DocType } from '../kb/schema.js';

/** Discord sends at most 100 characters of a focused option; anything longer is cut before matching. */
const MAX_TYPED = 100;

export interface Choice {
  name: string;
  value: string;
}

/** Choice lists already answered, per library: members type the same few prefixes again and again. */
const docChoiceLists = new WeakMap<Library, Map<string, readonly Choice[]>>();
/** Distinct (prefix, type) lists remembered per library. */
const MAX_DOC_CHOICE_LISTS = 2_000;

/** Entries whose names match what the member has typed so far, best first; the value is the id. */
export function docChoices(library: Library, typed: string, type?: DocType | readonly DocType[]): Choice[] {
  const input = typed.slice(0, MAX_TYPED);
  let lists = docChoiceLists.get(library);
  if (!lists) {
    lists = new Map();
    docChoiceLists.set(library, lists);
  }
  const key = JSON.stringify([input, type ?? null]);
  let choices = lists.get(key);
  if (!choices) {
    const docs = input.trim()
      ? library.suggest(input, { ...(type ? { type } : {}), limit: 25 })
      : (type ? library.byType(type) : [...library.docs])
          .sort((a, b) => b.date.localeCompare(a.date))
          .slice(0, 25);
    choices = docs.map((d) => ({ name: `${d.title} (${d.type}, ${d.date.slice(0, 4)})`, value: d.id }));
    if (lists.size >= MAX_DOC_CHOICE_LISTS) lists.clear();
    lists.set(key, choices);
  }
  return choices.map((c) => ({ ...c }));
}

/** Facet values (organisations, signatories) containing what was typed, most used first. */
export function facetChoices(facets: readonly Facet[], typed: string): Choice[] {
  const q = normalizeName(typed.slice(0, MAX_TYPED));
  const matching = q ? facets.filter((f) => normalizeName(f.label).includes(q)) : facets;
  const starts = matching.filter((f) => normalizeName(f.label).startsWith(q));
  const rest = matching.filter((f) => !normalizeName(f.label).startsWith(q));
  return [...starts, ...rest].slice(0, 25).map((f) => ({ name: `${f.label} (${f.count})`, value: f.value }));
}

/** Jurisdictions: those with laws first (with counts), then every other known code. */
export function jurisdictionChoices(library: Library, input: string): Choice[] {
  const withLaws = library.jurisdictions();
  const known = new Set(withLaws.map((f) => f.value));
  const all: Facet[] = [
    ...withLaws,
    ...library.places
      .all()
      .filter(({ code }) => !known.has(code))
      .map(({ code, name }) => ({ value: code, label: name, count: 0 })),
  ];
  const q = normalizeName(input.slice(0, MAX_TYPED));
  return all
    .filter((f) => !q || normalizeName(f.label).includes(q) || normalizeName(f.value).includes(q))
    .slice(0, 25)
    .map((f) => ({
      name: f.count ? `${f.label} (${f.value}) · ${f.count}` : `${f.label} (${f.value})`,
      value: f.value,
    }));
}
