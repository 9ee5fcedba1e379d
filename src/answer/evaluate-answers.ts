import { z } from 'zod';
import type { Knowledge } from '../knowledge.js';
import { answerQuestion } from './answer-question.js';
import { classifyQuestion, QUESTION_TYPES } from './question-type.js';
import { isUnlabelledRule } from './where-it-applies.js';

/** The kinds of question the eval reports on: the answer kinds, plus questions naming something the base lacks. */
export const EvalType = z.enum([...QUESTION_TYPES, 'named-missing']);
export type EvalType = z.infer<typeof EvalType>;

/** One question of an evaluation set (test/fixtures/ask-eval.yml). */
export const EvalQuestion = z.union([
  z.strictObject({
    question: z.string().min(1),
    /** Entries that answer it; finding any counts, ranks are by the first one found. */
    expected: z.array(z.string()).min(1),
    /** What a good answer states: case-insensitive substrings. */
    facts: z.array(z.coerce.string()).default([]),
    /** The kind of answer asked for; by default, what /ask reads from the question. */
    type: EvalType.optional(),
  }),
  z.strictObject({ question: z.string().min(1), covered: z.literal(false), type: EvalType.optional() }),
]);
export type EvalQuestion = z.infer<typeof EvalQuestion>;
export const EvalSet = z.array(EvalQuestion);

export interface EvalMiss {
  question: string;
  problem: string;
}

export interface EvalReport {
  covered: number;
  uncovered: number;
  /** Share of covered questions with an expected entry among the top k entries retrieved. */
  recallAt1: number;
  recallAt3: number;
  recallAt5: number;
  /** Mean reciprocal rank of the first expected entry (0 when not in the top 10). */
  mrr: number;
  /** Share of not-covered questions /ask declined. */
  declined: number;
  /** Share of covered questions /ask wrongly declined. */
  falselyDeclined: number;
  /** Over covered questions answered extractively: share of expected facts the answer states. */
  factsPresent: number;
  /** The same, per kind of question: facts found of facts wanted, and how many questions. */
  byType: Partial<Record<EvalType, { questions: number; factsPresent: number; declined?: number }>>;
  /** Sentences from a law or bill, in answers citing more than one entry, that do not say where they apply. */
  unlabelledRules: number;
  misses: EvalMiss[];
}

/** Runs every question through retrieval and the extractive /ask, and scores what came back. */
export async function evaluateAnswers(
  knowledge: Knowledge,
  questions: readonly EvalQuestion[],
): Promise<EvalReport> {
  let covered = 0;
  let uncovered = 0;
  const hitsAt = { 1: 0, 3: 0, 5: 0 };
  let reciprocal = 0;
  let declined = 0;
  let falselyDeclined = 0;
  let factsWanted = 0;
  let factsFound = 0;
  const misses: EvalMiss[] = [];
  const perType = new Map<EvalType, { questions: number; wanted: number; found: number; declined: number }>();
  let unlabelledRules = 0;

  for (const q of questions) {
    const { result } = await answerQuestion(
      { question: q.question },
      { search: knowledge.search, places: knowledge.library.places },
    );
    const type = q.type ?? classifyQuestion(q.question);
    const tally = perType.get(type) ?? { questions: 0, wanted: 0, found: 0, declined: 0 };
    perType.set(type, tally);
    tally.questions++;
    if (result.covered && result.sources.length > 1) {
      const docs = new Map(result.sources.map((s) => [s.n, knowledge.library.get(s.id)]));
      for (const s of result.sentences) {
        const cited = s.citations.flatMap((n) => docs.get(n) ?? []);
        if (isUnlabelledRule(s.text, cited)) {
          unlabelledRules++;
          misses.push({ question: q.question, problem: `rule without its place: "${s.text}"` });
        }
      }
    }
    if (!('expected' in q)) {
      uncovered++;
      // A question naming something the base lacks may be answered after "Nothing on <name>…": the name is
      // said first and the rules that follow are labelled with where they apply.
      const saidFirst = type === 'named-missing' && result.intro?.startsWith('Nothing on ') === true;
      if (!result.covered || saidFirst) {
        declined++;
        tally.declined++;
      } else
        misses.push({
          question: q.question,
          problem: `answered from ${result.sources.map((s) => s.id).join(', ')}`,
        });
      continue;
    }
    covered++;
    const ranked = [
      ...new Set(
        knowledge.search.passages({ text: q.question, limit: 10, perDoc: 1 }).hits.map((h) => h.doc.id),
      ),
    ];
    const rank = ranked.findIndex((id) => q.expected.includes(id)) + 1;
    if (rank > 0) {
      reciprocal += 1 / rank;
      for (const k of [1, 3, 5] as const) if (rank <= k) hitsAt[k]++;
    }
    if (rank !== 1)
      misses.push({
        question: q.question,
        problem: `expected ${q.expected[0]} first, got rank ${rank || '>10'} (top: ${ranked.slice(0, 3).join(', ')})`,
      });
    if (!result.covered) {
      falselyDeclined++;
      tally.wanted += q.facts.length;
      misses.push({ question: q.question, problem: 'declined, though the knowledge base covers it' });
      continue;
    }
    const answer = fold(result.answer);
    for (const fact of q.facts) {
      factsWanted++;
      tally.wanted++;
      if (answer.includes(fold(fact))) {
        factsFound++;
        tally.found++;
      } else misses.push({ question: q.question, problem: `answer lacks "${fact}"` });
    }
  }
  const share = (n: number, of: number) => (of === 0 ? 0 : n / of);
  return {
    covered,
    uncovered,
    recallAt1: share(hitsAt[1], covered),
    recallAt3: share(hitsAt[3], covered),
    recallAt5: share(hitsAt[5], covered),
    mrr: share(reciprocal, covered),
    declined: share(declined, uncovered),
    falselyDeclined: share(falselyDeclined, covered),
    factsPresent: share(factsFound, factsWanted),
    byType: Object.fromEntries(
      [...perType].map(([type, t]) => [
        type,
        t.wanted > 0
          ? { questions: t.questions, factsPresent: share(t.found, t.wanted) }
          : { questions: t.questions, factsPresent: 0, declined: share(t.declined, t.questions) },
      ]),
    ),
    unlabelledRules,
    misses,
  };
}

/** Case, typographic quotes and hyphenation aside ("one-year" states "one year"). */
function fold(text: string): string {
  return text
    .toLowerCase()
    .replace(/[‘’]/g, "'")
    .replace(/[“”]/g, '"')
    .replace(/[-‐‑‒–—]/g, ' ')
    .replace(/\s+/g, ' ');
}
