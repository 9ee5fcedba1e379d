import type { TimelineItem } from '../../kb/build-timeline.js';
import { shortDate, TYPE_LABELS } from '../../kb/doc-line.js';
import type { Library } from '../../kb/library.js';
import { organizationsOf } from '../../kb/library.js';
import { normalizeName } from '../../kb/normalize.js';
import { DOC_TYPES, type DocType, isLawLike, placeNameOf } from '../../kb/schema.js';

/** How the timeline picture splits its events into horizontal lanes. */
export const LANE_KINDS = ['type', 'jurisdiction', 'company'] as const;
export type LaneKind = (typeof LANE_KINDS)[number];

/** One mark on the timeline picture: a /timeline item with its lane, a short label and how much it matters. */
export interface ChartEvent {
  key: string;
  date: string;
  /** "Jun 2020", as precise as the entry's date. */
  when: string;
  label: string;
  type: DocType;
  lane: string;
  /** Higher first when labels compete for room. */
  importance: number;
}

export interface TimelineEvents {
  events: ChartEvent[];
  /** Lane names top to bottom. */
  lanes: string[];
}

/** Lanes kept apart before the rest are merged into one: more than this do not read on a phone. */
export const MAX_LANES = 7;
export const OTHER_LANE = 'Everything else';
const NO_PLACE = 'No jurisdiction';
const NO_COMPANY = 'No company';

/** The weight of a document's kind: laws, statements and cases change things; reports describe them. */
const TYPE_WEIGHT: Record<DocType, number> = {
  law: 3,
  statement: 3,
  case: 2,
  letter: 2,
  bill: 2,
  event: 1,
  report: 1,
};

/**
 * The /timeline items as chart events, one per item (none dropped: the picture counts exactly what the
 * text lists). Importance: a document's own date outranks its milestones; then its kind; then how many
 * other entries link to it (how central the base considers it), capped so one hub cannot dominate.
 */
export function timelineEvents(
  items: readonly TimelineItem[],
  library: Library,
  lanes: LaneKind,
): TimelineEvents {
  const companies = new Map(library.statementOrganizations().map((f) => [normalizeName(f.value), f.value]));
  const inbound = new Map<string, number>();
  for (const d of library.docs) for (const id of d.related) inbound.set(id, (inbound.get(id) ?? 0) + 1);
  const events = items.map((item, i): ChartEvent => {
    const { doc } = item;
    const own = item.milestone === undefined;
    return {
      key: `${i}:${doc.id}`,
      date: item.date,
      when: own ? shortDate(doc.date, doc.date_precision) : shortDate(item.date),
      label: own ? doc.title : `${item.milestone} (${doc.title})`,
      type: doc.type,
      lane: laneOf(item, lanes, companies),
      importance: (own ? 3 : 0) + TYPE_WEIGHT[doc.type] + Math.min(inbound.get(doc.id) ?? 0, 6) / 2,
    };
  });
  return mergeLanes(events, lanes);
}

function laneOf(item: TimelineItem, kind: LaneKind, companies: Map<string, string>): string {
  const { doc } = item;
  if (kind === 'type') return TYPE_LABELS[doc.type];
  if (kind === 'jurisdiction') return isLawLike(doc) ? placeNameOf(doc) : NO_PLACE;
  for (const org of organizationsOf(doc)) {
    const company = companies.get(normalizeName(org));
    if (company) return company;
  }
  return NO_COMPANY;
}

/** Lanes ordered (types in their usual order, others by size), the smallest merged past MAX_LANES. */
function mergeLanes(events: ChartEvent[], kind: LaneKind): TimelineEvents {
  const counts = new Map<string, number>();
  for (const e of events) counts.set(e.lane, (counts.get(e.lane) ?? 0) + 1);
  const catchAll = kind === 'jurisdiction' ? NO_PLACE : kind === 'company' ? NO_COMPANY : undefined;
  let lanes = [...counts.keys()];
  if (kind === 'type') {
    const order = DOC_TYPES.map((t) => TYPE_LABELS[t]);
    lanes.sort((a, b) => order.indexOf(a) - order.indexOf(b));
  } else {
    lanes.sort(
      (a, b) =>
        Number(a === catchAll) - Number(b === catchAll) ||
        (counts.get(b) ?? 0) - (counts.get(a) ?? 0) ||
        a.localeCompare(b),
    );
  }
  if (lanes.length > MAX_LANES) {
    const kept = new Set(
      [...lanes]
        .filter((l) => l !== catchAll)
        .sort((a, b) => (counts.get(b) ?? 0) - (counts.get(a) ?? 0) || a.localeCompare(b))
        .slice(0, MAX_LANES - 1),
    );
    for (const e of events) if (!kept.has(e.lane)) e.lane = OTHER_LANE;
    lanes = [...lanes.filter((l) => kept.has(l)), OTHER_LANE];
  }
  return { events, lanes };
}
