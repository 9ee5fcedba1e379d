import type { Places } from '../kb/places.js';
import type { ModelSentence } from '../llm/types.js';
import type { QueryConcept } from '../search/types.js';
import type { NumberedPassage } from './retrieve-passages.js';
import { splitSentences } from './split-sentences.js';
import { terms } from './terms.js';

/** Below this share of the question's (rarity-weighted) words, a sentence does not answer it. */
export const MIN_SENTENCE_SCORE = 0.2;

/** Place words per table, computed once: the table never changes once loaded. */
const placeWordsByTable = new WeakMap<Places, ReadonlySet<string>>();

/** Places members name ("texas", "new york", "portland"): the jurisdictions' names and their first part. */
function placeWords(places: Places | undefined): ReadonlySet<string> {
  if (!places) return new Set();
  let set = placeWordsByTable.get(places);
  if (!set) {
    set = new Set(
      places.all().flatMap(({ name }) => {
        const first = name.split(',')[0] ?? name;
        return [name, first].map((n) => words(n.replace(/\(.*\)/, '')).join(' '));
      }),
    );
    placeWordsByTable.set(places, set);
  }
  return set;
}

/** Sentences come only from entries covering at least this share of what the best entry covers. */
const ENTRY_MARGIN = 0.85;

export interface Extraction {
  /** Two to four sentences, verbatim from the passages, each citing the passage it came from. */
  sentences: ModelSentence[];
  /** Score of the best sentence, 0..1 (for the evaluation and logs). */
  best: number;
}

interface Unit {
  n: number;
  position: number;
  text: string;
  /** Question concepts the sentence contains. */
  terms: Set<string>;
  /** Its own stemmed words, to skip near-duplicate sentences (computed only for candidates). */
  words?: Set<string>;
  score: number;
}

/**
 * The answer without a model: the sentences of the retrieved passages that best answer the question,
 * quoted as they are, each cited. A sentence scores by the share of the question's words it contains,
 * rare words counting more (idf over the candidate sentences); words of the entry's title and aliases count too, so
 * "It extended the moratorium" still answers a question about Amazon when it sits in Amazon's statement.
 * Pure: no I/O, no clock.
 */
export function answerExtractively(
  question: string,
  passages: readonly NumberedPassage[],
  options: {
    max?: number;
    min?: number;
    perPassage?: number;
    /** The question as search understood it; with it, synonyms count ("employer" finds "business"). */
    concepts?: readonly QueryConcept[] | undefined;
    /** The knowledge base's places: a question naming one is about that place (knowledge/jurisdictions.yml). */
    places?: Places | undefined;
  } = {},
): Extraction {
  const max = options.max ?? 4;
  const min = options.min ?? 2;
  const perPassage = options.perPassage ?? 2;
  const matcher = conceptMatcher(question, options.concepts);
  const wanted = matcher.keys;
  if (wanted.length === 0 || passages.length === 0) return { sentences: [], best: 0 };

  const units: Unit[] = [];
  const titleTerms = new Map<number, Set<string>>();
  for (const p of passages) {
    titleTerms.set(p.n, matcher.match(`${p.doc.title} ${p.doc.aliases.join(' ')}`));
    let position = 0;
    for (const line of p.text.split(/\n\s*\n|\n(?=[\p{Lu}][\p{L} ]{0,40}: )/u)) {
      for (const sentence of splitSentences(line)) {
        const words = sentence.split(/\s+/).length;
        if (words < 4 || sentence.length > 600) continue;
        units.push({
          n: p.n,
          position: position++,
          text: finish(sentence),
          terms: matcher.match(sentence),
          score: 0,
        });
      }
    }
  }
  const weight = new Map<string, number>();
  const places = placeWords(options.places);
  for (const t of wanted) {
    const df = units.filter((u) => u.terms.has(t)).length;
    // A question naming a place is about that place: New York's law does not answer a Texas question.
    weight.set(t, (1 + Math.log((units.length + 1) / (df + 1))) * (places.has(t) ? 4 : 1));
  }
  const total = wanted.reduce((sum, t) => sum + (weight.get(t) ?? 1), 0);
  const share = (found: Set<string>) =>
    wanted.reduce((sum, t) => sum + (found.has(t) ? (weight.get(t) ?? 1) : 0), 0) / total;
  // How much of the question each entry answers, over its title, aliases and every retrieved sentence:
  // a sentence from the Texas law answers a Texas question even when the sentence says "the business".
  const docFound = new Map<string, Set<string>>();
  for (const p of passages) {
    const found = docFound.get(p.doc.id) ?? new Set<string>();
    for (const t of titleTerms.get(p.n) ?? []) found.add(t);
    for (const u of units) if (u.n === p.n) for (const t of u.terms) found.add(t);
    docFound.set(p.doc.id, found);
  }
  const docOf = new Map(passages.map((p) => [p.n, p.doc.id]));
  const entryShare = new Map([...docFound].map(([id, found]) => [id, share(found)]));
  const bestEntry = Math.max(
    0,
    ...units.filter((u) => u.terms.size > 0).map((u) => entryShare.get(docOf.get(u.n) ?? '') ?? 0),
  );
  for (const u of units) {
    const own = share(u.terms);
    const entry = entryShare.get(docOf.get(u.n) ?? '') ?? 0;
    // Sentences come from the entries that answer the most of the question (a Texas question is not
    // answered by New York's law however well a sentence of it matches the other words); within those,
    // sentences that themselves say more of it win. Ties go to the passage search ranked first.
    u.score = own > 0 && entry >= ENTRY_MARGIN * bestEntry ? (2 * entry + own) / 3 + 0.02 / u.n : 0;
  }

  const ranked = units
    .filter((u) => u.score >= MIN_SENTENCE_SCORE)
    .sort((a, b) => b.score - a.score || a.n - b.n);
  const best = ranked[0]?.score ?? 0;
  const chosen: Unit[] = [];
  const perN = new Map<number, number>();
  for (const u of ranked) {
    if (chosen.length >= max) break;
    if (chosen.length >= min && u.score < best * 0.6) break;
    if ((perN.get(u.n) ?? 0) >= perPassage) continue;
    if (chosen.some((c) => overlap(wordsOf(c), wordsOf(u)) > 0.7)) continue;
    chosen.push(u);
    perN.set(u.n, (perN.get(u.n) ?? 0) + 1);
  }
  // Read in a natural order: passages by their best sentence, sentences in their passage's order.
  const passageOrder = [...new Set(chosen.map((u) => u.n))];
  chosen.sort((a, b) => passageOrder.indexOf(a.n) - passageOrder.indexOf(b.n) || a.position - b.position);
  return { sentences: chosen.map((u) => ({ text: u.text, citations: [u.n] })), best: Math.min(1, best) };
}

/**
 * What a sentence must contain to answer the question. With search's concepts: one key per concept,
 * matched by any of its variants (inflections, synonyms, typo corrections) as whole words. Without them:
 * the question's stemmed words.
 */
function conceptMatcher(question: string, concepts: readonly QueryConcept[] | undefined) {
  const known = concepts?.filter((c) => c.variants.length > 0) ?? [];
  if (known.length === 0) {
    const keys = [...new Set(terms(question))];
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

function wordsOf(u: Unit): Set<string> {
  u.words ??= new Set(terms(u.text));
  return u.words;
}

function overlap(a: Set<string>, b: Set<string>): number {
  let shared = 0;
  for (const t of a) if (b.has(t)) shared++;
  return shared / Math.max(1, Math.min(a.size, b.size));
}

/** Key-fact lines ("Consent: …") have no full stop; a sentence in an answer should. */
function finish(sentence: string): string {
  const s = sentence.replace(/[;:,]\s*$/, '').trim();
  return /[.!?]["'”’)]*$/.test(s) ? s : `${s}.`;
}
