import { z } from 'zod';
import { isLawLike } from '../kb/schema.js';
import type { Knowledge } from '../knowledge.js';
import { understandQuestion } from '../search/question-frame.js';
import { placeRelation } from '../search/question-place.js';
import { answerQuestion } from './answer-question.js';

/** One question people asked in public (test/fixtures/real-questions.yml), with where it was asked. */
export const RealQuestion = z.union([
  z.strictObject({
    question: z.string().min(1),
    /** The page the question was asked on. */
    url: z.url(),
    /** The thread or article title it was asked under, when the question depends on it. */
    context: z.string().min(1).optional(),
    /** Entries that hold the answer; finding any counts. */
    expected: z.array(z.string()).min(1),
    /** What a correct answer must contain, in words (for the curator reading a miss). */
    must: z.string().min(1),
  }),
  z.strictObject({
    question: z.string().min(1),
    url: z.url(),
    context: z.string().min(1).optional(),
    covered: z.literal(false),
    /** Why the base should decline it. */
    why: z.string().min(1),
  }),
]);
export type RealQuestion = z.infer<typeof RealQuestion>;
export const RealQuestionSet = z.array(RealQuestion);

export interface RealQuestionReport {
  answerable: number;
  outOfScope: number;
  /** Share of answerable questions with an expected entry first / in the top 3 entries retrieved. */
  rightAt1: number;
  rightAt3: number;
  /** Share of answerable questions /ask answered (not declined). */
  answered: number;
  /** Share of answerable questions /ask declined. */
  declinedWrongly: number;
  /**
   * Answers that are wrong: an answerable question answered from none of its entries, an out-of-scope
   * question answered, or a rule of one place given as the answer for another (no "Nothing on …" first).
   */
  answeredWrongly: number;
  /** Out-of-scope questions declined, of how many. */
  outOfScopeDeclined: number;
  /** Answers citing another place's law for a question naming a place, without saying the base lacks it. */
  wrongPlace: number;
  misses: { question: string; problem: string }[];
}

/** Runs each question (with its context) through retrieval and the extractive /ask, and scores it. */
export async function evaluateRealQuestions(
  knowledge: Knowledge,
  questions: readonly RealQuestion[],
): Promise<RealQuestionReport> {
  const { library, search } = knowledge;
  let answerable = 0;
  let at1 = 0;
  let at3 = 0;
  let answered = 0;
  let wrong = 0;
  let declinedRight = 0;
  let wrongPlace = 0;
  const misses: RealQuestionReport['misses'] = [];
  for (const q of questions) {
    const { result } = await answerQuestion(
      { question: q.question, context: q.context },
      { search, places: library.places },
    );
    const named = understandQuestion(`${q.question} ${q.context ?? ''}`, library.places).places;
    if (result.covered && named.length > 0 && !result.intro) {
      const cited = result.sources.map((s) => library.get(s.id)).filter((d) => d !== undefined);
      const elsewhere = cited.filter(
        (d) => isLawLike(d) && named.every((p) => placeRelation(d.jurisdiction, p) === 'elsewhere'),
      );
      if (elsewhere.length > 0) {
        wrongPlace++;
        misses.push({
          question: q.question,
          problem: `cites ${elsewhere.map((d) => d.id).join(', ')} for another place`,
        });
      }
    }
    if (!('expected' in q)) {
      if (result.covered) {
        wrong++;
        misses.push({
          question: q.question,
          problem: `out of scope, answered from ${result.sources.map((s) => s.id).join(', ')}`,
        });
      } else declinedRight++;
      continue;
    }
    answerable++;
    const ranked = [
      ...new Set(
        search
          .passages({ text: q.question, ...(q.context ? { context: q.context } : {}), limit: 10, perDoc: 1 })
          .hits.map((h) => h.doc.id),
      ),
    ];
    const rank = ranked.findIndex((id) => q.expected.includes(id)) + 1;
    if (rank === 1) at1++;
    if (rank >= 1 && rank <= 3) at3++;
    if (rank !== 1)
      misses.push({
        question: q.question,
        problem: `expected ${q.expected.join(' or ')}, rank ${rank || '>10'} (top: ${ranked.slice(0, 3).join(', ')})`,
      });
    if (!result.covered) {
      misses.push({ question: q.question, problem: 'declined, though the base holds the answer' });
      continue;
    }
    answered++;
    if (!result.sources.some((s) => q.expected.includes(s.id))) {
      wrong++;
      misses.push({
        question: q.question,
        problem: `answered from ${result.sources.map((s) => s.id).join(', ')} only`,
      });
    }
  }
  const outOfScope = questions.length - answerable;
  const share = (n: number, of: number) => (of === 0 ? 0 : n / of);
  return {
    answerable,
    outOfScope,
    rightAt1: share(at1, answerable),
    rightAt3: share(at3, answerable),
    answered: share(answered, answerable),
    declinedWrongly: share(answerable - answered, answerable),
    answeredWrongly: wrong + wrongPlace,
    outOfScopeDeclined: declinedRight,
    wrongPlace,
    misses,
  };
}
