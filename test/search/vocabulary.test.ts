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

  it('GIVEN an ordinary English word the base lacks WHEN corrected THEN it is left alone, while a misspelling one letter from the same indexed word is corrected', () => {
    const base = vocabulary({ done: 90, male: 12, apply: 20, applied: 8, held: 30, realised: 3 });
    expect(base.correct('drone')).toEqual([]);
    expect(base.correct('mall')).toEqual([]);
    expect(base.correct('apple')).toEqual([]);
    expect(base.correct('donne')).toEqual(['done']);
    expect(base.correct('aply')).toEqual(['apply', 'applied']);
    // A spelling the list does not hold as ordinary English is still a typo's distance from the base's.
    expect(base.correct('realized')).toEqual(['realised']);
  });

  it('GIVEN a word the base holds only in an irregular form WHEN looked up THEN that form and its inflections are found, ordinary English or not', () => {
    const base = vocabulary({ held: 30, upheld: 4, bought: 6, buying: 2, people: 40, sold: 5 });
    expect(base.correct('hold')).toEqual(['held']);
    expect(base.correct('uphold')).toEqual(['upheld']);
    expect(base.correct('buy')).toEqual(['bought']);
    expect(base.correct('person')).toEqual(['people']);
    expect(base.correct('sell')).toEqual(['sold']);
    expect(base.correct('drink')).toEqual([]);
  });

  it('GIVEN a typo in the first letter WHEN corrected THEN it is not guessed', () => {
    expect(v.correct('viometric')).toEqual([]);
  });

  it('GIVEN the same typo asked many times WHEN corrected THEN the answer is the same each time', () => {
    expect(v.correct('clearveiw')).toEqual(['clearview']);
    expect(v.correct('clearveiw')).toEqual(['clearview']);
  });
});
