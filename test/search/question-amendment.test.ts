import { describe, expect, it } from 'vitest';
import { amendmentAt, amendmentsIn } from '../../src/search/question-amendment.js';

describe('constitutional amendments in a question', () => {
  it('GIVEN an ordinal before "amendment" WHEN read THEN it names the Constitution\'s amendment', () => {
    expect(amendmentsIn('Is a face scan at the door a 4th amendment search?')).toEqual(['Fourth Amendment']);
    expect(amendmentsIn('does the fifth or any other amendment protect me')).toEqual(['Fifth Amendment']);
    expect(amendmentAt(['14th', 'amendments'], 0)).toEqual({ ordinal: 'fourteenth', span: 2 });
  });

  it("GIVEN a law's amendment WHEN read THEN no constitutional amendment is named", () => {
    expect(amendmentsIn('What did the 2024 amendment to BIPA change?')).toEqual([]);
    expect(amendmentsIn('the first time the amendment was used')).toEqual([]);
  });

  it('GIVEN a word an object inherits ("constructor") before "amendment" WHEN read THEN it is not an ordinal', () => {
    expect(amendmentsIn('Would a constructor amendment to the bill change it?')).toEqual([]);
    expect(amendmentAt(['constructor', 'amendment'], 0)).toBeUndefined();
  });
});
