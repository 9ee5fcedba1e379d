import { describe, expect, it } from 'vitest';
import { checkCitations, findLinks, stripMentions } from '../../src/answer/check-citations.js';
import { splitSentences } from '../../src/answer/split-sentences.js';

const passages = [
  { n: 1, text: 'The entity must receive a “written release” before collection, said the court.' },
  { n: 2, text: 'Amazon said it would pause police use of Rekognition for one year—until Congress acts.' },
];
const allowed = new Set(['https://www.ilga.gov/legislation/bipa']);

const kept = (text: string, citations: number[]) =>
  checkCitations([{ text, citations }], passages, allowed).kept.map((s) => s.text);

describe('the citation check', () => {
  it('GIVEN quotes in straight, curly or different case WHEN they are verbatim in a cited passage THEN they pass', () => {
    expect(kept('It must receive a "written release".', [1])).toHaveLength(1);
    expect(
      kept('Amazon would “pause police use of Rekognition for one year–until Congress acts.”', [2]),
    ).toHaveLength(1);
    expect(kept('"The entity must receive" it … "before collection"', [1])).toHaveLength(1);
  });

  it('GIVEN a quote found only in a passage the sentence does not cite WHEN checked THEN it is dropped', () => {
    const result = checkCitations(
      [{ text: 'Amazon would "pause police use".', citations: [1] }],
      passages,
      allowed,
    );
    expect(result.kept).toEqual([]);
    expect(result.dropped[0]?.reason).toBe('misquote');
  });

  it('GIVEN links WHEN checked THEN only the knowledge base’s own sources pass', () => {
    expect(kept('See https://www.ilga.gov/legislation/bipa.', [1])).toHaveLength(1);
    expect(kept('See ilga.gov.evil.example/x and www.evil.example.', [1])).toEqual([]);
    expect(kept('Join discord.gg/abc123 for more.', [1])).toEqual([]);
    expect(findLinks('[x](https://a.example/p) and https://b.example/q.')).toEqual([
      'https://a.example/p',
      'https://b.example/q',
    ]);
  });

  it('GIVEN mentions in a sentence WHEN it passes THEN they cannot ping', () => {
    expect(
      stripMentions(
        '@everyone and @here, <@123456789012345678>, <@&123456789012345678>, <#123456789012345678>',
      ),
    ).toBe('everyone and here, , , ');
    expect(kept('@here The entity must get a release.', [1])).toEqual([
      'here The entity must get a release.',
    ]);
  });

  it('GIVEN citations out of range, absent, or a sentence of only a mention WHEN checked THEN each is dropped with its reason', () => {
    const result = checkCitations(
      [
        { text: 'One.', citations: [3] },
        { text: 'Two.', citations: [] },
        { text: '<@123456789012345678>', citations: [1] },
      ],
      passages,
      allowed,
    );
    expect(result.dropped.map((d) => d.reason)).toEqual(['unknown-passage', 'no-citation', 'empty']);
  });
});

describe('support for what a sentence says', () => {
  const law = [
    {
      n: 1,
      text: 'Per violation, $1,000 for negligent and $5,000 for reckless violations; people affected can sue.',
      title: 'Illinois Biometric Information Privacy Act (BIPA)',
    },
  ];
  const check = (text: string) => checkCitations([{ text, citations: [1] }], law, new Set());

  it('GIVEN a number the cited passage does not contain WHEN checked THEN the sentence is dropped', () => {
    expect(check('BIPA fines reach $10,000 per violation.').dropped[0]?.reason).toBe('unsupported-number');
    expect(check('Negligent violations cost $1,000 each under BIPA.').kept).toHaveLength(1);
  });

  it('GIVEN a claim sharing almost no words with what it cites WHEN checked THEN it is dropped; a paraphrase in the passage’s words passes', () => {
    expect(check('Amazon pledged to stop selling drones to schools.').dropped[0]?.reason).toBe('unsupported');
    expect(check('Under the Illinois act, people affected by a violation can sue.').kept).toHaveLength(1);
  });
});

describe('sentence splitting', () => {
  it('GIVEN legal abbreviations, initials and amounts WHEN split THEN only real sentence ends split', () => {
    expect(
      splitSentences(
        'In Rosenbach v. Six Flags the court ruled under Sec. 15(b) of the act. The U.S. Senate did not act. Damages were $1.5 million. [2] Next.',
      ),
    ).toEqual([
      'In Rosenbach v. Six Flags the court ruled under Sec. 15(b) of the act.',
      'The U.S. Senate did not act.',
      'Damages were $1.5 million. [2]',
      'Next.',
    ]);
  });
});
