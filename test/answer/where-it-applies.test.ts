import { describe, expect, it } from 'vitest';
import { labelSentences } from '../../src/answer/where-it-applies.js';
import { makeDoc } from '../freshness/make-doc.js';

const ordinance = makeDoc({
  id: 'minneapolis-ban',
  title: 'Minneapolis, Minnesota ban on city use of facial recognition',
  jurisdiction: 'US-MN',
});

const label = (text: string) => labelSentences([{ text }], () => [ordinance])[0]?.text;

describe('where a sentence from a law applies', () => {
  it('lower-cases an ordinary first word after the place, so the label reads as one sentence', () => {
    expect(label('According to the council, the ban covers every city department.')).toMatch(
      /^In .+\), according to the council, the ban covers/,
    );
    expect(label('When a department wants the technology, it must ask the council.')).toMatch(
      /\), when a department wants/,
    );
    // A fragment from a list of the rule's terms.
    expect(label('Exceptions for uses such as unlocking a smartphone.')).toMatch(/\), exceptions for uses/);
  });

  it('keeps the capital of a name that begins the sentence', () => {
    expect(label('Clearview AI was among the vendors named in the debate.')).toMatch(/\), Clearview AI was/);
    expect(label('Six Flags was not a party.')).toMatch(/\), Six Flags was/);
  });
});
