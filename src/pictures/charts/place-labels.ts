/**
 * Label placement without overlaps: labels sit in rows ("tiers") above a line of marks, each joined to its
 * mark by a vertical leader line. Greedy in priority order, so the most important labels are placed first
 * and a label that finds no room is left out (the chart then counts it in "and M more").
 */

export interface LabelRequest<K> {
  key: K;
  /** Where the mark is; the label starts or ends here. */
  x: number;
  width: number;
}

export interface PlacedLabel<K> {
  key: K;
  x: number;
  /** 0 is the row nearest the marks. */
  tier: number;
  /** The label's horizontal extent; text starts at `left` ("start" anchor) whatever the side. */
  left: number;
  right: number;
}

export interface PlaceOptions {
  /** Labels stay within [left, right]. */
  left: number;
  right: number;
  tiers: number;
  /** At most this many labels are placed. */
  max?: number;
  /** Space kept clear between labels, and around leader lines. */
  gap?: number;
}

/**
 * A label may take a tier when its box overlaps no label in that tier, no leader line of a label above it
 * crosses it, and its own leader line crosses no label in the tiers below.
 */
export function placeLabels<K>(
  requests: readonly LabelRequest<K>[],
  options: PlaceOptions,
): PlacedLabel<K>[] {
  const max = options.max ?? Number.POSITIVE_INFINITY;
  let placed: PlacedLabel<K>[] = [];
  for (const r of requests) {
    if (placed.length >= max) break;
    const next = addLabel(placed, r, options);
    if (next) placed = next;
  }
  return placed;
}

/** Where one more label fits among those already `placed` (same rules as placeLabels), if anywhere. */
export function findLabelSpot<K>(
  r: LabelRequest<K>,
  placed: readonly PlacedLabel<K>[],
  o: PlaceOptions,
): PlacedLabel<K> | undefined {
  const gap = o.gap ?? 10;
  for (let tier = 0; tier < o.tiers; tier++) {
    // Text running right from the mark reads best; then left of it; then centred over it.
    for (const left of [r.x - 4, r.x + 4 - r.width, r.x - r.width / 2]) {
      const right = left + r.width;
      if (left < o.left || right > o.right) continue;
      const clash = placed.some(
        (p) =>
          (p.tier === tier && left < p.right + gap && right > p.left - gap) ||
          (p.tier > tier && p.x > left - gap / 2 && p.x < right + gap / 2) ||
          (p.tier < tier && r.x > p.left - gap / 2 && r.x < p.right + gap / 2),
      );
      if (!clash) return { key: r.key, x: r.x, tier, left, right };
    }
  }
  return undefined;
}

/**
 * `placed` plus one more label, or undefined when it cannot fit. When the greedy spot search fails, the
 * labels are laid out again right to left (each one above those to its right, so no leader line crosses
 * a label), which fits runs of close marks that arrived in another order.
 */
export function addLabel<K>(
  placed: readonly PlacedLabel<K>[],
  r: LabelRequest<K>,
  o: PlaceOptions,
): PlacedLabel<K>[] | undefined {
  const spot = findLabelSpot(r, placed, o);
  if (spot) return [...placed, spot];
  const all = [...placed.map((p) => ({ key: p.key, x: p.x, width: p.right - p.left })), r].sort(
    (a, b) => b.x - a.x,
  );
  const again: PlacedLabel<K>[] = [];
  for (const q of all) {
    const s = findLabelSpot(q, again, o);
    if (!s) return undefined;
    again.push(s);
  }
  return again;
}
