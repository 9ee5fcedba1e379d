import type { Library } from '../kb/library.js';
import { type Doc, isLawLike, type LawLike, type TrackingRef } from '../kb/schema.js';

/** A tracking reference resolved against its entry: what to ask which API for. */
export type ResolvedRef =
  | { source: 'openstates'; id: string }
  | { source: 'openstates'; jurisdiction: string; session: string; bill: string }
  | { source: 'congress'; congress: number; type: string; number: number };

/** One bill followed in official data, and the entry it belongs to. */
export interface TrackedItem {
  /** Stable across passes: "openstates:tx/89R/HB149", "openstates:ocd-bill/…", "congress:119/hr/4695". */
  key: string;
  entryId: string;
  ref: ResolvedRef;
  /** How a member reads it: "TX HB 149 (89R)", "H.R. 4695 (119th Congress)". */
  label: string;
}

export const SOURCE_NAMES = { openstates: 'Open States', congress: 'Congress.gov' } as const;
export type TrackingSource = keyof typeof SOURCE_NAMES;

/** A bill identifier compared loosely, as Open States does ("hb149" = "HB 149"). */
export function normalizeBillId(id: string): string {
  return id.toUpperCase().replace(/[\s.]+/g, '');
}

export function resolveRef(doc: Doc & LawLike, ref: TrackingRef): ResolvedRef | undefined {
  if (ref.source === 'congress')
    return { source: 'congress', congress: ref.congress, type: ref.type, number: ref.number };
  if (ref.id) return { source: 'openstates', id: ref.id };
  const state = /^US-([A-Z]{2})$/.exec(doc.jurisdiction)?.[1];
  const jurisdiction = ref.jurisdiction ?? state?.toLowerCase();
  if (!jurisdiction || !ref.session || !ref.bill) return undefined;
  return { source: 'openstates', jurisdiction, session: ref.session, bill: ref.bill };
}

export function refKey(ref: ResolvedRef): string {
  if (ref.source === 'congress') return `congress:${ref.congress}/${ref.type}/${ref.number}`;
  if ('id' in ref) return `openstates:${ref.id}`;
  return `openstates:${ref.jurisdiction}/${ref.session}/${normalizeBillId(ref.bill)}`;
}

const CONGRESS_TYPE_LABELS: Record<string, string> = {
  hr: 'H.R.',
  s: 'S.',
  hjres: 'H.J.Res.',
  sjres: 'S.J.Res.',
  hconres: 'H.Con.Res.',
  sconres: 'S.Con.Res.',
  hres: 'H.Res.',
  sres: 'S.Res.',
};
const CONGRESS_URL_TYPES: Record<string, string> = {
  hr: 'house-bill',
  s: 'senate-bill',
  hjres: 'house-joint-resolution',
  sjres: 'senate-joint-resolution',
  hconres: 'house-concurrent-resolution',
  sconres: 'senate-concurrent-resolution',
  hres: 'house-resolution',
  sres: 'senate-resolution',
};

export function refLabel(ref: ResolvedRef): string {
  if (ref.source === 'congress')
    return `${CONGRESS_TYPE_LABELS[ref.type] ?? ref.type.toUpperCase()} ${ref.number} (${ordinal(ref.congress)} Congress)`;
  if ('id' in ref) return ref.id;
  return `${ref.jurisdiction.toUpperCase()} ${ref.bill} (${ref.session})`;
}

/**
 * The bill's page on the official site, for members to follow: Congress.gov for federal bills; for state
 * bills, Open States' page (its API gives the exact one, `openstates_url`, which wins when known).
 */
export function officialUrl(ref: ResolvedRef): string | undefined {
  if (ref.source === 'congress')
    return `https://www.congress.gov/bill/${ordinal(ref.congress)}-congress/${CONGRESS_URL_TYPES[ref.type] ?? ref.type}/${ref.number}`;
  if ('id' in ref) return undefined;
  return `https://openstates.org/${ref.jurisdiction}/bills/${encodeURIComponent(ref.session)}/${normalizeBillId(ref.bill)}/`;
}

export function ordinal(n: number): string {
  const tens = n % 100;
  const suffix = tens >= 11 && tens <= 13 ? 'th' : (['th', 'st', 'nd', 'rd'][n % 10] ?? 'th');
  return `${n}${suffix}`;
}

/** Every tracked bill in the library, one item per tracking reference (an entry may follow several). */
export function trackedItems(library: Library): TrackedItem[] {
  const items = new Map<string, TrackedItem>();
  for (const doc of library.docs) {
    if (!isLawLike(doc)) continue;
    for (const ref of doc.tracking) {
      const resolved = resolveRef(doc, ref);
      if (!resolved) continue;
      const key = refKey(resolved);
      if (!items.has(key)) items.set(key, { key, entryId: doc.id, ref: resolved, label: refLabel(resolved) });
    }
  }
  return [...items.values()];
}

/** True for places an official source covers: the United States (Congress.gov) and its states (Open States). */
export function trackablePlace(jurisdiction: string): boolean {
  return jurisdiction === 'US' || /^US-[A-Z]{2}$/.test(jurisdiction);
}

/**
 * For `kb check`: a bill in a place an official source covers that names no tracking reference, with the
 * reference its citation spells out when it does ("H.R. 4695 (119th Congress)").
 */
export function missingTracking(doc: Doc): { message: string } | undefined {
  if (!isLawLike(doc) || doc.type !== 'bill' || doc.tracking.length > 0 || !trackablePlace(doc.jurisdiction))
    return undefined;
  const hint = doc.jurisdiction === 'US' ? congressHint(doc.citation ?? doc.title) : undefined;
  const source = doc.jurisdiction === 'US' ? 'Congress.gov' : 'Open States';
  return {
    message: `warning: this bill could be tracked in official data (${source}) but has no tracking reference: add ${
      hint ??
      `${
        doc.jurisdiction === 'US'
          ? 'tracking: [{ source: congress, congress: N, type: hr, number: N }]'
          : 'tracking: [{ source: openstates, session: <its Open States session>, bill: <e.g. HB 149> }]'
      } from its official source`
    }`,
  };
}

const CITATION_TYPES: [RegExp, string][] = [
  [/^H\.?\s*R\.?$/i, 'hr'],
  [/^S\.?$/i, 's'],
  [/^H\.?\s*J\.?\s*Res\.?$/i, 'hjres'],
  [/^S\.?\s*J\.?\s*Res\.?$/i, 'sjres'],
];

function congressHint(text: string): string | undefined {
  const m =
    /\b(H\.\s*R\.|S\.|H\.\s*J\.\s*Res\.|S\.\s*J\.\s*Res\.)\s*(\d{1,5})\s*\((\d{2,3})(?:st|nd|rd|th) Congress\)/i.exec(
      text,
    );
  if (!m) return undefined;
  const type = CITATION_TYPES.find(([re]) => re.test((m[1] ?? '').replace(/\s+/g, '')))?.[1];
  if (!type) return undefined;
  return `tracking: [{ source: congress, congress: ${m[3]}, type: ${type}, number: ${m[2]} }] (as its citation gives it)`;
}
