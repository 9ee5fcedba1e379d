import { describe, expect, it } from 'vitest';
import { claimFocus } from '../../src/search/question-claim.js';

describe('claimFocus', () => {
  it('GIVEN a story, a reported claim and "Is that true?" WHEN read THEN the claim is the question and the story its context', () => {
    const focus = claimFocus(
      'My gym put in a hand scanner at the front desk last month and the staff keep asking me to enrol, and a friend told me that gyms in Texas need my consent before scanning my hand. Is that true?',
    );
    expect(focus.question).toBe('gyms in Texas need my consent before scanning my hand.');
    expect(focus.story).toMatch(/^My gym put in a hand scanner/);
  });

  it('GIVEN a demonstrative pointing back at the story ("this scanner") WHEN read THEN its noun is left to the story', () => {
    const focus = claimFocus(
      'We moved into a building whose lobby has a face scanner for residents, and I read that this scanner is banned for landlords in New York City. Am I right?',
    );
    expect(focus.question).toBe('is banned for landlords in New York City.');
  });

  it('GIVEN a claim with nothing before it, or no tag at all WHEN read THEN the whole message stays the question', () => {
    expect(claimFocus('I heard that BIPA lets me sue. Is that correct?')).toEqual({
      question: 'I heard that BIPA lets me sue.',
    });
    const plain =
      'After my employer started scanning faces I found that nobody asked for consent. What can I do?';
    expect(claimFocus(plain)).toEqual({ question: plain });
    expect(claimFocus('Is that correct?')).toEqual({ question: 'Is that correct?' });
  });
});
