import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { answerQuestion } from '../../src/answer/answer-question.js';
import { coversActor } from '../../src/answer/place-scope.js';
import { type KnowledgeReport, loadKnowledge } from '../../src/knowledge.js';

let kb: KnowledgeReport;
beforeAll(async () => {
  kb = await loadKnowledge('knowledge');
});
afterAll(() => kb.search.close());

const ask = async (question: string, context?: string) =>
  (await answerQuestion({ question, context }, { search: kb.search, places: kb.library.places })).result;
const jurisdictions = (ids: readonly string[]) =>
  ids.map((id) => kb.library.get(id)).flatMap((d) => (d && 'jurisdiction' in d ? [d.jurisdiction] : []));

describe('a place’s entry answers only for the actors it covers', () => {
  it('GIVEN city bans on government use WHEN judged for a store or an employer THEN they do not cover it; a ban on private businesses does', () => {
    const doc = (id: string) => kb.library.get(id)!;
    expect(coversActor(doc('cambridge-face-surveillance-ban'), ['store'])).toBe(false);
    expect(coversActor(doc('boston-face-surveillance-ban'), ['store'])).toBe(false);
    expect(coversActor(doc('pittsburgh-facial-recognition-ordinance'), ['employer'])).toBe(false);
    expect(coversActor(doc('pittsburgh-facial-recognition-ordinance'), ['police'])).toBe(true);
    expect(coversActor(doc('portland-private-face-recognition-ban'), ['store'])).toBe(true);
    expect(coversActor(doc('illinois-bipa'), ['employer'])).toBe(true);
  });

  it.each([
    ['Can a store in Massachusetts scan my face?', undefined, "Massachusetts's rules for stores", 'US-MA'],
    ['Can a store in Boston scan my face?', undefined, "Boston's rules for stores", 'US-MA'],
    [
      'Can a school in Massachusetts use facial recognition on students?',
      undefined,
      "Massachusetts's rules for schools",
      'US-MA',
    ],
    [
      'Is my employer allowed to require a fingerprint to clock in?',
      'Employment law questions from Pennsylvania',
      "Pennsylvania's rules for employers",
      'US-PA',
    ],
  ])(
    'GIVEN "%s" (thread: %s) WHEN the place’s entries are about government use THEN it says the base lacks %s and answers from other places’ rules',
    async (question, context, lacks, code) => {
      const result = await ask(question, context);
      expect(result.covered).toBe(true);
      expect(result.intro).toBe(
        `Nothing on ${lacks}${lacks.endsWith('stores') ? ' and businesses' : ''} in the knowledge base; here is how the places that have laws handle it:`,
      );
      const places = jurisdictions(result.sources.map((s) => s.id));
      expect(places.length).toBeGreaterThan(0);
      expect(places.filter((p) => p.startsWith(code))).toEqual([]);
    },
  );

  it('GIVEN a Pittsburgh employer question WHEN the base holds only Pittsburgh’s police rule THEN the intro says it lacks Pittsburgh’s rules for employers, not Pittsburgh', async () => {
    const result = await ask('Can my employer in Pittsburgh make me scan my fingerprint to clock in?');
    expect(result.intro).toBe(
      "Nothing on Pittsburgh's rules for employers in the knowledge base; here is how the places that have laws handle it:",
    );
    expect(result.sources.map((s) => s.id)).toContain('illinois-bipa');
  });

  it('GIVEN a state with no entry of its own WHEN asked THEN the intro names the state alone', async () => {
    const result = await ask('Is there a biometric privacy law in Florida?');
    expect(result.intro).toMatch(/^Nothing on Florida in the knowledge base/);
  });

  it.each([
    'Is it legal for a store in FL or Florida to use facial recognition?',
    'Can a store in FL use facial recognition?',
  ])(
    'GIVEN "%s" WHEN Florida is named by its postal code THEN the intro names Florida once',
    async (question) => {
      const result = await ask(question);
      expect(result.covered).toBe(true);
      expect(result.intro).toBe(
        'Nothing on Florida in the knowledge base; here is how the places that have laws handle it:',
      );
    },
  );

  it('GIVEN "Washington DC" WHEN the base lacks the District of Columbia THEN the intro names it once, not "DC or District of Columbia"', async () => {
    const result = await ask('Can police in Washington DC use facial recognition?');
    expect(result.intro).toBe(
      'Nothing on District of Columbia in the knowledge base; here is how the places that have laws handle it:',
    );
  });

  it('GIVEN "Washington DC" WHEN the base lacks the District of Columbia THEN Washington State’s laws are not offered as the rest of the question', async () => {
    const result = await ask('Can police in Washington DC use facial recognition?');
    expect(result.covered).toBe(true);
    const ids = result.sources.map((s) => s.id);
    expect(ids.length).toBeGreaterThan(0);
    // The question's "Washington" is the District's name, not a topic: the state's laws matched only that word.
    expect(ids.filter((id) => id.startsWith('washington-'))).toEqual([]);
  });

  it.each([
    'Can a store in WA use facial recognition?',
    'Can a store in WA or Washington use facial recognition?',
  ])(
    'GIVEN "%s" WHEN Washington is named by its postal code THEN it is answered from Washington’s law',
    async (question) => {
      const result = await ask(question);
      expect(result.covered).toBe(true);
      expect(result.sources.map((s) => s.id)[0]).toBe('washington-hb-1493');
    },
  );

  it('GIVEN a question about a state answered from a city’s rule WHEN answered THEN the intro says the rule is the city’s, not the state’s', async () => {
    const result = await ask('Can police in Pennsylvania use facial recognition?');
    expect(result.sources.map((s) => s.id)).toEqual(['pittsburgh-facial-recognition-ordinance']);
    expect(result.intro).toBe(
      "Nothing in the knowledge base on a rule for all of Pennsylvania; what it holds is Pittsburgh's (a city in Pennsylvania), which applies only there, not across Pennsylvania:",
    );
  });

  it('GIVEN a state with its own law WHEN a question about it is answered from its cities’ rules THEN the intro never says the state has none, and names the state’s law', async () => {
    const result = await ask('Can police in Massachusetts use facial recognition?');
    expect(result.covered).toBe(true);
    const used = result.sources.map((s) => s.id);
    expect(jurisdictions(used).every((j) => j === 'US-MA' || j.startsWith('US-MA-'))).toBe(true);
    if (!used.includes('massachusetts-police-reform-2020')) {
      expect(result.intro).not.toMatch(/Nothing in the knowledge base on a rule for all of Massachusetts/);
      expect(result.intro).toMatch(
        /for all of Massachusetts, see .*\/law name:massachusetts-police-reform-2020/,
      );
    }
  });

  it('GIVEN "without asking" WHEN a shop in Oregon is asked about THEN it reads as consent and is answered from the Oregon rules on businesses', async () => {
    const result = await ask('Can a shop in Oregon scan my face without asking?');
    expect(result.covered).toBe(true);
    const ids = result.sources.map((s) => s.id);
    expect(ids).toContain('portland-private-face-recognition-ban');
    expect(jurisdictions(ids).every((j) => j.startsWith('US-OR'))).toBe(true);
  });

  it('GIVEN a place whose law covers the actor WHEN asked THEN it is answered from that law with no intro', async () => {
    const result = await ask('Can a store in Illinois scan my face without asking?');
    expect(result.intro).toBeUndefined();
    expect(result.sources.map((s) => s.id)).toContain('illinois-bipa');
  });
});

describe('a place the base lacks, asked about a store', () => {
  it.each(['Florida', 'Georgia'])(
    'GIVEN "Is it legal for a store in %s to use facial recognition?" WHEN a city’s ban on its own departments ranks first THEN it says so first and answers from rules on businesses, each with its place',
    async (state) => {
      const result = await ask(`Is it legal for a store in ${state} to use facial recognition?`);
      expect(result.covered).toBe(true);
      expect(result.intro).toBe(
        `Nothing on ${state} in the knowledge base; here is how the places that have laws handle it:`,
      );
      const ids = result.sources.map((s) => s.id);
      expect(
        ids.some((id) =>
          ['portland-private-face-recognition-ban', 'nyc-biometric-identifier-law', 'illinois-bipa'].includes(
            id,
          ),
        ),
      ).toBe(true);
      expect(ids).not.toContain('portland-maine-facial-surveillance-ban');
    },
  );
});

describe('a state question answered from a city’s rule for the same actor', () => {
  it('GIVEN "Can a business in Oregon use face recognition on me?" WHEN Portland bans both businesses and its own bureaus THEN the answer is Portland’s ban on businesses, said to be Portland’s only', async () => {
    const result = await ask('Can a business in Oregon use face recognition on me?');
    const ids = result.sources.map((s) => s.id);
    expect(ids).toContain('portland-private-face-recognition-ban');
    expect(ids).not.toContain('portland-public-face-recognition-ban');
    // Oregon's own consumer privacy law covers businesses' biometric data: the intro points at it.
    expect(result.intro).toBe(
      "What follows is Portland's rule (a city in Oregon), which applies only there, not across Oregon; for all of Oregon, see Oregon Consumer Privacy Act (SB 619, 2023): consent for biometric data (`/law name:oregon-consumer-privacy-act`):",
    );
  });
});
