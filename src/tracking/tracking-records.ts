import { z } from 'zod';
import type { Store } from '../store/types.js';
import { LAW_STATUSES } from '../kb/schema.js';
import { STAGES } from './stages.js';

/** What the store keeps about tracked bills (values read back are validated: the store is a boundary). */
export const Source = z.enum(['openstates', 'congress']);

export const OfficialAction = z.object({
  date: z.string(),
  text: z.string(),
  stage: z.enum(STAGES),
});
export type OfficialAction = z.infer<typeof OfficialAction>;

/** The latest a pass learned about one tracked bill. */
export const TrackedState = z.object({
  key: z.string(),
  entryId: z.string(),
  source: Source,
  label: z.string(),
  url: z.string().optional(),
  title: z.string().optional(),
  latest: OfficialAction.optional(),
  stage: z.enum(STAGES).optional(),
  /** The session ended with the bill not enacted: it died. */
  died: z.object({ session: z.string(), end: z.string() }).optional(),
  /** The API's own last-change stamp (Open States `updated_at`, Congress.gov `updateDate`). */
  updateMarker: z.string().optional(),
  /** When the API last answered about this bill, and when it was last asked. */
  lastHeardAt: z.string().optional(),
  lastTriedAt: z.string(),
  /** The last attempt's problem, when it failed (not-found, removed, unavailable, refused). */
  problem: z.object({ kind: z.string(), message: z.string() }).optional(),
  /** Open States' own id and the identifier it last gave the bill (to find it again if renumbered). */
  billId: z.string().optional(),
  identifier: z.string().optional(),
  /** When the API last listed the bill itself (not "nothing updated since"): a week on, it is asked in full. */
  listedAt: z.string().optional(),
  /** The legislature gave the bill a new number: Open States lists it as `to` now. */
  renumbered: z.object({ from: z.string(), to: z.string() }).optional(),
});
export type TrackedState = z.infer<typeof TrackedState>;

/**
 * What a curator should know about a tracked bill beyond its latest action, reported by each pass while it
 * holds: renumbered (the tracking reference names an old number), removed (Open States no longer lists it
 * under its number or its id), substituted (replaced by another bill, which goes on), withdrawn.
 */
export const TrackingNotice = z.object({
  key: z.string(),
  entryId: z.string(),
  source: Source,
  label: z.string(),
  kind: z.enum(['renumbered', 'removed', 'substituted', 'withdrawn']),
  text: z.string(),
  url: z.string().optional(),
  /** The tracking reference that follows the bill now, when official data gives it. */
  reference: z.string().optional(),
  /** When a pass first saw it (kept across passes while it holds, so the review queue does not see it anew daily). */
  seenAt: z.string(),
});
export type TrackingNotice = z.infer<typeof TrackingNotice>;

/** A movement a pass saw: digests announce these, with the official link. */
export const TrackingChange = z.object({
  key: z.string(),
  entryId: z.string(),
  source: Source,
  label: z.string(),
  url: z.string().optional(),
  seenAt: z.string(),
  action: OfficialAction,
  previous: OfficialAction.optional(),
});
export type TrackingChange = z.infer<typeof TrackingChange>;

/** A status the official data supports for an entry, for a curator to accept into the file. */
export const StatusProposal = z.object({
  entryId: z.string(),
  key: z.string(),
  source: Source,
  label: z.string(),
  url: z.string().optional(),
  /** The entry's status when proposed, and the one official data supports. */
  from: z.enum(LAW_STATUSES),
  status: z.enum(LAW_STATUSES),
  /** The date the action happened (the new status_as_of), and its official text. */
  date: z.string(),
  action: z.string(),
  /** What else the curator should know: "renumbered from HB 149 to HB 200", "withdrawn". */
  notice: z.string().optional(),
  seenAt: z.string(),
});
export type StatusProposal = z.infer<typeof StatusProposal>;

export const PassRecord = z.object({
  at: z.string(),
  items: z.number(),
  calls: z.number(),
  changes: z.number(),
  proposals: z.number(),
  problems: z.number(),
});
export type PassRecord = z.infer<typeof PassRecord>;

/** Changes are kept long enough for any digest schedule to have announced them. */
export const CHANGE_TTL_MS = 90 * 24 * 3_600_000;

export const trackingKeys = {
  state: (key: string) => `tracking:state:${key}`,
  statePrefix: 'tracking:state:',
  change: (seenAt: string, key: string) => `tracking:change:${seenAt}:${key}`,
  changePrefix: 'tracking:change:',
  proposal: (entryId: string) => `tracking:proposal:${entryId}`,
  proposalPrefix: 'tracking:proposal:',
  notice: (key: string, kind: TrackingNotice['kind']) => `tracking:notice:${key}:${kind}`,
  noticePrefix: 'tracking:notice:',
  lastPass: 'tracking:pass:last',
  passClaim: (day: string) => `tracking:pass:claim:${day}`,
  sessions: (jurisdiction: string) => `tracking:sessions:${jurisdiction}`,
  search: (id: string) => `tracking:search:${id}`,
};

async function listParsed<T>(store: Store, prefix: string, schema: z.ZodType<T>): Promise<T[]> {
  const out: T[] = [];
  for (const { value } of await store.list(prefix)) {
    const parsed = schema.safeParse(value);
    if (parsed.success) out.push(parsed.data);
  }
  return out;
}

export async function trackedStates(store: Store): Promise<Map<string, TrackedState>> {
  const states = await listParsed(store, trackingKeys.statePrefix, TrackedState);
  return new Map(states.map((s) => [s.key, s]));
}

/** The states of one entry's tracked bills, latest action first. */
export async function statesOfEntry(store: Store, entryId: string): Promise<TrackedState[]> {
  const all = await listParsed(store, trackingKeys.statePrefix, TrackedState);
  return all
    .filter((s) => s.entryId === entryId)
    .sort((a, b) => (b.latest?.date ?? '').localeCompare(a.latest?.date ?? ''));
}

/** Changes seen after `sinceIso` (and at or before `untilIso`), oldest first. */
export async function changesSince(
  store: Store,
  sinceIso: string,
  untilIso: string,
): Promise<TrackingChange[]> {
  const all = await listParsed(store, trackingKeys.changePrefix, TrackingChange);
  return all
    .filter((c) => c.seenAt > sinceIso && c.seenAt <= untilIso)
    .sort((a, b) => a.seenAt.localeCompare(b.seenAt) || a.key.localeCompare(b.key));
}

export async function statusProposals(store: Store): Promise<StatusProposal[]> {
  return (await listParsed(store, trackingKeys.proposalPrefix, StatusProposal)).sort((a, b) =>
    a.entryId.localeCompare(b.entryId),
  );
}

/** The notices the last passes left standing (renumbered, removed, substituted, withdrawn), by entry then kind. */
export async function trackingNotices(store: Store): Promise<TrackingNotice[]> {
  return (await listParsed(store, trackingKeys.noticePrefix, TrackingNotice)).sort(
    (a, b) =>
      a.entryId.localeCompare(b.entryId) || a.key.localeCompare(b.key) || a.kind.localeCompare(b.kind),
  );
}
