import { describe, expect, it } from 'vitest';
import {
  addLabel,
  type LabelRequest,
  type PlacedLabel,
  placeLabels,
} from '../../src/pictures/charts/place-labels.js';

/** A fixed pseudo-random sequence, so a failure can be replayed. */
function random(seed: number) {
  let s = seed;
  return () => {
    s = (s * 1_103_515_245 + 12_345) % 2_147_483_648;
    return s / 2_147_483_648;
  };
}

function problems(placed: readonly PlacedLabel<number>[], left: number, right: number): string[] {
  const found: string[] = [];
  for (const a of placed) {
    if (a.left < left || a.right > right) found.push(`${a.key} outside`);
    for (const b of placed) {
      if (a === b) continue;
      if (a.tier === b.tier && a.left < b.right && b.left < a.right) found.push(`${a.key} overlaps ${b.key}`);
      // b's leader line runs from its mark up through every tier below b's own.
      if (a.tier < b.tier && b.x > a.left && b.x < a.right) found.push(`leader of ${b.key} crosses ${a.key}`);
    }
  }
  return found;
}

describe('placeLabels', () => {
  for (const seed of [1, 2, 3, 4, 5])
    it(`GIVEN 60 random marks (seed ${seed}) THEN placed labels never overlap, no leader line crosses a label, and all stay in bounds`, () => {
      const r = random(seed);
      const requests: LabelRequest<number>[] = Array.from({ length: 60 }, (_, key) => ({
        key,
        x: 100 + r() * 1000,
        width: 60 + r() * 300,
      }));
      const placed = placeLabels(requests, { left: 100, right: 1100, tiers: 3 });
      expect(placed.length).toBeGreaterThan(5);
      expect(problems(placed, 100, 1100)).toEqual([]);
    });

  it('GIVEN a limit THEN at most that many labels are placed, first come first served', () => {
    const requests = [0, 1, 2, 3, 4].map((key) => ({ key, x: 100 + key * 200, width: 50 }));
    expect(placeLabels(requests, { left: 0, right: 1200, tiers: 1, max: 3 }).map((p) => p.key)).toEqual([
      0, 1, 2,
    ]);
  });

  it('GIVEN two close marks offered left one first THEN both are labelled, the left one above the right one', () => {
    const first = addLabel<number>([], { key: 0, x: 65, width: 350 }, { left: 28, right: 1172, tiers: 3 });
    const both =
      first && addLabel(first, { key: 1, x: 150, width: 350 }, { left: 28, right: 1172, tiers: 3 });
    expect(both?.map((p) => [p.key, p.tier]).sort()).toEqual([
      [0, 1],
      [1, 0],
    ]);
    expect(problems(both ?? [], 28, 1172)).toEqual([]);
  });

  it('GIVEN a label wider than the room THEN it is not placed', () => {
    expect(placeLabels([{ key: 0, x: 50, width: 500 }], { left: 0, right: 300, tiers: 3 })).toEqual([]);
  });
});
