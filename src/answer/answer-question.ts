import type { Places } from '../kb/places.js';
import { type Doc, isLawLike } from '../kb/schema.js';
import type { AnswerModel, ModelFailureReason, ModelSentence, TokenUsage } from '../llm/types.js';
import { NO_USAGE } from '../llm/types.js';
import { claimFocus } from '../search/question-claim.js';
import { understandQuestion } from '../search/question-frame.js';
import { answersFor } from '../search/place-judgement.js';
import type { QuestionPlace } from '../search/question-place.js';
import type { PlaceJudgement, SearchFilters, SearchIndex } from '../search/types.js';
import { answerExtractively } from './answer-extractively.js';
import { checkCitations, stripMentions } from './check-citations.js';
import { composeAnswer, notCovered } from './compose-answer.js';
import { answersAroundNames, missingNames, missingSubjects } from './missing-names.js';
import {
  hasEntriesOn,
  insidePlaceIntro,
  isOtherActorsRule,
  namesPlace,
  placeRules,
  placesWithoutActor,
  wholePlaceLaw,
  withoutPlaces,
} from './place-scope.js';
import { FACTS_HEADING, questionFacts } from './question-facts.js';
import { classifyQuestion, type QuestionType } from './question-type.js';
import {
  type NumberedPassage,
  type Retrieval,
  type RetrievalOptions,
  retrievePassages,
  withAnswerSections,
  withComparisonSides,
} from './retrieve-passages.js';
import type { AnswerResult } from './types.js';
import { labelSentences, placeOf } from './where-it-applies.js';

/** Questions longer than this are cut: part of the prompt-size cap. */
export const MAX_QUESTION_CHARS = 500;

export const NOTES = {
  unavailable: 'The written summary was unavailable right now, so these are the best-matching passages.',
  failedCheck:
    'The written summary did not pass the citation check, so these are the best-matching passages instead.',
  removed: (n: number) =>
    `${n} sentence${n === 1 ? ' was' : 's were'} removed because the cited passages did not support ${n === 1 ? 'it' : 'them'}.`,
} as const;

export interface AnswerQuestionInput {
  question: string;
  /** Where it was asked, when that says what it is about: a Discord thread's title. */
  context?: string | undefined;
  filters?: SearchFilters | undefined;
}

export interface AnswerQuestionDeps {
  search: SearchIndex;
  /** Absent: extractive answers only (the default). */
  model?: AnswerModel | undefined;
  /** Ends the model call early (the interaction is about to expire). */
  signal?: AbortSignal | undefined;
  retrieval?: RetrievalOptions;
  /** The places the knowledge base knows, so a question naming one weighs it (see answerExtractively). */
  places: Places;
}

export interface AnswerOutcome {
  result: AnswerResult;
  usage: TokenUsage;
  /** What the model did, when one was asked: for logs, and to avoid caching a fallback. */
  model?: 'answer' | 'refusal' | ModelFailureReason;
  /** Model sentences the citation check removed. */
  dropped: number;
}

/**
 * /ask's core: retrieve → (model → citation check) → compose, falling back to the extractive answer
 * whenever the model is absent, fails, or writes too little that survives the check. Never guesses: when
 * retrieval is not confident, or nothing in the passages answers the question, the reply says so.
 */
export async function answerQuestion(
  input: AnswerQuestionInput,
  deps: AnswerQuestionDeps,
): Promise<AnswerOutcome> {
  const asked = cleanQuestion(input.question);
  const type = classifyQuestion(asked);
  // "… I found that X. Is that correct?": X is what is asked; the story before it is context.
  const focus = claimFocus(asked);
  const question = focus.question;
  const context =
    [focus.story, input.context ? cleanQuestion(input.context) : undefined].filter(Boolean).join(' — ') ||
    undefined;
  const { retrieval, lacking } = retrieveForActor(question, context, input.filters, deps);
  // A name the retrieved entries never mention means they are about something else: say so, by name.
  // Places are search's to judge (a city or country the base lacks gets the "Nothing on …" intro).
  const isPlace = namesPlace(retrieval.places?.named ?? []);
  const docs = [...new Set(retrieval.passages.map((p) => p.doc))];
  const missing = missingNames(question, docs, deps.places).filter((name) => !isPlace(name));
  const asksRule = understandQuestion(question, deps.places).asksRule === true;
  // Asked under a thread about something the base lacks ("Is TSA installing face recognition at every
  // airport?"), the question is about it too: answered only when it asks what the rules are.
  const thread = (context ? missingSubjects(context, docs, deps.places) : []).filter(
    (name) => !isPlace(name) && !missing.includes(name),
  );
  if (
    !retrieval.confident ||
    (missing.length > 0 && !answersAroundNames(question, missing, asksRule, deps.places)) ||
    (thread.length > 0 && !asksRule)
  )
    return {
      result: notCovered(retrieval.passages, [], [...missing, ...thread]),
      usage: NO_USAGE,
      dropped: 0,
    };
  const outcome = await answerRetrieved(question, type, input, deps, retrieval);
  const frame = understandQuestion(question, deps.places);
  const missingPlaces = [
    ...lacking.map((p) => ({ name: placeRules(p.name, frame.actors) })),
    ...(retrieval.places?.missing ?? []).map((p) => ({
      name: hasEntriesOn(deps.search, p) ? placeRules(p.name, frame.actors) : p.name,
    })),
  ];
  const named = (retrieval.places?.named ?? []).filter((p) => !retrieval.places?.missing.includes(p));
  const intro =
    placeIntro(missingPlaces, [...missing, ...thread]) ??
    threadPlaceIntro(question, context, outcome.result, docs, deps.places) ??
    insidePlaceIntro(named, sourceDocs(outcome.result, docs), deps.places, (p) =>
      wholePlaceLaw(deps.search, question, p, frame.actors),
    );
  return intro && outcome.result.covered ? { ...outcome, result: withIntro(outcome.result, intro) } : outcome;
}

/**
 * The passages for the question. When the place in play (the question's, else its thread's) has laws in
 * the base but none about the question's actor (a store, for a state whose only entries are its cities'
 * bans on their own police), that place's laws are not the answer: search again without the place, and
 * answer from the places that have rules for the actor, after saying the place has none (`lacking`).
 */
function retrieveForActor(
  question: string,
  context: string | undefined,
  filters: SearchFilters | undefined,
  deps: AnswerQuestionDeps,
): { retrieval: Retrieval; lacking: QuestionPlace[] } {
  const first = retrievePassages(deps.search, question, filters, { ...deps.retrieval, context });
  const frame = understandQuestion(question, deps.places);
  const own = (first.places?.named ?? []).filter((p) => !first.places?.missing.includes(p));
  const thread = frame.places.length === 0 && context ? understandQuestion(context, deps.places).places : [];
  const inPlay = own.length > 0 ? own : thread;
  const lacking = placesWithoutActor(
    first.passages.map((p) => p.doc),
    inPlay,
    frame.actors,
    { insideOnly: own.length === 0 },
  );
  if (lacking.length === 0) {
    // Beside the place's rule for the actor, its rules for others are not the answer ("Can a business in
    // Oregon…": Portland's ban on businesses, not its ban on city bureaus).
    const kept = first.passages.filter(
      (p) => own.length === 0 || !isOtherActorsRule(p.doc, own, frame.actors),
    );
    return kept.length === first.passages.length || !kept.some((p) => isLawLike(p.doc))
      ? { retrieval: first, lacking }
      : { retrieval: { ...first, passages: kept.map((p, i) => ({ ...p, n: i + 1 })) }, lacking };
  }
  const again = retrievePassages(
    deps.search,
    own.length > 0 ? withoutPlaces(question, lacking) : question,
    filters,
    { ...deps.retrieval, context: context && own.length === 0 ? withoutPlaces(context, lacking) : context },
  );
  const passages = again.passages
    .filter((p) => !isOtherActorsRule(p.doc, lacking, frame.actors))
    .map((p, i) => ({ ...p, n: i + 1 }));
  return {
    retrieval: { ...again, passages, confident: again.confident && passages.length > 0 },
    lacking,
  };
}

async function answerRetrieved(
  question: string,
  type: ReturnType<typeof classifyQuestion>,
  input: AnswerQuestionInput,
  deps: AnswerQuestionDeps,
  retrieval: ReturnType<typeof retrievePassages>,
): Promise<AnswerOutcome> {
  const found =
    type === 'compare'
      ? withComparisonSides(deps.search, question, input.filters, retrieval.passages)
      : retrieval.passages;
  const passages = withQuestionFacts(withAnswerSections(found, type), type);

  const extractive = (notes: string[] = []): AnswerResult => {
    // The question as search understood it (synonyms, inflections), so sentences match the same way.
    const concepts =
      retrieval.concepts ??
      deps.search.search({ text: question, limit: 1, ...(input.filters ? { filters: input.filters } : {}) })
        .concepts;
    const { sentences } = answerExtractively(question, passages, {
      concepts,
      type,
      why: /^\W*(?:and |so |but )?why\b/i.test(question),
      places: deps.places,
      placeSides: placeSides(retrieval.places, passages),
    });
    // Extractive sentences are the passages' own words: the meaning checks could only misfire on them.
    const { kept } = checkCitations(sentences, checkable(passages), allowedUrls(passages), {
      meaning: false,
    });
    return kept.length > 0
      ? composeAnswer({ mode: 'extractive', sentences: labelled(kept, passages), passages, notes })
      : notCovered(passages);
  };
  if (!deps.model) return { result: extractive(), usage: NO_USAGE, dropped: 0 };

  const reply = await deps.model.answer({
    question,
    passages: passages.map((p) => ({ n: p.n, title: p.doc.title, heading: p.heading, text: p.text })),
    signal: deps.signal,
  });
  if (reply.kind === 'failure')
    return { result: extractive([NOTES.unavailable]), usage: reply.usage, model: reply.reason, dropped: 0 };
  if (reply.kind === 'refusal')
    return { result: notCovered(passages), usage: reply.usage, model: 'refusal', dropped: 0 };

  const { kept, dropped } = checkCitations(reply.sentences, checkable(passages), allowedUrls(passages));
  if (tooLittleSurvives(kept, dropped.length))
    return {
      result: extractive([NOTES.failedCheck]),
      usage: reply.usage,
      model: 'answer',
      dropped: dropped.length,
    };
  const notes = dropped.length > 0 ? [NOTES.removed(dropped.length)] : [];
  return {
    result: composeAnswer({ mode: 'model', sentences: labelled(kept, passages), passages, notes }),
    usage: reply.usage,
    model: 'answer',
    dropped: dropped.length,
  };
}

/**
 * For a question naming two places the base has rules for ("As a California or EU resident…"), the best
 * law of each, so the answer states both, each labelled with where it applies; otherwise none.
 */
function placeSides(
  places: PlaceJudgement | undefined,
  passages: readonly NumberedPassage[],
): string[] | undefined {
  const known = (places?.named ?? []).filter((p) => !places?.missing.includes(p));
  const codes = new Set(known.map((p) => p.code));
  // Two places by two names: "Portland" alone may be either city, which is not a question about both.
  if (codes.size !== 2 || new Set(known.map((p) => p.name)).size !== 2) return undefined;
  const sides: string[] = [];
  for (const code of codes) {
    const place = known.find((p) => p.code === code);
    const doc = passages.find(
      (p) => place && isLawLike(p.doc) && answersFor(p.doc.jurisdiction, place) && !sides.includes(p.doc.id),
    )?.doc;
    if (doc) sides.push(doc.id);
  }
  return sides.length === 2 ? sides : undefined;
}

/**
 * Said first when the question names places, or products and companies, the knowledge base has nothing
 * on, so the rules that follow (each labelled with where it applies) are not read as theirs.
 */
export function placeIntro(
  missing: readonly { name: string }[],
  names: readonly string[] = [],
): string | undefined {
  const all = [...new Set([...names, ...missing.map((p) => p.name)])];
  if (all.length === 0) return undefined;
  const list = all.length === 1 ? all[0] : `${all.slice(0, -1).join(', ')} or ${all[all.length - 1]}`;
  return missing.length > 0
    ? `Nothing on ${list} in the knowledge base; here is how the places that have laws handle it:`
    : `Nothing on ${list} in the knowledge base; here is what it holds on the rest of the question:`;
}

/**
 * A question about the rules that names no place, asked under a title that does ("Employment law in
 * Pennsylvania: …"), answered only from laws of other places: said first, so the rules that follow (each
 * labelled with its place) are not read as the thread's place's. Search does not take the title's place
 * as the question's (a thread about the UK does not make a question about Clearview one about the UK), so
 * the answer says it.
 */
function threadPlaceIntro(
  question: string,
  context: string | undefined,
  result: AnswerResult,
  docs: readonly Doc[],
  places: Places,
): string | undefined {
  if (!context || !result.covered || understandQuestion(question, places).places.length > 0) return undefined;
  const around = understandQuestion(context, places);
  if (around.places.length === 0 || !(understandQuestion(question, places).asksRule || around.asksRule))
    return undefined;
  const laws = result.sources.flatMap((s) => docs.find((d) => d.id === s.id) ?? []).filter(isLawLike);
  if (laws.length === 0 || laws.some((d) => around.places.some((p) => answersFor(d.jurisdiction, p))))
    return undefined;
  const names = [...new Set(around.places.map((p) => p.name))].join(' or ');
  return `Nothing in the knowledge base on ${names}'s rules for this; here is how the places that have laws handle it:`;
}

/** The entries an answer cites. */
function sourceDocs(result: AnswerResult, docs: readonly Doc[]): Doc[] {
  return result.sources.flatMap((s) => docs.find((d) => d.id === s.id) ?? []);
}

function withIntro(result: AnswerResult, intro: string): AnswerResult {
  return { ...result, intro, answer: `${intro}\n\n${result.answer}` };
}

/**
 * The question as retrieval and the model see it: mentions and links removed (they carry no meaning and
 * are the usual vehicle of injection), spaces collapsed, length capped.
 */
export function cleanQuestion(question: string): string {
  const withoutLinks = question
    .replace(/\b(?:https?:\/\/|www\.)\S+/gi, ' ')
    .replace(/@(?:everyone|here)\b/gi, ' ');
  return stripMentions(withoutLinks).replace(/\s+/g, ' ').trim().slice(0, MAX_QUESTION_CHARS);
}

/** An answer that lost more than it kept is no longer the answer the model meant: show the passages. */
function tooLittleSurvives(kept: readonly ModelSentence[], dropped: number): boolean {
  return kept.length === 0 || dropped > kept.length;
}

function checkable(passages: readonly NumberedPassage[]) {
  return passages.map((p) => ({
    n: p.n,
    text: p.text,
    title: `${p.doc.title} ${p.doc.aliases.join(' ')} ${placeOf(p.doc) ?? ''}`,
  }));
}

/** Entries (best first) whose structured facts join the passages when the question asks for them. */
const FACT_ENTRIES = 3;

/**
 * The passages plus, for the best few entries, a "Key facts" passage holding the front-matter fields the
 * question asks for (signatories for who, penalties for how much…), so an answer can state and cite them.
 */
export function withQuestionFacts(
  passages: readonly NumberedPassage[],
  type: QuestionType,
): NumberedPassage[] {
  const out = [...passages];
  // A comparison may set the third or fourth entry found beside the first: each gets its facts.
  const docs = [...new Map(passages.map((p) => [p.doc.id, p.doc])).values()].slice(
    0,
    type === 'compare' ? 2 * FACT_ENTRIES : FACT_ENTRIES,
  );
  for (const doc of docs) {
    const lines = questionFacts(doc, type);
    if (lines.length > 0)
      out.push({ n: out.length + 1, doc, heading: FACTS_HEADING, text: lines.join('\n\n') });
  }
  return out;
}

/** Each sentence says where it applies (src/answer/where-it-applies.ts). */
function labelled(
  sentences: readonly ModelSentence[],
  passages: readonly NumberedPassage[],
): ModelSentence[] {
  const byN = new Map(passages.map((p) => [p.n, p.doc]));
  return labelSentences(sentences, (s) => [
    ...new Map(
      s.citations.flatMap((n) => {
        const doc = byN.get(n);
        return doc ? [[doc.id, doc] as const] : [];
      }),
    ).values(),
  ]);
}

/** Links a sentence may carry: the original sources of the entries given. */
function allowedUrls(passages: readonly NumberedPassage[]): Set<string> {
  return new Set(passages.flatMap((p) => p.doc.sources.map((s) => s.url)));
}
