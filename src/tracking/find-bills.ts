import { z } from 'zod';
import type { Library } from '../kb/library.js';
import { isLawLike, TrackingRef } from '../kb/schema.js';
import { ApiError } from './api-http.js';
import type { CgBillListItem } from './congress-client.js';
import type { Clients } from './observe.js';
import type { OsBill } from './openstates-client.js';
import {
  normalizeBillId,
  officialUrl,
  ordinal,
  refKey,
  refLabel,
  type ResolvedRef,
  SOURCE_NAMES,
  type TrackingSource,
  trackedItems,
} from './tracked-items.js';

/** A bill official data lists for a search, with what a suggestion for the base needs. */
export const FoundBill = z.object({
  source: z.enum(['openstates', 'congress']),
  /** The tracking key it would have ("openstates:tx/89R/HB149", "congress:119/hr/4695"). */
  key: z.string(),
  /** Open States' own id, when it is a state bill. */
  ocdId: z.string().optional(),
  /** "TX HB 149 (89R)", "H.R. 4695 (119th Congress)". */
  label: z.string(),
  /** As the legislature writes it: "HB 149", "H.R. 4695". */
  identifier: z.string(),
  title: z.string(),
  /** The knowledge base's code for the place: "US-TX", "US". */
  jurisdiction: z.string(),
  /** "Texas", "United States". */
  place: z.string(),
  session: z.string(),
  /** The official page: Open States' for state bills, Congress.gov's for federal ones. */
  url: z.string(),
  latest: z.object({ date: z.string(), text: z.string() }).optional(),
  /** The day of its first action (its introduction), when the API gives it in the list. */
  introduced: z.string().optional(),
  /** The `tracking:` reference an entry for it would carry. */
  tracking: TrackingRef,
});
export type FoundBill = z.infer<typeof FoundBill>;

/** Where to look: every state and Congress, Congress only, or one state ("US-TX"). */
export type SearchScope = { kind: 'all' } | { kind: 'federal' } | { kind: 'state'; code: string };

/** How one source fared: asked and answered, off (no key), failed (why, in words), or not asked. */
export interface SourceOutcome {
  source: TrackingSource;
  status: 'answered' | 'off' | 'failed' | 'not-asked';
  /** For a failure: the kind and what to tell the member; `detail` is for the log. */
  problem?: { kind: ApiError['kind']; message: string; detail: string } | undefined;
}

export interface BillSearch {
  /** Bills not yet in the base, latest action first. */
  found: FoundBill[];
  /** Bills the base already has, with the entry that has them. */
  inBase: { bill: FoundBill; entryId: string }[];
  sources: SourceOutcome[];
  /** For federal results: the Congress searched and how many of its bills were read. */
  federal?: { congress: number; scanned: number } | undefined;
}

/** How many of a Congress's bills (latest action first) a federal search reads: two requests. */
export const FEDERAL_SCAN = 500;

const STOP_WORDS = new Set(['a', 'an', 'and', 'act', 'bill', 'for', 'in', 'of', 'on', 'or', 'the', 'to']);

/**
 * Searches official data live for bills matching `query` and splits them into those the base already has
 * (by tracking reference, Open States id, or the bill's number in an entry's citation or aliases in the
 * same place) and those it does not. Open States searches full text (its `q`); Congress.gov has no keyword
 * search in its API, so federal bills are matched by title among the current Congress's `FEDERAL_SCAN`
 * bills with the latest actions. A source without a key is off; a failing source is reported, not thrown.
 */
export async function findBills(
  query: string,
  scope: SearchScope,
  deps: { library: Library; clients: Clients; today: string; federalScan?: number },
): Promise<BillSearch> {
  const { clients } = deps;
  const wantStates = scope.kind !== 'federal';
  const wantFederal = scope.kind !== 'state';
  const sources: SourceOutcome[] = [];
  const found: FoundBill[] = [];
  let federal: BillSearch['federal'];

  if (!wantStates) sources.push({ source: 'openstates', status: 'not-asked' });
  else if (!clients.openstates) sources.push({ source: 'openstates', status: 'off' });
  else
    try {
      const jurisdiction = scope.kind === 'state' ? scope.code.slice(3).toLowerCase() : undefined;
      const { bills } = await clients.openstates.search(query, jurisdiction);
      found.push(...bills.flatMap((b) => fromOpenStates(b) ?? []));
      sources.push({ source: 'openstates', status: 'answered' });
    } catch (error) {
      sources.push({ source: 'openstates', status: 'failed', problem: describeFailure('openstates', error) });
    }

  if (!wantFederal) sources.push({ source: 'congress', status: 'not-asked' });
  else if (!clients.congress) sources.push({ source: 'congress', status: 'off' });
  else
    try {
      const congress = currentCongress(deps.today);
      const scan = deps.federalScan ?? FEDERAL_SCAN;
      const bills = await clients.congress.recentBills(congress, scan);
      federal = { congress, scanned: bills.length };
      const words = queryWords(query);
      found.push(
        ...bills
          .filter((b) => b.title && words.length > 0 && words.every((w) => titleWords(b.title).has(w)))
          .flatMap((b) => fromCongress(b) ?? []),
      );
      sources.push({ source: 'congress', status: 'answered' });
    } catch (error) {
      sources.push({ source: 'congress', status: 'failed', problem: describeFailure('congress', error) });
    }

  const inBase = knownBills(deps.library);
  const result: BillSearch = { found: [], inBase: [], sources, federal };
  const seen = new Set<string>();
  for (const bill of found.sort((a, b) => (b.latest?.date ?? '').localeCompare(a.latest?.date ?? ''))) {
    if (seen.has(bill.key)) continue;
    seen.add(bill.key);
    const entryId = inBase(bill);
    if (entryId) result.inBase.push({ bill, entryId });
    else result.found.push(bill);
  }
  return result;
}

/** The Congress sitting on `day` (YYYY-MM-DD): each begins on 3 January of an odd year. */
export function currentCongress(day: string): number {
  const year = Number(day.slice(0, 4));
  const n = Math.floor((year - 1789) / 2) + 1;
  return year % 2 === 1 && day.slice(5) < '01-03' ? n - 1 : n;
}

function queryWords(query: string): string[] {
  return [...titleWords(query)].filter((w) => !STOP_WORDS.has(w));
}

function titleWords(text: string): Set<string> {
  return new Set(
    text
      .toLowerCase()
      .normalize('NFKD')
      .replace(/[\u0300-\u036f]/g, '')
      .split(/[^a-z0-9]+/)
      .filter(Boolean),
  );
}

const PLACE = /(?:state|district|territory):([a-z]{2})\b/;

function fromOpenStates(b: OsBill): FoundBill | undefined {
  const abbr = PLACE.exec(b.jurisdiction.id)?.[1];
  if (!abbr) return undefined;
  const ref: ResolvedRef = {
    source: 'openstates',
    jurisdiction: abbr,
    session: b.session,
    bill: b.identifier,
  };
  const latest = b.latest_action_date
    ? {
        date: b.latest_action_date.slice(0, 10),
        text: b.latest_action_description ?? '',
      }
    : undefined;
  return {
    source: 'openstates',
    key: refKey(ref),
    ocdId: b.id,
    label: refLabel(ref),
    identifier: b.identifier,
    title: b.title,
    jurisdiction: `US-${abbr.toUpperCase()}`,
    place: b.jurisdiction.name,
    session: b.session,
    url: b.openstates_url,
    ...(latest ? { latest } : {}),
    ...(b.first_action_date ? { introduced: b.first_action_date.slice(0, 10) } : {}),
    tracking: { source: 'openstates', jurisdiction: abbr, session: b.session, bill: b.identifier },
  };
}

const CONGRESS_TYPES = new Set(['hr', 's', 'hjres', 'sjres', 'hconres', 'sconres', 'hres', 'sres']);

function fromCongress(b: CgBillListItem): FoundBill | undefined {
  const type = b.type.toLowerCase();
  const number = Number(b.number);
  if (!CONGRESS_TYPES.has(type) || !Number.isInteger(number) || number <= 0) return undefined;
  const ref: ResolvedRef = { source: 'congress', congress: b.congress, type, number };
  const label = refLabel(ref);
  const tracking = TrackingRef.safeParse({ source: 'congress', congress: b.congress, type, number });
  if (!tracking.success) return undefined;
  return {
    source: 'congress',
    key: refKey(ref),
    label,
    identifier: label.replace(/ \(.*\)$/, ''),
    title: b.title,
    jurisdiction: 'US',
    place: 'United States',
    session: `${ordinal(b.congress)} Congress`,
    url: officialUrl(ref) ?? '',
    ...(b.latestAction ? { latest: { date: b.latestAction.actionDate, text: b.latestAction.text } } : {}),
    tracking: tracking.data,
  };
}

/** Bill numbers an entry's citation or aliases name ("H.R. 4695", "A.6031-A" → HR4695, A6031). */
export function billNumbersIn(text: string): string[] {
  const out: string[] = [];
  for (const m of text
    .toUpperCase()
    .replace(/\./g, '')
    .matchAll(/\b([A-Z]{1,6})\s?(\d{1,5})\b/g))
    out.push(`${m[1]}${m[2]}`);
  return out;
}

/** Which entry already has a found bill, if any. */
function knownBills(library: Library): (bill: FoundBill) => string | undefined {
  const byKey = new Map<string, string>();
  for (const item of trackedItems(library)) byKey.set(item.key, item.entryId);
  const byNumber = new Map<string, string>();
  for (const doc of library.docs) {
    if (!isLawLike(doc)) continue;
    for (const text of [doc.citation ?? '', ...doc.aliases])
      for (const n of billNumbersIn(text)) byNumber.set(`${doc.jurisdiction}|${n}`, doc.id);
  }
  return (bill) =>
    byKey.get(bill.key) ??
    (bill.ocdId ? byKey.get(`openstates:${bill.ocdId}`) : undefined) ??
    byNumber.get(`${bill.jurisdiction}|${normalizeBillId(bill.identifier)}`);
}

/** What to tell a member when a source fails, and the detail for the log. */
export function describeFailure(
  source: TrackingSource,
  error: unknown,
): NonNullable<SourceOutcome['problem']> {
  const name = SOURCE_NAMES[source];
  const e = error instanceof ApiError ? error : new ApiError('unavailable', String(error));
  const message =
    e.kind === 'malformed'
      ? `${name} answered in a shape Dossier does not recognise, so nothing from it is shown (the reason is logged)`
      : e.kind === 'refused'
        ? `${name} refused the request (HTTP ${e.status ?? '4xx'}${e.status === 401 || e.status === 403 ? ': check its API key' : ''})`
        : e.status === 429
          ? `${name} is rate-limiting this bot's key; try again in a few minutes`
          : `${name} did not answer${e.status ? ` (HTTP ${e.status})` : ''}; try again later`;
  return { kind: e.kind, message, detail: e.message };
}
