import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { answerQuestion } from '../../src/answer/answer-question.js';
import { type Knowledge, loadKnowledge } from '../../src/knowledge.js';

let kb: Knowledge;
beforeAll(async () => {
  kb = await loadKnowledge('knowledge');
});
afterAll(() => kb.search.close());

const ask = (question: string, context?: string) =>
  answerQuestion({ question, context }, { search: kb.search, places: kb.library.places }).then(
    (o) => o.result,
  );

describe('questions that name a place (shipped knowledge base)', () => {
  it('GIVEN a question asking what the rules are for a product the base lacks WHEN asked THEN it names the product first, then answers with rules labelled by place', async () => {
    const result = await ask(
      'Will stores still have cameras? Are Ring Doorbells going to be banned?',
      'Portland, Oregon becomes first US city to ban corporate use of facial recognition surveillance',
    );
    expect(result.covered).toBe(true);
    expect(result.answer).toMatch(/^Nothing on Ring Doorbells in the knowledge base/);
    expect(result.sources.map((s) => s.id)).toContain('portland-private-face-recognition-ban');
  });

  it('GIVEN a name the question mentions in passing WHEN the entries answer the rest THEN it is answered after naming it', async () => {
    const result = await ask(
      'Does anyone know why US Customs would be taking pictures of people as they board Aer Lingus flight to Dublin?',
    );
    expect(result.covered).toBe(true);
    expect(result.answer).toMatch(/^Nothing on Aer Lingus/);
    const cbp = ['cbp-airport-face-matching', 'airlines-cbp-biometric-boarding'];
    expect(result.sources.some((s) => cbp.includes(s.id))).toBe(true);
  });

  it('GIVEN a question about what an agency the entries only mention does WHEN asked THEN it is declined', async () => {
    const result = await ask(
      'By scanning my identification and boarding pass, how long does TSA retain this information?',
    );
    expect(result.covered).toBe(false);
    expect(result.answer).toMatch(/Nothing on TSA/);
  });

  it('GIVEN an Illinois question WHEN passages are retrieved THEN no other state’s law is among them', () => {
    const found = kb.search.passages({
      text: "What's the Illinois law that prevents tracking with facial recognition?",
      limit: 8,
    });
    expect(found.hits[0]?.doc.id).toMatch(/illinois|clearview/);
    const places = found.hits.map((h) => ('jurisdiction' in h.doc ? h.doc.jurisdiction : undefined));
    // Federal entries apply in Illinois too; no other state's do.
    expect(places.filter((p) => p !== undefined && p !== 'US-IL' && p !== 'US')).toEqual([]);
    expect(found.places?.missing).toEqual([]);
  });

  it('GIVEN a state the base has nothing on WHEN asked THEN the answer says so first, then answers from places that have laws', async () => {
    const result = await ask('Is there a biometric privacy law in Florida?');
    expect(result.covered).toBe(true);
    expect(result.intro).toBe(
      'Nothing on Florida in the knowledge base; here is how the places that have laws handle it:',
    );
    expect(result.answer.startsWith('Nothing on Florida')).toBe(true);
    expect(result.sources.map((s) => s.id)).toContain('illinois-bipa');
  });

  it('GIVEN a place an entry mentions WHEN asked about it THEN it is not reported missing', () => {
    const found = kb.search.passages({ text: 'did orlando police use amazon face recognition', limit: 6 });
    expect(found.places?.missing).toEqual([]);
    expect(found.hits.map((h) => h.doc.id)).toContain('aclu-rekognition-letter-2018');
  });
});

describe('questions in members’ own words (shipped knowledge base)', () => {
  it('GIVEN a chatty question in a thread WHEN asked with the thread title THEN it is answered from the entry the title names', async () => {
    const question = "So they banned software. How's that going to be enforced?";
    const title =
      'Portland, Oregon becomes first US city to ban corporate use of facial recognition surveillance';
    expect((await ask(question)).covered).toBe(false);
    const result = await ask(question, title);
    expect(result.covered).toBe(true);
    expect(result.sources.map((s) => s.id)).toContain('portland-private-face-recognition-ban');
  });

  it('GIVEN plain words (theme park, scan your finger) WHEN searched THEN the entry in legal words comes first', () => {
    const top = kb.search.search({
      text: 'Are theme parks breaking the law when they ask you to scan your finger?',
      limit: 3,
    });
    expect(top.hits[0]?.doc.id).toBe('rosenbach-v-six-flags');
    expect(top.confident).toBe(true);
  });

  it('GIVEN the theme-park question WHEN answered THEN the answer quotes the Six Flags case first, not only another fingerprint case', async () => {
    const result = await ask('Are theme parks breaking the law when they ask you to scan your finger?');
    expect(result.covered).toBe(true);
    expect(result.sources[0]?.id).toBe('rosenbach-v-six-flags');
  });

  it('GIVEN a question in Title Case WHEN asked THEN its capitalised words are not taken for missing names', async () => {
    const result = await ask('My Boss Wants Me to Use My Fingerprint to Clock In. Is That Legal?');
    expect(result.covered).toBe(true);
    expect(result.sources.map((s) => s.id)).toContain('illinois-bipa');
  });

  it('GIVEN a thread title naming other countries WHEN a question about Clearview is asked under it THEN it is answered, with no "Nothing on" intro', async () => {
    const result = await ask(
      'So my photo may be available to the like of Clearview but how am I to exercise my right to "opt-out" if I don\'t know about the photo?',
      'Privacy watchdogs from the UK, Australia team up, snap on gloves to probe AI-for-cops upstart Clearview',
    );
    expect(result.covered).toBe(true);
    expect(result.intro).toBeUndefined();
    expect(result.sources.map((s) => s.id)).toContain('aclu-v-clearview-ai');
  });

  it('GIVEN a question about something the base lacks WHEN asked THEN it is still declined', async () => {
    expect((await ask('What is the minimum wage in Ohio?')).covered).toBe(false);
  });
});
