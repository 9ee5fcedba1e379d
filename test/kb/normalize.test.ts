import { describe, expect, it } from 'vitest';
import { normalizeName } from '../../src/kb/normalize.js';

describe('normalizeName', () => {
  it('GIVEN one name written several ways WHEN normalised THEN all give the same form', () => {
    expect(normalizeName('Rosenbach v. Six Flags')).toBe('rosenbach v six flags');
    expect(normalizeName('ROSENBACH V. SIX FLAGS')).toBe('rosenbach v six flags');
    expect(normalizeName('  Société   Générale — Paris ')).toBe('societe generale paris');
  });

  it('GIVEN a name normalised before WHEN normalised again THEN the answer is the same', () => {
    const first = normalizeName('Électronic Frontier Foundation');
    expect(normalizeName('Électronic Frontier Foundation')).toBe(first);
    expect(first).toBe('electronic frontier foundation');
  });

  it('GIVEN more distinct names than are remembered WHEN normalised THEN every answer is still right', () => {
    for (let i = 0; i < 25_000; i++) expect(normalizeName(`Org-${i}.Inc`)).toBe(`org ${i} inc`);
    expect(normalizeName('Org-7.Inc')).toBe('org 7 inc');
  });
});
