import { holdsWords, STOP_WORDS, tokenize, tokenString } from './text.js';
import type { QueryConcept } from './types.js';

/** Words a question's words are looked up in (the base's domain: a Set, or the index's words flagged). */
export interface WordSet {
  has(word: string): boolean;
}

/**
 * How much of a question a text answers: the share of the question's concepts, each weighted, that the
 * text contains. Used twice: to rerank passages, and to judge whether the best entry answers at all.
 */
export function share(
  concepts: readonly QueryConcept[],
  weights: readonly number[],
  matched: readonly string[],
): number {
  // The rerank asks this for every row SQLite returns: plain loops over the few matched variants, with no
  // Set or closure made per row (the same sums in the same order as weightedShare).
  let total = 0;
  let found = 0;
  for (let i = 0; i < concepts.length; i++) {
    const w = weights[i] ?? 0;
    total += w;
    if (holdsAny(matched, (concepts[i] as QueryConcept).variants)) found += w;
  }
  return total === 0 ? 0 : found / total;
}

function holdsAny(matched: readonly string[], variants: readonly string[]): boolean {
  for (const v of variants) if (matched.includes(v)) return true;
  return false;
}

/**
 * share() for judging: a concept of the question's context (a thread's title) counts only when found, so
 * the context can show what a short question is about but never makes a good answer look worse.
 */
export function judgedShare(
  concepts: readonly QueryConcept[],
  weights: readonly number[],
  matched: Set<string>,
): number {
  return weightedShare(concepts, weights, matched, (c) => c.context === true);
}

/** True when every word of the concept is one of the question's names ("Google Nest", "Interpol"). */
export function isName(c: QueryConcept, names: ReadonlySet<string>): boolean {
  return names.size > 0 && c.text.split(' ').every((t) => names.has(t));
}

function weightedShare(
  concepts: readonly QueryConcept[],
  weights: readonly number[],
  matched: Set<string>,
  onlyWhenFound: (c: QueryConcept) => boolean = () => false,
): number {
  let total = 0;
  let found = 0;
  concepts.forEach((c, i) => {
    const w = weights[i] ?? 0;
    const hit = c.variants.some((v) => matched.has(v));
    if (hit || !onlyWhenFound(c)) total += w;
    if (hit) found += w;
  });
  return total === 0 ? 0 : found / total;
}

/** A text's tokens as one space-padded string, plus a word set once the text is read again. */
export interface TokenIndex {
  joined: string;
  words?: Set<string>;
}

export function tokenIndex(text: string): TokenIndex {
  return { joined: ` ${tokenString(text)} ` };
}

/** The variants (words or phrases) of any concept that occur in the indexed text. */
export function variantsIn(tokens: TokenIndex, concepts: readonly QueryConcept[]): string[] {
  const found: string[] = [];
  for (const c of concepts) {
    for (const v of c.variants) {
      const present = tokens.words && !v.includes(' ') ? tokens.words.has(v) : holdsWords(tokens.joined, v);
      if (present) found.push(v);
    }
  }
  return found;
}

/** The variants (words or phrases) of any concept that occur in `text`. */
export function matchedVariants(text: string, concepts: readonly QueryConcept[]): string[] {
  return variantsIn(tokenIndex(text), concepts);
}

/**
 * Weights for judging whether an entry answers the question (not for ranking). Starting from rarity:
 * - words of the knowledge base's own vocabulary (titles, aliases, questions, tags, summaries, synonyms)
 *   count fully; words found only deep in bodies count a third ("going", "supposed", "mean");
 * - a word nothing matches counts as the rarest (it is what the base lacks: "drone", a company's name),
 *   except chat ("hell", "gonna", "supposed"), which counts little wherever it is found;
 * - places count nothing here: search judges them separately (see PlaceJudgement);
 * - words of the question's context (a thread's title) count half.
 */
export function judgeWeights(
  concepts: readonly QueryConcept[],
  rarity: readonly number[],
  options: { domain: WordSet; places: Set<string>; unheld?: ReadonlySet<string> },
): number[] {
  const max = Math.max(0, ...rarity);
  return concepts.map((c, i) => {
    let w = rarity[i] ?? 0;
    if (options.places.has(c.text)) return 0;
    // A name the base does not hold as a whole ("Interpol", "Aer Lingus", "Google Nest") is /ask's to
    // judge: it says it has nothing on the name, then answers the rest when the entries do.
    if (options.unheld && isName(c, options.unheld)) return 0;
    if (CHAT.has(c.text)) w = 0.1 * max;
    else if (!c.known) w = OUT_OF_DOMAIN * max;
    else if (!inDomain(c, options.domain)) w *= OUT_OF_DOMAIN;
    return c.context ? w / 2 : w;
  });
}

/** What a word the base never uses as a topic counts for, against one it does. */
const OUT_OF_DOMAIN = 0.35;

/**
 * True when the question is mostly about something the base does not cover: its words that are not the
 * base's topics outweigh, by rarity, those that are. "drone surveillance rules in Ohio" is about drones,
 * which answering from other states' face recognition laws would not answer; "can my job force me to use
 * facial recognition in Florida" is not, and neither is a question with one stray word ("hand them over").
 * Context, chat and names are left out (names are /ask's to judge).
 */
export function offTopic(
  concepts: readonly QueryConcept[],
  rarity: readonly number[],
  domain: WordSet,
  names: Set<string>,
): boolean {
  let on = 0;
  let off = 0;
  concepts.forEach((c, i) => {
    if (c.context || CHAT.has(c.text) || isName(c, names)) return;
    const r = rarity[i] ?? 0;
    if (onTopic(c, domain)) on += r;
    else off += r;
  });
  return off > on;
}

/** True when the concept is one of the base's own topics (not chat, and in its vocabulary). */
export function onTopic(c: QueryConcept, domain: WordSet): boolean {
  return !CHAT.has(c.text) && c.known && inDomain(c, domain);
}

function inDomain(c: QueryConcept, domain: WordSet): boolean {
  return c.variants.some((v) => v.split(' ').every((t) => domain.has(t)));
}

/**
 * The words of a hedge opening the question ("Not to seem completely paranoid, but…", "Sorry if this is
 * obvious, but…"): a clause before "but" holding no word of the base's vocabulary. They are not part of
 * what is asked, so they are neither searched for nor missed in an answer. Words the rest repeats stay.
 */
export function hedgeWords(text: string, domain: WordSet): Set<string> {
  const m = /^\s*([^.?!;:]{1,120}?),\s*but\s+(.+)$/is.exec(text);
  if (!m) return new Set();
  const words = tokenize(m[1] as string).filter((w) => !STOP_WORDS.has(w));
  if (words.length === 0 || words.some((w) => domain.has(w))) return new Set();
  const rest = new Set(tokenize(m[2] as string));
  return new Set(words.filter((w) => !rest.has(w)));
}

/** Words of chat that carry no topic ("so they banned software, how's that gonna be enforced?"). */
const CHAT = new Set(
  `hell heck damn dang gonna wanna gotta going supposed mean means meant lol lmao guys folks really actually
  basically literally anyway anyways stuff thing things kinda sorta pretty okay ok yeah yep nope wow omg
  wtf hey hi hello thanks thank please honestly seriously exactly whatever someone somebody people guess
  wonder wondering curious idea ideas think thought seems seem sure probably maybe`.split(/\s+/),
);
