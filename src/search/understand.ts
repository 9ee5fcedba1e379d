import type { Places } from '../kb/places.js';
import { hedgeWords, isName, judgeWeights, type WordSet } from './coverage.js';
import { knownPlace } from './place-judgement.js';
import { queryConcepts, withContext } from './query-concepts.js';
import { nameRuns, type QuestionFrame, questionNames, understandQuestion } from './question-frame.js';
import type { QuestionPlace } from './question-place.js';
import type { Synonyms } from './synonyms.js';
import { tokenize } from './text.js';
import type { QueryConcept, SearchQuery } from './types.js';
import type { Vocabulary } from './vocabulary.js';

/** The question as understood, with the weights ranking and judging use. */
export interface Understood {
  concepts: QueryConcept[];
  frame: QuestionFrame;
  /** Every place the question (or its context) names, including those no entry is about. */
  named: QuestionPlace[];
  /** Rarity, halved for context concepts: for ranking. */
  weights: number[];
  /** For judging whether an entry answers (see judgeWeights). */
  judge: number[];
  /** The names the question uses (see questionNames), folded. */
  names: Set<string>;
  /** True when a name nothing indexed holds was left out of judging (/ask says it has nothing on it). */
  excused: boolean;
}

/** What of the built index reading a question needs. */
export interface UnderstandingContext {
  vocabulary: Vocabulary;
  synonyms: Synonyms;
  /** The knowledge base's places table, for reading the places questions name. */
  placeTable: Places;
  /** Every place an entry applies to. */
  places: readonly string[];
  /** Words of the base's own vocabulary (see judgeWeights). */
  domain: WordSet;
  /** How many passages the index holds (for rarity). */
  passages: number;
}

/** The question (and its context) as concepts and frame, with both sets of weights. */
export function understand(
  query: SearchQuery,
  ctx: UnderstandingContext,
  options: { dropUnknownPlaces?: boolean } = {},
): Understood {
  const hedge = hedgeWords(query.text, ctx.domain);
  let concepts = queryConcepts(query.text, ctx.vocabulary, ctx.synonyms).filter((c) => !hedge.has(c.text));
  const own = understandQuestion(query.text, ctx.placeTable);
  let frame = own;
  // A place is known when an entry is about it: a federal rule applies in every state, but is not
  // what a question about Florida's laws asks for.
  const known = (p: QuestionPlace) => knownPlace(ctx.places, p);
  if (query.context?.trim()) {
    const context = queryConcepts(query.context, ctx.vocabulary, ctx.synonyms, { context: true });
    concepts = withContext(concepts, context);
    const around = understandQuestion(query.context, ctx.placeTable);
    frame = {
      places: frame.places.length > 0 ? frame.places : around.places,
      actors: [...new Set([...frame.actors, ...around.actors])],
      activities: [...new Set([...frame.activities, ...around.activities])],
      asksRule: frame.asksRule === true || around.asksRule === true,
    };
  }
  // Places no entry is about rank nothing up or down: every entry would be "elsewhere". Only the
  // question's own places can be missing: a thread's title naming the UK does not make a question about
  // Clearview one about the UK.
  const named = own.places;
  frame = { ...frame, places: frame.places.filter(known) };
  if (options.dropUnknownPlaces) {
    // Every word the place was named by goes, not just its name: "Washington DC" is the District, and
    // its "Washington" must not find Washington State's laws as though they were the rest of the question.
    const unknown = new Set(
      named
        .filter((p) => !known(p))
        .flatMap((p) => [p.name, ...(p.said ?? [])])
        .flatMap((w) => [tokenize(w).join(' '), ...tokenize(w)]),
    );
    concepts = concepts.filter((c) => !unknown.has(c.text));
  }
  const rarity = conceptRarity(concepts, ctx.vocabulary, ctx.passages);
  const weights = concepts.map((c, i) => (c.context ? 0.5 : 1) * (rarity[i] ?? 0));
  // The words a place was named by ("EU", "USA/FL") are judged as the place, never as topics to find.
  const placeWords = new Set(
    named.flatMap((p) => [p.name, ...tokenize(p.name), ...(p.said ?? [])].map((w) => w.toLowerCase())),
  );
  const names = questionNames(query.text);
  // Names the base does not hold as a whole: one of their words is in no entry ("Google Nest").
  const unheld = new Set(
    nameRuns(query.text, names)
      .filter((run) => run.some((t) => ctx.vocabulary.inflections(t).length === 0))
      .flat(),
  );
  const judge = judgeWeights(concepts, rarity, {
    domain: ctx.domain,
    places: new Set([...placeWords].flatMap((w) => [w, tokenize(w).join(' ')])),
    unheld,
  });
  const excused = concepts.some((c) => !c.context && isName(c, unheld));
  return { concepts, frame, named, weights, judge, names, excused };
}

/** Rarity (BM25's IDF) of each concept; a concept nothing matches counts as rarest of all. */
function conceptRarity(concepts: QueryConcept[], vocabulary: Vocabulary, passages: number): number[] {
  const n = Math.max(1, passages);
  return concepts.map((c) => {
    const df = Math.max(0, ...c.variants.map((v) => vocabulary.postings(v)));
    return Math.log(1 + (n - df + 0.5) / (df + 0.5));
  });
}
