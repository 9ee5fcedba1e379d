import { describe, expect, it } from 'vitest';
import { queryConcepts } from '../../src/search/query-concepts.js';
import { Synonyms } from '../../src/search/synonyms.js';
import { Vocabulary } from '../../src/search/vocabulary.js';
import { sameSense } from '../../src/search/word-senses.js';

const vocabulary = new Vocabulary();
for (const w of [
  'customer',
  'customers',
  'customs',
  'international',
  'internal',
  'minors',
  'minority',
  'photos',
  'border',
  'protection',
])
  vocabulary.add(w, 3);
const synonyms = new Synonyms([['customs', 'border protection']]);
const variants = (text: string) => queryConcepts(text, vocabulary, synonyms).map((c) => c.variants);

describe('words the stemmer folds together but that mean different things', () => {
  it('GIVEN two senses of one stem WHEN compared THEN they differ; inflections of one sense and unlisted words agree', () => {
    expect(sameSense('customers', 'customs')).toBe(false);
    expect(sameSense('customers', 'customer')).toBe(true);
    expect(sameSense('minors', 'minority')).toBe(false);
    expect(sameSense('photos', 'photo')).toBe(true);
    // A state's postal code is not the verb or the fuel it stems like ("a store in WA", "in GA").
    expect(sameSense('wa', 'was')).toBe(false);
    expect(sameSense('ga', 'gas')).toBe(false);
  });

  it("GIVEN a question about a shop's customers WHEN read THEN it searches neither customs nor its synonyms", () => {
    const concepts = queryConcepts('May a pharmacy keep its customers photos?', vocabulary, synonyms);
    expect(concepts.find((c) => c.text === 'customers')?.variants).toEqual(['customer', 'customers']);
    expect(variants('Do customs officers photograph travellers?')[0]).toEqual(
      expect.arrayContaining(['customs', 'border protection']),
    );
  });

  it('GIVEN international rules and minors WHEN read THEN internal rules and minorities are not searched', () => {
    expect(variants('international rules on scanning minors')).toEqual([
      ['international'],
      [],
      [],
      ['minors'],
    ]);
  });

  it('GIVEN "in particular" or "for example" WHEN read THEN those words are not searched', () => {
    expect(
      queryConcepts('can stores, in particular pharmacies, for example scan faces', vocabulary, synonyms).map(
        (c) => c.text,
      ),
    ).toEqual(['stores', 'pharmacies', 'scan', 'faces']);
  });
});
