import { normalizeName } from '../kb/normalize.js';

export interface QuestionGroup {
  /** The most recent wording. */
  question: string;
  count: number;
  lastAt: string;
  /** Other wordings in the group, at most 3. */
  variants: string[];
}

const STOP = new Set(
  'a an and are as at be by can could do does for from how i in is it me my of on or the this to was what when where which who why will with you your'.split(
    ' ',
  ),
);

function terms(question: string): Set<string> {
  return new Set(
    normalizeName(question)
      .split(/\s+/)
      .filter((w) => w.length > 1 && !STOP.has(w))
      .map((w) => w.replace(/(ies|es|s)$/, '')),
  );
}

/**
 * Questions the knowledge base could not answer, grouped when they ask much the same thing (half or more
 * of their content words shared), most asked first. `questions` come most recent first.
 */
export function groupQuestions(questions: readonly { question: string; at: string }[]): QuestionGroup[] {
  const groups: (QuestionGroup & { terms: Set<string> })[] = [];
  for (const q of questions) {
    const t = terms(q.question);
    const home = groups.find((g) => similarity(g.terms, t) >= 0.5);
    if (home) {
      home.count++;
      if (q.at > home.lastAt) home.lastAt = q.at;
      const same = normalizeName(q.question) === normalizeName(home.question);
      if (!same && home.variants.length < 3 && !home.variants.includes(q.question))
        home.variants.push(q.question);
    } else groups.push({ question: q.question, count: 1, lastAt: q.at, variants: [], terms: t });
  }
  return groups
    .sort((a, b) => b.count - a.count || b.lastAt.localeCompare(a.lastAt))
    .map(({ terms: _t, ...g }) => g);
}

function similarity(a: Set<string>, b: Set<string>): number {
  if (a.size === 0 || b.size === 0) return 0;
  let shared = 0;
  for (const w of a) if (b.has(w)) shared++;
  return shared / Math.min(a.size, b.size) >= 0.5 && shared / Math.max(a.size, b.size) >= 0.34
    ? shared / Math.min(a.size, b.size)
    : 0;
}
