import { formatDate, joinWithin } from '../../kb/format.js';
import type { LawMap, MappedLaw, MappedPlace } from './law-map.js';

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

/**
 * The places of each colour as Markdown, one line a colour, each place linked to its strongest law's
 * source (further laws as [2], [3]): the picture in words for an embed (/map, the digest's map). Each
 * line keeps within `maxChars` / the number of colours, ending "…and N more" when cut.
 */
export function placeListLines(map: LawMap, maxChars: number): string[] {
  return placesByCategory(map).map((group) => {
    const places = group.places.map((p) => {
      const [first, ...more] = p.laws.filter((l) => l.category === group.category);
      return `${first ? lawLink(first, p.name) : p.name}${more.map((l, i) => ` ${lawLink(l, `[${i + 2}]`)}`).join('')}`;
    });
    const head = `**${group.label}** (${group.places.length})`;
    return places.length
      ? `${head}: ${joinWithin(places, maxChars / map.layer.categories.length, (n) => `…and ${n} more`, ', ')}`
      : `${head}: none in the knowledge base.`;
  });
}

/** A law's name (or `text`) as a Markdown link to its first source. */
export function lawLink(law: MappedLaw, text = law.doc.title): string {
  const url = law.doc.sources[0]?.url;
  const label = text.replace(/[[\]]/g, '');
  return url ? `[${label}](${url})` : label;
}
