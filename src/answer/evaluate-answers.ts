import { z } from 'zod';
import type { Knowledge } from '../knowledge.js';
import { answerQuestion } from './answer-question.js';

/** One question of an evaluation set (test/fixtures/ask-eval.yml). */
export const EvalQuestion = z.union([
  z.strictObject({
    question: z.string().min(1),
    /** Entries that answer it; finding any counts, ranks are by the first one found. */
    expected: z.array(z.string()).min(1),
    /** What a good answer states: case-insensitive substrings. */
    facts: z.array(z.coerce.string()).default([]),
  }),
  z.strictObject({ question: z.string().min(1), covered: z.literal(false) }),
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

  for (const q of questions) {
    const { result } = await answerQuestion(
      { question: q.question },
      { search: knowledge.search, places: knowledge.library.places },
    );
    if (!('expected' in q)) {
      uncovered++;
      if (!result.covered) declined++;
      else
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
      misses.push({ question: q.question, problem: 'declined, though the knowledge base covers it' });
      continue;
    }
    const answer = fold(result.answer);
    for (const fact of q.facts) {
      factsWanted++;
      if (answer.includes(fold(fact))) factsFound++;
      else misses.push({ question: q.question, problem: `answer lacks "${fact}"` });
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
