import { organizationsOf } from '../kb/library.js';
import { normalizeName } from '../kb/normalize.js';
import { type Doc, isLawLike } from '../kb/schema.js';
import type { SearchFilters } from './types.js';

/**
 * Search filters (type, jurisdiction, organisation, dates) as FTS5 terms on a facets column that is
 * indexed but never scored, so only matching passages are ranked.
 */

export interface Filter {
  /** FTS5 expression over the facets column. */
  facets?: string;
  /** Exact test for what facets only approximate (a date range is filtered by year in FTS5). */
  keep?: (doc: Doc) => boolean;
  /** True when the filter can match nothing (an organisation no entry names). */
  none?: boolean;
}

/** Facet terms never collide with words: a prefix no English word has, letters and digits only. */
export const FACET = /^xq(type|jur|year|org)/;
const facetOf = (kind: 'type' | 'jur' | 'year' | 'org', value: string) =>
  `xq${kind}${value.toLowerCase().replace(/[^a-z0-9]/g, '')}`;

/** Facet terms of a document: its type, and its jurisdiction with every enclosing one (US-CA-SF, US-CA, US). */
export function facetTokens(doc: Doc): string {
  const tokens = [facetOf('type', doc.type), facetOf('year', doc.date.slice(0, 4))];
  for (const org of organizationsOf(doc)) tokens.push(facetOf('org', normalizeName(org)));
  if (isLawLike(doc)) {
    const parts = doc.jurisdiction.split('-');
    for (let i = 1; i <= parts.length; i++) tokens.push(facetOf('jur', parts.slice(0, i).join('-')));
  }
  return tokens.join(' ');
}

/**
 * Filters become FTS5 terms on the facets column (type, jurisdiction with the places inside it, year,
 * organisation), so only matching passages are scored; exact dates are then checked on the few hits.
 */
export function filterFor(
  filters: SearchFilters | undefined,
  known: { organizations: readonly string[]; years: readonly string[] },
): Filter {
  if (!filters) return {};
  const { type, jurisdiction, organization, from, to } = filters;
  const facets: string[] = [];
  const types = type === undefined ? [] : typeof type === 'string' ? [type] : [...type];
  if (types.length > 0) facets.push(anyOf(types.map((t) => facetOf('type', t))));
  if (jurisdiction) facets.push(facetOf('jur', jurisdiction));
  if (organization) {
    const wanted = normalizeName(organization);
    const names = known.organizations.filter(
      (o) => o === wanted || o.startsWith(`${wanted} `) || o.includes(wanted),
    );
    if (names.length === 0) return { none: true };
    facets.push(anyOf(names.map((o) => facetOf('org', o))));
  }
  let keep: Filter['keep'];
  if (from || to) {
    const first = Number((from ?? known.years[0] ?? '0').slice(0, 4));
    const last = Number((to ?? known.years[known.years.length - 1] ?? '9999').slice(0, 4));
    const years = known.years.filter((y) => Number(y) >= first && Number(y) <= last);
    if (years.length === 0) return { none: true };
    facets.push(anyOf(years.map((y) => facetOf('year', y))));
    keep = (doc) => (!from || doc.date >= from) && (!to || doc.date <= to);
  }
  return { ...(facets.length > 0 ? { facets: facets.join(' AND ') } : {}), ...(keep ? { keep } : {}) };
}

const anyOf = (terms: string[]) => `(${terms.join(' OR ')})`;
