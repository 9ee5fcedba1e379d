import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { z } from 'zod';
import { type KnowledgeReport, loadKnowledge } from '../../src/knowledge.js';

/**
 * The shipped knowledge base against questions written the way members type them (everyday words, typos,
 * keyword queries): each must find its entry in the top 3. Questions live in test/regression/questions-*.yml.
 */
const Question = z.strictObject({ q: z.string().min(1), expect: z.string().min(1) });
const dir = 'test/regression';
const questions = readdirSync(dir)
  .filter((f) => /^questions-.*\.ya?ml$/.test(f))
  .sort()
  .flatMap((f) =>
    z
      .array(Question)
      .parse(parse(readFileSync(join(dir, f), 'utf8')))
      .map((q) => ({ ...q, file: f })),
  );

let kb: KnowledgeReport;
beforeAll(async () => {
  kb = await loadKnowledge('knowledge');
});
afterAll(() => kb.search.close());

describe('the shipped knowledge base', () => {
  it('GIVEN knowledge/ WHEN loaded THEN it has no problems and at least 60 entries', () => {
    expect(kb.problems).toEqual([]);
    expect(kb.library.size).toBeGreaterThanOrEqual(60);
  });

  it('GIVEN the regression set WHEN counted THEN it holds at least 30 questions, each naming a real entry', () => {
    expect(questions.length).toBeGreaterThanOrEqual(30);
    for (const q of questions) expect(kb.library.get(q.expect), `${q.file}: ${q.q}`).toBeDefined();
  });

  it('GIVEN the question the project started from WHEN searched THEN the Illinois biometric law comes first', () => {
    const top = kb.search.search({ text: 'can a store in chicago scan my face without asking?', limit: 3 });
    expect(top.hits[0]?.doc.id).toBe('illinois-bipa');
    expect(top.confident).toBe(true);
  });

  it.each(questions)('GIVEN "$q" WHEN searched THEN $expect is in the top 3', ({ q, expect: id }) => {
    const top = kb.search.search({ text: q, limit: 3 }).hits.map((h) => h.doc.id);
    expect(top).toContain(id);
  });
});
