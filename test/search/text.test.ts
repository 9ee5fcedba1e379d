import { describe, expect, it } from 'vitest';
import { tokenString } from '../../src/search/text.js';

describe('tokenString', () => {
  it('GIVEN plain ASCII text WHEN made a token string THEN it is the lowercase runs of letters and digits, one space apart', () => {
    expect(tokenString('  Face-scans at the MALL, 2026!\n(Illinois) ')).toBe(
      'face scans at the mall 2026 illinois',
    );
    expect(tokenString('')).toBe('');
    expect(tokenString('...')).toBe('');
    expect(tokenString('BIPA')).toBe('bipa');
  });

  it('GIVEN random ASCII texts, short and long WHEN made token strings THEN each is what lowercasing, replacing and trimming give', () => {
    let seed = 7;
    const random = () => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return seed / 2 ** 31;
    };
    const alphabet = 'abcXYZ019 .,-_\t\n\r~@[]`{}';
    for (let i = 0; i < 300; i++) {
      const length = i < 290 ? Math.floor(random() * 40) : 5000 + Math.floor(random() * 10_000);
      const text = Array.from({ length }, () => alphabet[Math.floor(random() * alphabet.length)]).join('');
      expect(tokenString(text)).toBe(
        text
          .toLowerCase()
          .replace(/[^a-z0-9]+/g, ' ')
          .trim(),
      );
    }
  });
});
