import { describe, expect, it } from 'vitest';
import { hedgeWords, offTopic } from '../../src/search/coverage.js';
import { holdsWords } from '../../src/search/text.js';
import { withoutWebSuffix } from '../../src/search/query-concepts.js';
import type { QueryConcept } from '../../src/search/types.js';

const domain = new Set(['six', 'flags', 'prints', 'sell', 'police', 'surveillance', 'rules', 'fingerprint']);
const concept = (text: string, known = true): QueryConcept => ({
  text,
  variants: known ? [text] : [],
  known,
});

describe('hedgeWords', () => {
  it('GIVEN a hedge before "but" with none of the base words WHEN read THEN its words are not part of the question', () => {
    const words = hedgeWords(
      'Not to seem completely paranoid, but what else does six flags plan to do with the prints?',
      domain,
    );
    expect([...words].sort()).toEqual(['completely', 'paranoid', 'seem']);
  });

  it('GIVEN a clause before "but" that holds a topic of the base WHEN read THEN nothing is dropped', () => {
    expect(hedgeWords('Police may scan faces, but can stores?', domain).size).toBe(0);
    expect(hedgeWords('Can stores scan my fingerprint?', domain).size).toBe(0);
  });

  it('GIVEN a hedge word the question repeats after "but" WHEN read THEN it stays', () => {
    expect(hedgeWords('Sorry to ask again, but can they ask again?', domain).has('ask')).toBe(false);
  });
});

describe('offTopic', () => {
  it('GIVEN a question mostly about something the base lacks WHEN judged THEN it is off topic', () => {
    // "drone" is in no entry: the rarest word, and what the question is about.
    const concepts = [concept('drone', false), concept('surveillance'), concept('rules')];
    expect(offTopic(concepts, [7, 1.5, 2], domain, new Set())).toBe(true);
  });

  it('GIVEN one stray word among the base topics WHEN judged THEN it is not off topic', () => {
    const concepts = [concept('six'), concept('flags'), concept('hand'), concept('prints'), concept('sell')];
    expect(offTopic(concepts, [3.5, 4.5, 4.6, 2.3, 2.4], domain, new Set())).toBe(false);
  });

  it('GIVEN a name the base lacks WHEN judged THEN it is left to /ask, not counted off topic', () => {
    const concepts = [concept('interpol', false), concept('police')];
    expect(offTopic(concepts, [7, 0.8], domain, new Set(['interpol']))).toBe(false);
  });
});

describe('withoutWebSuffix', () => {
  it('GIVEN a company written as its web address WHEN read THEN the suffix is dropped', () => {
    expect(withoutWebSuffix('Opt out of Clearview.ai')).toBe('Opt out of Clearview');
    expect(withoutWebSuffix('did Amazon.com stop?')).toBe('did Amazon stop?');
    expect(withoutWebSuffix('the U.S. and the EU')).toBe('the U.S. and the EU');
  });
});

describe('holdsWords', () => {
  it('GIVEN a space-padded token string WHEN asked for words and phrases THEN it answers as a search for them between spaces does', () => {
    const padded = ' face scans at the facebook store face recognition ';
    const asked = [
      'face',
      'face recognition',
      'facebook',
      'book',
      'scan',
      'store face',
      'recognition',
      'the',
      'he',
      'at the',
      'x',
    ];
    for (const words of asked) expect(holdsWords(padded, words), words).toBe(padded.includes(` ${words} `));
    expect(asked.filter((w) => holdsWords(padded, w))).toEqual([
      'face',
      'face recognition',
      'facebook',
      'store face',
      'recognition',
      'the',
      'at the',
    ]);
  });
});
