import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { answerQuestion } from '../../src/answer/answer-question.js';
import { evaluateRealQuestions, RealQuestionSet } from '../../src/answer/evaluate-real-questions.js';
import { type KnowledgeReport, loadKnowledge } from '../../src/knowledge.js';

let kb: KnowledgeReport;
beforeAll(async () => {
  kb = await loadKnowledge('knowledge');
});
afterAll(() => kb.search.close());

describe('the real-question set (test/fixtures/real-questions.yml)', () => {
  it('GIVEN the shipped file WHEN read THEN every question has its public URL and names real entries', () => {
    const set = RealQuestionSet.parse(parse(readFileSync('test/fixtures/real-questions.yml', 'utf8')));
    expect(set.length).toBeGreaterThanOrEqual(15);
    for (const q of set) {
      expect(q.url).toMatch(/^https?:\/\//);
      if ('expected' in q) for (const id of q.expected) expect(kb.library.get(id), id).toBeDefined();
    }
  });

  it('GIVEN an answerable and an out-of-scope question WHEN evaluated THEN each figure counts them', async () => {
    const report = await evaluateRealQuestions(kb, [
      {
        question: 'Can a store in Illinois scan my face without asking?',
        url: 'https://example.org/q/1',
        expected: ['illinois-bipa'],
        must: 'written release',
      },
      {
        question: 'What is the minimum wage in Ohio?',
        url: 'https://example.org/q/2',
        covered: false,
        why: 'wages',
      },
    ]);
    expect(report).toMatchObject({
      answerable: 1,
      outOfScope: 1,
      rightAt1: 1,
      rightAt3: 1,
      answered: 1,
      declinedWrongly: 0,
      answeredWrongly: 0,
      outOfScopeDeclined: 1,
    });
  });

  const ask = (question: string, context?: string) =>
    answerQuestion({ question, context }, { search: kb.search, places: kb.library.places });

  it('GIVEN a hedge and a name the base lacks WHEN asked THEN it answers the rest from the entry the question names', async () => {
    const { result } = await ask(
      'Not to seem completely paranoid, but what else does six flags plan to do with the prints? Sell them, or hand them all over to the police and Interpol?',
      'Fingerprint required for Six Flags season tickets',
    );
    expect(result.covered).toBe(true);
    expect(result.intro).toMatch(/Nothing on Interpol/);
    expect(result.sources.map((s) => s.id)).toContain('rosenbach-v-six-flags');
  });

  it('GIVEN "shouldn\'t it be illegal" and two places, one named by a short form, WHEN asked THEN each place\'s rule is stated', async () => {
    const { result } = await ask(
      "As a California or EU resident, shouldn't it be illegal for it to be opt-out?",
      'Opt out of Clearview.ai',
    );
    expect(result.covered).toBe(true);
    const ids = result.sources.map((s) => s.id);
    expect(ids).toEqual(
      expect.arrayContaining(['gdpr-article-9', 'california-cpra-sensitive-personal-information']),
    );
    expect(ids).not.toContain('eu-ai-act-biometrics');
  });

  it('GIVEN a city name two places share WHEN asked THEN the answer is not split between them as if both were named', async () => {
    const { result } = await ask('How much can I get if a store in Portland uses face recognition on me?');
    // The store rule (Portland, Oregon) leads; Maine's ban on city use is not set beside it as a second place.
    expect(result.sentences[0]?.text).toMatch(/Portland, Oregon.*\$1,000 per day/);
  });

  it('GIVEN a thread about a party the base lacks WHEN a question about what it does is asked under it THEN it is declined, naming the party', async () => {
    const { result } = await ask(
      'Also, for foreign nationals (with foreign passport) flying domestic flights, would they be looked at more suspiciously if they decline facial recognition?',
      'Is TSA gradually installing the facial recognition at every domestic airport?',
    );
    expect(result.covered).toBe(false);
    expect(result.answer).toMatch(/TSA/);
  });
  // Paraphrases written for this test, not in the fixture: the rule must not be fitted to its wording.
  it.each([
    [
      'After my landlord put a doorbell camera with face recognition on our building and I spent a whole weekend reading its manual, I learned that this camera is illegal to use in Illinois without the tenants agreeing in writing. Is that right?',
      'illinois-bipa',
    ],
    [
      'We ordered a smart lock with a fingerprint reader for the office and after the installer left, a coworker told me that fingerprint scanners are illegal for employers in Texas. Is that true?',
      'texas-cubi',
    ],
  ])(
    'GIVEN a long story, then a reported claim and "Is that true?" WHEN asked THEN the claim is answered from its place\'s law (%#)',
    async (question, id) => {
      const { result } = await ask(question);
      expect(result.covered).toBe(true);
      expect(result.sources.map((s) => s.id)).toContain(id);
    },
  );
  it.each([
    'Do fingerprint time clocks at work break the 4th amendment? What does my employer have to tell me first?',
    'is scanning employees faces against the fifth or any other amendment? what are employers allowed to do with biometric data?',
  ])(
    "GIVEN a question about a constitutional amendment and an employer WHEN asked THEN it says the base has nothing on the amendment and answers the rest from the biometric laws, not from a law's amendment (%#)",
    async (question) => {
      const { result } = await ask(question);
      expect(result.covered).toBe(true);
      expect(result.intro).toMatch(/^Nothing on the (?:Fourth|Fifth) Amendment/);
      expect(result.sources.map((s) => s.id)).not.toContain('illinois-bipa-amendment-2024');
    },
  );
  it('GIVEN a question about what an unnamed party the base knows nothing of has done WHEN asked THEN it is declined, naming the party', async () => {
    const { result } = await ask(
      "Didn't some casino chain already do this years ago?",
      'Stores are using facial recognition to spot shoplifters',
    );
    expect(result.covered).toBe(false);
    expect(result.answer).toMatch(/Nothing on casino chain/);
  });

  it.each([
    ['Has a company ever been sued under BIPA for scanning faces?', 'illinois-bipa'],
    ['Has any airline been using face scans at the gate?', 'airlines-cbp-biometric-boarding'],
  ])(
    'GIVEN an unnamed party the entries do speak of WHEN asked about THEN it is answered (%s)',
    async (question, id) => {
      const { result } = await ask(question);
      expect(result.covered).toBe(true);
      expect(result.sources.map((s) => s.id)).toContain(id);
    },
  );
  it('GIVEN a rules question under a title naming a state the base has no law for WHEN answered from other states THEN it says so first', async () => {
    const question = 'Is my employer allowed to require a fingerprint to clock in?';
    const ohio = (await ask(question, 'Employment law questions from Ohio')).result;
    expect(ohio.covered).toBe(true);
    expect(ohio.intro).toMatch(/^Nothing in the knowledge base on Ohio's rules/);
    const illinois = (await ask(question, 'Employment law questions from Illinois')).result;
    expect(illinois.sources.map((s) => s.id)).toContain('illinois-bipa');
    expect(illinois.intro).toBeUndefined();
  });
});
