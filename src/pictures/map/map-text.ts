import { formatDate } from '../../kb/format.js';
import type { LawMap, MappedPlace } from './law-map.js';

/** Text versions of the map (alt text, the embed's lists): everything the picture says, in words. */

/** 2026-11-29 → "29 November 2026". */
export function formatDay(iso: string): string {
  const [y, m, d] = iso.split('-').map(Number);
  if (!y || !m || !d) return iso;
  return formatDate(iso);
}

/** The places of each colour, as plain names: "Illinois, Washington; New York City (city)". */
export function placesByCategory(map: LawMap): { category: string; label: string; places: MappedPlace[] }[] {
  return map.layer.categories.map((c) => ({
    category: c.id,
    label: c.label,
    places: [...map.states, ...map.localities].filter((p) => p.category === c.id),
  }));
}

/**
 * One paragraph saying what the map shows, for the image's alt text and the SVG's description. Names
 * every place per colour; callers cut it to their limit.
 */
export function mapTextSummary(map: LawMap): string {
  const parts = [`Map of the United States: ${map.layer.title.toLowerCase()}, as of ${formatDay(map.asOf)}.`];
  for (const group of placesByCategory(map)) {
    if (group.places.length === 0) parts.push(`${group.label}: none.`);
    else parts.push(`${group.label}: ${group.places.map((p) => p.name).join('; ')}.`);
  }
  if (map.elsewhere.length) parts.push(`Outside the US: ${map.elsewhere.map((p) => p.name).join('; ')}.`);
  parts.push('From the Dossier knowledge base, not legal advice.');
  return parts.join(' ');
}
