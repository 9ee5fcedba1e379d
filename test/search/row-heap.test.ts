import { describe, expect, it } from 'vitest';
import { BestRows } from '../../src/search/row-heap.js';

describe("common words' best rows", () => {
  it('GIVEN rows offered with tied and repeated scores, many times the rows kept WHEN sorted THEN each group holds its best rows by score, then rowid, as SQLite orders them', () => {
    let seed = 7;
    const random = () => {
      seed = (seed * 1103515245 + 12345) & 0x7fffffff;
      return seed / 0x7fffffff;
    };
    for (const top of [0, 1, 3, 10]) {
      // Three words: two of group 0 (phrases 0 and 1), one of group 1.
      const heaps = new BestRows(2, top, Int32Array.from([0, 0, 1]), Int32Array.from([0, 1, 0]));
      const offered: { rowid: number; score: number }[][] = [[], []];
      for (let rowid = 1; rowid <= 500; rowid++) {
        const words = [0, 1, 2].filter(() => random() < 0.5);
        const parts = words.map(() => Math.floor(random() * 8) / 4);
        heaps.offerRow(rowid, words.length, Int32Array.from(words), Float64Array.from(parts));
        for (const g of [0, 1]) {
          const mine = words
            .map((w, i) => ({ w, part: parts[i] as number }))
            .filter(({ w }) => (w === 2 ? 1 : 0) === g);
          if (mine.length > 0)
            offered[g]?.push({ rowid, score: -1.0 * mine.reduce((s, { part }) => s + part, 0) });
        }
      }
      for (const g of [0, 1]) {
        const best = [...(offered[g] ?? [])]
          .sort((a, b) => a.score - b.score || a.rowid - b.rowid)
          .slice(0, top);
        expect(heaps.sorted(g), `top ${top}, group ${g}`).toEqual(best);
      }
    }
  });
});
