import { describe, expect, it } from 'vitest';
import { Vocabulary } from '../../src/search/vocabulary.js';

function vocabulary(words: Record<string, number>): Vocabulary {
  const v = new Vocabulary();
  for (const [term, passages] of Object.entries(words)) v.add(term, passages);
  return v;
}

describe('typo correction', () => {
  const v = vocabulary({ biometric: 40, moratorium: 12, consent: 30, consents: 5, clearview: 8 });

  it('GIVEN a word with one letter dropped, doubled, swapped or changed WHEN corrected THEN the indexed word is found with its inflections', () => {
    expect(v.correct('biometic')).toEqual(['biometric']);
    expect(v.correct('biommetric')).toEqual(['biometric']);
    expect(v.correct('biometirc')).toEqual(['biometric']);
    expect(v.correct('consant')).toEqual(expect.arrayContaining(['consent', 'consents']));
  });

  it('GIVEN a long word with two typos WHEN corrected THEN the indexed word is found, and a short one is not stretched that far', () => {
    expect(v.correct('moratorim')).toEqual(['moratorium']);
    expect(v.correct('moratrim')).toEqual(['moratorium']);
    expect(v.correct('cnsnt')).toEqual([]);
  });

  it('GIVEN a typo in the first letter WHEN corrected THEN it is not guessed', () => {
    expect(v.correct('viometric')).toEqual([]);
  });

  it('GIVEN the same typo asked many times WHEN corrected THEN the answer is the same each time', () => {
    expect(v.correct('clearveiw')).toEqual(['clearview']);
    expect(v.correct('clearveiw')).toEqual(['clearview']);
  });
});
