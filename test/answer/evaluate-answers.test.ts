import { readFile } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { EvalSet, evaluateAnswers } from '../../src/answer/evaluate-answers.js';
import { type KnowledgeReport, loadKnowledge } from '../../src/knowledge.js';

let kb: KnowledgeReport;
beforeAll(async () => {
  kb = await loadKnowledge('test/fixtures/knowledge', { today: '2026-11-22' });
});
afterAll(() => kb.search.close());

describe('the /ask evaluation', () => {
  it('GIVEN a found entry, a missing fact and a declined question WHEN evaluated THEN each figure counts them', async () => {
    const report = await evaluateAnswers(kb, [
      {
        question: 'What is the penalty under BIPA?',
        expected: ['illinois-bipa'],
        facts: ['$1,000', 'a fact no entry states'],
      },
      { question: 'What are the drone rules in Ohio?', covered: false },
    ]);
    expect(report).toMatchObject({
      covered: 1,
      uncovered: 1,
      recallAt1: 1,
      recallAt5: 1,
      mrr: 1,
      declined: 1,
      falselyDeclined: 0,
      factsPresent: 0.5,
    });
    expect(report.misses).toEqual([
      { question: 'What is the penalty under BIPA?', problem: 'answer lacks "a fact no entry states"' },
    ]);
  });

  it('GIVEN an entry ranked below others WHEN evaluated THEN recall@1 and MRR fall accordingly', async () => {
    const report = await evaluateAnswers(kb, [
      { question: 'What is the penalty under BIPA?', expected: ['rosenbach-v-six-flags'], facts: [] },
    ]);
    expect(report.recallAt1).toBe(0);
    expect(report.mrr).toBeGreaterThan(0);
    expect(report.mrr).toBeLessThan(1);
  });

  it('GIVEN the shipped question file WHEN read THEN it is a valid evaluation set with both kinds of question', async () => {
    const set = EvalSet.parse(parse(await readFile('test/fixtures/ask-eval.yml', 'utf8')));
    expect(set.filter((q) => 'expected' in q).length).toBeGreaterThanOrEqual(25);
    expect(set.filter((q) => !('expected' in q)).length).toBeGreaterThanOrEqual(5);
  });
});
