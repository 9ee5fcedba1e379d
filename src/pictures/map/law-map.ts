import type { Library } from '../../kb/library.js';
import { type Doc, isLawLike, type LawLike } from '../../kb/schema.js';
import { PALETTE } from '../theme.js';
import { type Standing, standingOn } from './law-standing.js';

/**
 * What /map shows, computed from the knowledge base alone (pure): for one layer and one date, the
 * category of every US state and of every city or county with a law of its own, the laws behind each,
 * and what lies outside the map (laws not yet in effect, laws outside the US).
 */

export const LAYER_IDS = ['commercial', 'government'] as const;
export type LayerId = (typeof LAYER_IDS)[number];

export interface Category {
  id: string;
  /** What the colour means, as the legend and the text say it. */
  label: string;
  colour: string;
}

export interface Layer {
  id: LayerId;
  title: string;
  /** Strongest first: a place with several laws takes the first category any of them has. */
  categories: readonly Category[];
  /** The category of a law in this layer, or undefined when the law is not about this layer's subject. */
  classify(law: Doc & LawLike): string | undefined;
}

const has = (law: Doc, ...tags: string[]) => tags.some((t) => law.tags.includes(t));

export const LAYERS: Record<LayerId, Layer> = {
  commercial: {
    id: 'commercial',
    title: "Laws on businesses' use of biometrics",
    categories: [
      {
        id: 'biometric-pra',
        label: 'Biometric privacy law with a private right of action',
        colour: PALETTE.blue,
      },
      {
        id: 'biometric',
        label: 'Biometric privacy law, no private right of action recorded',
        colour: PALETTE.skyBlue,
      },
      { id: 'comprehensive', label: 'Comprehensive privacy law covering biometrics', colour: PALETTE.orange },
    ],
    classify(law) {
      const aboutBusinesses =
        has(law, 'private-sector', 'businesses', 'retail', 'comprehensive-privacy-law', 'health-data') ||
        (has(law, 'biometrics') && has(law, 'consent'));
      if (!aboutBusinesses) return undefined;
      if (law.provisions.private_right_of_action === true) return 'biometric-pra';
      if (has(law, 'comprehensive-privacy-law')) return 'comprehensive';
      return 'biometric';
    },
  },
  government: {
    id: 'government',
    title: 'Laws on police and government face recognition',
    categories: [
      { id: 'ban', label: 'Ban or moratorium on government use', colour: PALETTE.vermillion },
      { id: 'limits', label: 'Limits on police or government use', colour: PALETTE.reddishPurple },
    ],
    classify(law) {
      const aboutGovernment =
        has(law, 'police', 'government', 'schools', 'city-ban', 'county-ban', 'sheriff', 'campus-police') &&
        has(law, 'facial-recognition', 'biometrics');
      if (!aboutGovernment) return undefined;
      if (has(law, 'city-ban', 'county-ban', 'ban', 'moratorium') || /\b(ban|moratorium)\b/i.test(law.title))
        return 'ban';
      return 'limits';
    },
  },
};

export function isLayerId(value: string): value is LayerId {
  return (LAYER_IDS as readonly string[]).includes(value);
}

export interface MappedLaw {
  doc: Doc & LawLike;
  category: string;
  standing: Standing;
}

export interface MappedPlace {
  code: string;
  name: string;
  /** The strongest category of its laws in effect, or undefined when none is. */
  category: string | undefined;
  laws: MappedLaw[];
  /** Cities and counties: where to put the marker (undefined: listed, not drawn). */
  at?: { lat: number; lon: number } | undefined;
}

export interface LawMap {
  layer: Layer;
  asOf: string;
  /** US states and DC with a law in effect in this layer, by code (US-IL). */
  states: MappedPlace[];
  /** US cities and counties with a law in effect in this layer. */
  localities: MappedPlace[];
  /** Federal US laws in effect (the whole country). */
  federal: MappedLaw[];
  /** Laws in this layer enacted by the date but not yet in effect. */
  upcoming: MappedLaw[];
  /** Laws in this layer in effect outside the US (EU, other countries), by place name. */
  elsewhere: MappedPlace[];
  /** Per category: how many states and how many localities take its colour. */
  counts: Record<string, { states: number; localities: number }>;
}

/**
 * The map's content for `layer` as of `asOf` (YYYY-MM-DD). `only`, when given, keeps just those entries
 * (a topic's search results).
 */
export function buildLawMap(
  library: Library,
  options: { layer: LayerId; asOf: string; only?: ReadonlySet<string> | undefined },
): LawMap {
  const layer = LAYERS[options.layer];
  const rank = (id: string | undefined) =>
    id === undefined ? Number.POSITIVE_INFINITY : layer.categories.findIndex((c) => c.id === id);
  const inEffect = new Map<string, MappedLaw[]>();
  const federal: MappedLaw[] = [];
  const upcoming: MappedLaw[] = [];
  for (const doc of library.docs) {
    if (!isLawLike(doc) || (options.only && !options.only.has(doc.id))) continue;
    const category = layer.classify(doc);
    if (!category) continue;
    const standing = standingOn(doc, options.asOf);
    const mapped = { doc, category, standing };
    if (standing.state === 'not-yet') upcoming.push(mapped);
    if (standing.state !== 'in-effect') continue;
    if (doc.jurisdiction === 'US') federal.push(mapped);
    else inEffect.set(doc.jurisdiction, [...(inEffect.get(doc.jurisdiction) ?? []), mapped]);
  }
  const states: MappedPlace[] = [];
  const localities: MappedPlace[] = [];
  const elsewhere: MappedPlace[] = [];
  for (const [code, laws] of inEffect) {
    laws.sort((a, b) => rank(a.category) - rank(b.category) || a.doc.date.localeCompare(b.doc.date));
    const place: MappedPlace = {
      code,
      name: library.places.name(code),
      category: laws[0]?.category,
      laws,
    };
    if (/^US-[A-Z]{2}$/.test(code)) states.push(place);
    else if (/^US-[A-Z]{2}-/.test(code)) localities.push({ ...place, at: library.places.coordinates(code) });
    else elsewhere.push(place);
  }
  const byName = (a: MappedPlace, b: MappedPlace) => a.name.localeCompare(b.name);
  const counts: LawMap['counts'] = {};
  for (const c of layer.categories) counts[c.id] = { states: 0, localities: 0 };
  for (const s of states) if (s.category) (counts[s.category] ??= { states: 0, localities: 0 }).states++;
  for (const l of localities)
    if (l.category) (counts[l.category] ??= { states: 0, localities: 0 }).localities++;
  return {
    layer,
    asOf: options.asOf,
    states: states.sort(byName),
    localities: localities.sort(byName),
    federal,
    upcoming: upcoming.sort((a, b) => a.doc.id.localeCompare(b.doc.id)),
    elsewhere: elsewhere.sort(byName),
    counts,
  };
}
