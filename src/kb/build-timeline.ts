import { recall, remember } from '../search/bounded-cache.js';
import type { SearchFilters, SearchIndex, SearchQuery, SearchResult } from '../search/types.js';
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
 * Entries a topic's timeline lists: the ones the search ranks best for it, put in date order. About what
 * one reply shows (milestones come with them), and ranking more costs every member waiting behind it: in
 * a large base a broad topic matches thousands, and the oldest of a hundred loosely matching entries are
 * not what the member asked about.
 */
export const TOPIC_ENTRIES = 25;
/** With dates, more of the topic's best entries are read, since the range can rule most of them out. */
export const TOPIC_ENTRIES_DATED = 100;

export interface Timeline {
  items: TimelineItem[];
  /** With a topic that matches more entries than are read: how many were read (the best ones). */
  best?: number;
}

/**
 * Everything that happened, oldest first: each matching document on its date, plus its milestones
 * (hearings, deadlines) that fall in range. A topic narrows to the documents the search ranks best for it.
 */
export function buildTimeline(library: Library, search: SearchIndex, query: TimelineQuery): TimelineItem[] {
  return selectTimeline(library, search, query).items;
}

/** buildTimeline(), saying also when a topic matched more entries than it lists. */
export function selectTimeline(library: Library, search: SearchIndex, query: TimelineQuery): Timeline {
  const topicSearch = timelineSearch(query);
  return topicSearch ? timelineOf(library, query, search.search(topicSearch)) : untopical(library, query);
}

/**
 * Timelines without a topic, per library and filters. Each lists every entry the filters leave (all of
 * them without filters: in a base of 10,000, an item each and their milestones, sorted, tens of
 * milliseconds that every other member's interaction waits behind); a library never changes once loaded.
 */
const untopicalMade = new WeakMap<Library, Map<string, Timeline>>();
const UNTOPICAL_KEPT = 50;

function untopical(library: Library, query: TimelineQuery): Timeline {
  let made = untopicalMade.get(library);
  if (!made) untopicalMade.set(library, (made = new Map()));
  const { type, jurisdiction, organization, from, to } = query;
  const key = JSON.stringify([
    type ?? null,
    jurisdiction ?? null,
    organization ?? null,
    from ?? null,
    to ?? null,
  ]);
  let timeline = recall(made, key);
  if (!timeline) {
    timeline = timelineOf(library, query, undefined);
    Object.freeze(timeline.items);
    remember(made, key, timeline, UNTOPICAL_KEPT);
  }
  return timeline;
}

/** The search a topic's timeline reads its entries from; none without a topic. */
function timelineSearch(query: TimelineQuery): SearchQuery | undefined {
  const { topic, ...filters } = query;
  if (!topic?.trim()) return undefined;
  const limit = query.from || query.to ? TOPIC_ENTRIES_DATED : TOPIC_ENTRIES;
  // Dates are left to the items below: an entry dated outside the range can have milestones inside it.
  return { text: topic, filters: { ...filters, from: undefined, to: undefined }, limit };
}

/** The timeline of `query`, from its topic's search `result` when it has a topic. */
function timelineOf(library: Library, query: TimelineQuery, result: SearchResult | undefined): Timeline {
  const { topic: _topic, ...filters } = query;
  let docs: Doc[];
  let best: number | undefined;
  if (result) {
    docs = result.confident || result.hits.length > 0 ? result.hits.map((h) => h.doc) : [];
    if (result.more || result.total > docs.length) best = docs.length;
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
  items.sort((a, b) => a.date.localeCompare(b.date) || a.doc.id.localeCompare(b.doc.id));
  return best === undefined ? { items } : { items, best };
}
