import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkCitations } from '../../src/answer/check-citations.js';
import { buildPerturbations, runPerturbations } from '../../src/answer/perturbation-benchmark.js';
import { type KnowledgeReport, loadKnowledge } from '../../src/knowledge.js';
import { createOpenAiModel } from '../../src/llm/openai.js';
import { startFakeOpenAi } from '../fakes/fake-openai.js';

const PASSAGE =
  "A private company may not collect a person's biometric identifier unless it first tells the person in writing and gets a written release. " +
  'Per violation, the greater of actual damages or $1,000 for negligent and $5,000 for intentional or reckless violations.';
const TITLE = 'Illinois Biometric Information Privacy Act (BIPA) Illinois';

const verdict = (text: string) =>
  checkCitations([{ text, citations: [1] }], [{ n: 1, text: PASSAGE, title: TITLE }], new Set(), {
    meaning: true,
  }).dropped[0]?.reason;

describe('the citation check reads meaning, not only words', () => {
  it('GIVEN a sentence that drops "not" from its passage WHEN checked THEN it is dropped', () => {
    expect(
      verdict(
        "A private company may collect a person's biometric identifier unless it first tells the person in writing.",
      ),
    ).toBe('negation');
  });

  it('GIVEN the negligent and intentional penalties swapped WHEN checked THEN it is dropped', () => {
    expect(
      verdict('The damages are $5,000 for negligent and $1,000 for intentional or reckless violations.'),
    ).toBe('number-binding');
  });

  it('GIVEN "may not" turned into "need not" WHEN checked THEN it is dropped', () => {
    expect(
      verdict(
        "A private company need not collect a person's biometric identifier unless it first tells the person in writing.",
      ),
    ).toBeDefined();
  });

  it('GIVEN the rule applied to government instead of private companies WHEN checked THEN it is dropped', () => {
    expect(
      verdict(
        "A government agency may not collect a person's biometric identifier unless it first tells the person in writing.",
      ),
    ).toBe('scope');
  });

  it('GIVEN a company the passage never names WHEN checked THEN it is dropped', () => {
    expect(
      verdict(
        'Microsoft may not collect a biometric identifier unless it first tells the person in writing.',
      ),
    ).toBe('actor');
  });

  it('GIVEN a faithful, labelled paraphrase WHEN checked THEN it is kept', () => {
    expect(
      verdict(
        "In Illinois (BIPA), a private business cannot collect a person's biometric identifier unless it first tells the person in writing.",
      ),
    ).toBeUndefined();
    expect(
      verdict(
        'In Illinois (BIPA), damages are $1,000 for negligent and $5,000 for intentional or reckless violations.',
      ),
    ).toBeUndefined();
  });
});

describe('the perturbation benchmark, replayed through the real openai client', () => {
  let kb: KnowledgeReport;
  beforeAll(async () => {
    kb = await loadKnowledge('knowledge', { today: '2026-11-29' });
  });
  afterAll(() => kb.search.close());

  it('GIVEN 40 sentences of the knowledge base and their edits WHEN a model returns them THEN most edits are dropped and most paraphrases kept', async () => {
    const fake = await startFakeOpenAi();
    const model = createOpenAiModel({ model: 'replay', baseUrl: fake.baseUrl, timeoutMs: 5_000 });
    const cases = buildPerturbations(kb.library.docs, 40);
    expect(cases).toHaveLength(40);
    expect(buildPerturbations(kb.library.docs, 40)).toEqual(cases);
    const report = await runPerturbations(cases, async (c, texts) => {
      fake.enqueue({ kind: 'answer', sentences: texts.map((text) => ({ text, citations: [1] })) });
      const reply = await model.answer({
        question: 'Restate the passage.',
        passages: [{ n: 1, title: c.names, heading: c.entry, text: c.passage }],
      });
      return reply.kind === 'answer' ? reply.sentences : [];
    });
    await fake.close();
    expect(fake.requests).toHaveLength(40);
    expect(report.edits).toBeGreaterThanOrEqual(80);
    expect(report.caught).toBeGreaterThan(0.85);
    expect(report.paraphrasesDropped).toBeLessThan(0.2);
    expect(report.originalsDropped).toBeLessThan(0.05);
  });
});
