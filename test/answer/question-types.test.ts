import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { answerQuestion } from '../../src/answer/answer-question.js';
import { classifyQuestion } from '../../src/answer/question-type.js';
import { type KnowledgeReport, loadKnowledge } from '../../src/knowledge.js';
import { copyFixtureKnowledge, removeKnowledgeCopy } from '../discord/harness.js';

let kb: KnowledgeReport;
let dir: string;
beforeAll(async () => {
  dir = await copyFixtureKnowledge();
  kb = await loadKnowledge(dir, { today: '2026-11-22' });
});
afterAll(async () => {
  kb.search.close();
  await removeKnowledgeCopy(dir);
});

const ask = (question: string) =>
  answerQuestion({ question }, { search: kb.search, places: kb.library.places });

describe('reading what a question asks for', () => {
  it.each([
    ['Who walked out of the NTIA talks?', 'who'],
    ['So who introduced it?', 'who'],
    ['When did Amazon announce its moratorium?', 'when'],
    ['How much can I sue for under BIPA?', 'how-much'],
    ['What is the fine for breaking the Texas law?', 'how-much'],
    ['How long can they keep my scan?', 'how-long'],
    ['Which is stricter, Texas or Illinois?', 'compare'],
    ["Big difference between Portland's ban and Boston's?", 'compare'],
    ['What happened after the walkout?', 'after'],
    ['Can my boss scan my fingerprint?', 'can'],
    ['Does Illinois require consent?', 'yes-no'],
    ['What does BIPA require of employers?', 'requires'],
  ])('GIVEN "%s" WHEN classified THEN it is a %s question', (question, type) => {
    expect(classifyQuestion(question)).toBe(type);
  });
});

describe('/ask answers the question that was asked', () => {
  it('GIVEN a who-question about a letter WHEN answered extractively THEN the signatories are named, cited', async () => {
    const { result } = await ask('Who signed the 2019 coalition letters to Amazon, Google and Microsoft?');
    expect(result.covered).toBe(true);
    expect(result.answer).toContain('Color of Change');
    expect(result.answer).toMatch(/National Immigration Law Center[^[]*\[\d\]/);
  });

  it('GIVEN a who-question about an event WHEN answered THEN the participants are named', async () => {
    const { result } = await ask('Who walked out of the NTIA facial recognition talks?');
    expect(result.answer).toContain('Center for Digital Democracy');
  });

  it('GIVEN a how-much question WHEN answered THEN the penalty is stated with where it applies', async () => {
    const { result } = await ask('How much can I sue for under BIPA?');
    expect(result.answer).toContain('$5,000');
    expect(result.answer).toMatch(/Illinois/);
  });

  it('GIVEN a comparison of two states WHEN answered THEN both are stated, each sentence saying where it applies', async () => {
    const { result } = await ask("Which is stricter on penalties, Texas' biometric law or Illinois' BIPA?");
    const ids = result.sources.map((s) => s.id);
    expect(ids).toContain('illinois-bipa');
    expect(ids).toContain('texas-cubi');
    for (const s of result.sentences) expect(s.text).toMatch(/Illinois|Texas|BIPA|CUBI/);
  });

  it('GIVEN an answer drawing on a law WHEN a sentence does not name its place THEN it is labelled "In <place> (<law>)"', async () => {
    const { result } = await ask('Can my employer in Illinois collect my face scan without consent?');
    expect(result.covered).toBe(true);
    for (const s of result.sentences) expect(s.text).toMatch(/Illinois|BIPA/);
  });
});

describe('/ask declines when the question names something the base lacks', () => {
  it('GIVEN a question naming a company no entry mentions WHEN asked THEN it says it has nothing on it and lists the closest entries', async () => {
    const { result } = await ask(
      'Did Walmart sign the 2019 coalition letters to Amazon, Google and Microsoft?',
    );
    expect(result.covered).toBe(false);
    expect(result.answer).toMatch(/^Nothing on Walmart in the knowledge base/);
    expect(result.closest.map((c) => c.id)).toContain('coalition-letters-2019');
    expect(result.sentences).toEqual([]);
  });

  it('GIVEN a question naming a law by an acronym no entry mentions WHEN asked THEN it is declined', async () => {
    const { result } = await ask('Does the LGPD let me sue a company over my face scan?');
    expect(result.covered).toBe(false);
    expect(result.answer).toMatch(/Nothing on LGPD/);
  });

  it('GIVEN a question naming a company the entries do mention WHEN asked THEN it is answered', async () => {
    const { result } = await ask('Did Amazon pause police use of Rekognition?');
    expect(result.covered).toBe(true);
  });
});
