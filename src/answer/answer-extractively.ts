import type { Places } from '../kb/places.js';
import type { ModelSentence } from '../llm/types.js';
import type { QueryConcept } from '../search/types.js';
import { compareSides } from './compare-sides.js';
import { FACTS_HEADING } from './question-facts.js';
import { ANSWER_SECTIONS, type QuestionType } from './question-type.js';
import type { NumberedPassage } from './retrieve-passages.js';
import { conceptMatcher, placeWords } from './sentence-terms.js';
import { splitSentences } from './split-sentences.js';
import { terms } from './terms.js';

/** The heading search gives an entry's front-matter passage (src/search/passages.ts). */
const KEY_FACTS = 'Key facts';

/** Below this share of the question's (rarity-weighted) words, a sentence does not answer it. */
export const MIN_SENTENCE_SCORE = 0.2;

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
  /** The heading of its passage ("What followed", "Why it matters", "Key facts"). */
  heading: string;
  /** A structured fact of the entry rather than a sentence of its prose. */
  fact: boolean;
  score: number;
}

/** How much a sentence of the kind the question asks for (a name for who, a date for when) gains. */
const TYPE_BONUS = 0.15;
/** How much a background sentence ("Why it matters", "Context") loses against one that answers. */
const BACKGROUND_PENALTY = 0.1;
const BACKGROUND =
  /^(?:why it matters|context|related|where this comes from|gaps|what is not recorded here|background)$/i;

const MONTH = String.raw`(?:January|February|March|April|May|June|July|August|September|October|November|December)`;
/** What a sentence that answers each kind of question contains. */
const ANSWERS: Partial<Record<QuestionType, { text?: RegExp; heading?: RegExp }>> = {
  who: {
    text: /\b(?:signed|signatories|led by|organi[sz]ed by|joined by|including|introduced|sponsored|announced|wrote|sent|addressed|walked out|withdrew|left)\b|(?:\b[A-Z][\w&.-]+(?: [A-Z][\w&.-]+)*,? ){2,}/,
    heading: /\bwho\b/i,
  },
  when: { text: new RegExp(String.raw`\b${MONTH}\b|\b(?:19|20)\d\d\b`), heading: /\bwhen\b/i },
  'how-much': {
    text: /[$€£]\s?\d|\b\d[\d,.]*\s*(?:million|billion|percent|%|per (?:day|violation))/i,
  },
  'how-long': {
    text: /\b(?:\d+|one|two|three|four|five|six|seven|ten|thirty|a)[- ](?:day|week|month|year)s?\b|\b(?:until|retention|retain|destroy(?:ed)?|delete[sd]?|expire[sd]?|sunset|indefinitely)\b/i,
    heading: /\bretention\b/i,
  },
  after: {
    text: /\b(?:after|afterwards|later|following|since|then|in response|subsequently|went on|in the end|eventually)\b/i,
  },
  requires: {
    text: /\b(?:must|may not|shall|required?s?|requiring|prohibit(?:s|ed)?|ban(?:s|ned)?|only if|unless|before)\b/i,
    heading: /\b(?:require|does|says|rule|provisions?)\b/i,
  },
  can: {
    text: /\b(?:may|must|cannot|can(?:not)?|prohibit(?:s|ed)?|ban(?:s|ned)?|bar(?:s|red)?|allow(?:s|ed)?|permit(?:s|ted)?|unless|only if|lawful|illegal|sue)\b/i,
    heading: /\b(?:require|does|says|rule|enforce)/i,
  },
  'yes-no': {
    text: /\b(?:may|must|cannot|prohibit(?:s|ed)?|ban(?:s|ned)?|allow(?:s|ed)?|committed|will not|would not|no longer|did not|does not|stopped|ended|extended|lifted|deleted)\b/i,
  },
};

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
    /** What kind of answer the question asks for: sentences of that kind are preferred. */
    type?: QuestionType | undefined;
    /** True for "why …?" questions: the background sections are then the answer. */
    why?: boolean | undefined;
    /**
     * Entries of the places the question names, one per place, when it names two ("As a California or EU
     * resident…"): each place's rule is stated, side by side, as for a comparison.
     */
    placeSides?: readonly string[] | undefined;
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
  const headingTerms = new Map<number, Set<string>>();
  // An entry's facts for this question, worded as sentences, stand in for its raw "Key facts" lines.
  const withFacts = new Set(passages.filter((p) => p.heading === FACTS_HEADING).map((p) => p.doc.id));
  for (const p of passages) {
    if (p.heading === KEY_FACTS && withFacts.has(p.doc.id)) continue;
    titleTerms.set(p.n, matcher.match(`${p.doc.title} ${p.doc.aliases.join(' ')}`));
    // A sentence under "What it requires" or "Penalties" is about that, whatever its own words; one in
    // the section that answers this kind of question ("What followed" for what-happened-after) is about
    // its entry as a whole.
    const heading = p.heading === p.doc.title ? new Set<string>() : matcher.match(p.heading);
    if (options.type === 'after' && ANSWER_SECTIONS.after?.test(p.heading))
      for (const t of titleTerms.get(p.n) ?? []) heading.add(t);
    headingTerms.set(p.n, heading);
    let position = 0;
    const fact = p.heading === FACTS_HEADING;
    for (const line of p.text.split(/\n\s*\n|\n(?=[\p{Lu}][\p{L} ]{0,40}: )/u)) {
      // A structured fact is one line, however many full stops its value holds.
      for (const sentence of fact ? [line.trim()] : splitSentences(line)) {
        const words = sentence.split(/\s+/).length;
        if ((words < 4 && !fact) || sentence.length > (fact ? 900 : 600) || !sentence) continue;
        units.push({
          n: p.n,
          position: position++,
          text: finish(sentence),
          // A structured fact is about its entry as a whole ("Participants: …" answers who walked out).
          terms: fact
            ? new Set([...matcher.match(sentence), ...(titleTerms.get(p.n) ?? [])])
            : new Set([...matcher.match(sentence), ...heading]),
          heading: p.heading,
          fact,
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
    for (const t of matcher.match(p.doc.tags.join(' '))) found.add(t);
    for (const u of units) if (u.n === p.n) for (const t of u.terms) found.add(t);
    docFound.set(p.doc.id, found);
  }
  const docOf = new Map(passages.map((p) => [p.n, p.doc.id]));
  const entryShare = new Map([...docFound].map(([id, found]) => [id, share(found)]));
  const bestEntry = Math.max(
    0,
    ...units.filter((u) => u.terms.size > 0).map((u) => entryShare.get(docOf.get(u.n) ?? '') ?? 0),
  );
  const placeSides = options.placeSides?.length === 2 ? [...options.placeSides] : [];
  const compare = options.type === 'compare' || placeSides.length === 2;
  // A comparison is answered by two entries side by side: each answers only its half of the question.
  const sides =
    placeSides.length === 2
      ? placeSides
      : compare
        ? compareSides(question, passages, titleTerms, entryShare, share)
        : [];
  const margin = compare ? 0.5 : ENTRY_MARGIN;
  const docById = new Map(passages.map((p) => [p.doc.id, p.doc]));
  // The event a what-happened-after question is about: the entry search found first.
  const eventDate = options.type === 'after' ? passages[0]?.doc.date : undefined;
  const wants = options.type ? ANSWERS[options.type] : undefined;
  for (const u of units) {
    const own = share(u.terms);
    const entry = entryShare.get(docOf.get(u.n) ?? '') ?? 0;
    // Sentences come from the entries that answer the most of the question (a Texas question is not
    // answered by New York's law however well a sentence of it matches the other words); within those,
    // sentences that themselves say more of it win; then sentences of the kind the question asks for
    // (names for who, amounts for how much), and background last. Ties go to the passage search ranked first.
    const side = sides.length === 2 && sides.includes(docOf.get(u.n) ?? '');
    if (!((own > 0 || u.fact) && (side || (sides.length < 2 && entry >= margin * bestEntry)))) continue;
    let bonus = 0;
    // A front-matter field made for this kind of question (Penalties for how much) is the answer itself.
    // An amount among the facts for how much (the penalty, not who enforces it) gains twice.
    if (u.fact)
      bonus += options.type === 'how-much' && wants?.text?.test(u.text) ? 2 * TYPE_BONUS : TYPE_BONUS;
    else if (
      (wants && (wants.text?.test(u.text) || wants.heading?.test(u.heading))) ||
      (options.type && ANSWER_SECTIONS[options.type]?.test(u.heading))
    )
      bonus += TYPE_BONUS;
    if (!options.why && BACKGROUND.test(u.heading.trim())) bonus -= BACKGROUND_PENALTY;
    // What happened after an event is told by later entries and by sentences dated after it.
    if (options.type === 'after' && eventDate) {
      const doc = docById.get(docOf.get(u.n) ?? '');
      if (doc && doc.date > eventDate) bonus += TYPE_BONUS / 2;
      if (laterYear(u.text, eventDate)) bonus += TYPE_BONUS / 2;
    }
    // "That", "This", "Such" point back to a sentence the answer may not quote.
    if (!u.fact && /^(?:This|That|These|Those|Such|Both)\b/.test(u.text)) bonus -= BACKGROUND_PENALTY / 2;
    if (options.why && /\bwhy\b/i.test(u.heading)) bonus += TYPE_BONUS;
    u.score = Math.max(0, (2 * entry + own) / 3 + 0.02 / u.n + bonus);
  }

  const ranked = units
    .filter((u) => u.score >= MIN_SENTENCE_SCORE)
    .sort((a, b) => b.score - a.score || a.n - b.n);
  const best = ranked[0]?.score ?? 0;
  const chosen: Unit[] = [];
  const perN = new Map<number, number>();
  const take = (u: Unit) => {
    chosen.push(u);
    perN.set(u.n, (perN.get(u.n) ?? 0) + 1);
  };
  const duplicate = (u: Unit) => chosen.some((c) => overlap(wordsOf(c), wordsOf(u)) > 0.6);
  // Background ("Why it matters", "Context") is said only when nothing that answers is left.
  const background = (u: Unit) => !options.why && BACKGROUND.test(u.heading.trim());
  const entries =
    sides.length === 2 ? sides : [...new Set(ranked.map((u) => docOf.get(u.n) ?? ''))].slice(0, 2);
  if (compare) {
    // Both sides stated: the best sentences of the two entries compared, in turn.
    const perSide = Math.max(1, Math.floor(max / 2));
    for (let round = 0; round < perSide; round++)
      for (const id of entries) {
        const u = ranked.find(
          (r) =>
            docOf.get(r.n) === id &&
            !chosen.includes(r) &&
            !duplicate(r) &&
            !background(r) &&
            (perN.get(r.n) ?? 0) < perPassage,
        );
        if (u && (round === 0 || u.score >= best * 0.6)) take(u);
      }
  }
  for (const pass of [false, true]) {
    for (const u of ranked) {
      if (chosen.length >= max) break;
      if (chosen.includes(u) || background(u) !== pass) continue;
      if (pass && chosen.length >= min) break;
      if (chosen.length >= min && u.score < best * 0.6) break;
      if ((perN.get(u.n) ?? 0) >= perPassage) continue;
      if (duplicate(u)) continue;
      take(u);
    }
  }
  // Read in a natural order: passages by their best sentence, sentences in their passage's order; a
  // comparison side by side, in the order the question names them. For can-they and yes-no questions
  // the rule comes first, whatever its place in the passage.
  // The rule is a sentence that says may, must, bans or allows; the entry's own rule (a fact) before prose.
  const rule = options.type === 'can' || options.type === 'yes-no' ? wants?.text : undefined;
  const first = rule
    ? ([...chosen].sort((a, b) => a.position - b.position).find((u) => u.fact && rule.test(u.text)) ??
      chosen.find((u) => rule.test(u.text)) ??
      chosen[0])
    : undefined;
  const passageOrder = [...new Set(chosen.map((u) => u.n))];
  const sideOf = (u: Unit) => (compare ? Math.max(0, entries.indexOf(docOf.get(u.n) ?? '')) : 0);
  chosen.sort(
    (a, b) =>
      Number(b === first) - Number(a === first) ||
      sideOf(a) - sideOf(b) ||
      passageOrder.indexOf(a.n) - passageOrder.indexOf(b.n) ||
      a.position - b.position,
  );
  return { sentences: chosen.map((u) => ({ text: u.text, citations: [u.n] })), best: Math.min(1, best) };
}

/** True when the sentence names a year after the event's. */
function laterYear(text: string, eventDate: string): boolean {
  const year = Number(eventDate.slice(0, 4));
  return [...text.matchAll(/\b(19|20)\d\d\b/g)].some((m) => Number(m[0]) > year);
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
