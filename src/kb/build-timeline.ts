import type { SearchFilters, SearchIndex } from '../search/types.js';
import { docMeta } from './doc-line.js';
import type { Library } from './library.js';
import type { Doc } from './schema.js';

export interface TimelineQuery extends SearchFilters {
  topic?: string | undefined;
}

export interface TimelineItem {
  date: string;
  doc: Doc;
  /** What happened: the document itself, or one of its milestones. */
  label: string;
  /** The milestone's own label when the item is a milestone rather than the document's date. */
  milestone?: string;
}

/**
 * Everything that happened, oldest first: each matching document on its date, plus its milestones
 * (hearings, deadlines) that fall in range. A topic narrows to documents the search finds for it.
 */
export function buildTimeline(library: Library, search: SearchIndex, query: TimelineQuery): TimelineItem[] {
  const { topic, ...filters } = query;
  let docs: Doc[];
  if (topic?.trim()) {
    const result = search.search({
      text: topic,
      filters: { ...filters, from: undefined, to: undefined },
      limit: 200,
    });
    docs = result.confident || result.hits.length > 0 ? result.hits.map((h) => h.doc) : [];
  } else {
    const types =
      filters.type === undefined
        ? undefined
        : typeof filters.type === 'string'
          ? [filters.type]
          : filters.type;
    docs = library.docs.filter((d) => !types || types.includes(d.type));
    if (filters.jurisdiction) {
      const inPlace = new Set(library.byJurisdiction(filters.jurisdiction));
      docs = docs.filter((d) => inPlace.has(d));
    }
    if (filters.organization) {
      const named = new Set(library.byOrganization(filters.organization));
      docs = docs.filter((d) => named.has(d));
    }
  }
  const inRange = (date: string) => (!query.from || date >= query.from) && (!query.to || date <= query.to);
  const items: TimelineItem[] = [];
  for (const doc of docs) {
    if (inRange(doc.date))
      items.push({ date: doc.date, doc, label: `**${doc.title}** · ${docMeta(doc, { date: false })}` });
    for (const m of doc.milestones)
      if (inRange(m.date))
        items.push({ date: m.date, doc, label: `${m.label} (**${doc.title}**)`, milestone: m.label });
  }
  return items.sort((a, b) => a.date.localeCompare(b.date) || a.doc.id.localeCompare(b.doc.id));
}
