import { z } from 'zod';
import type { Library } from '../kb/library.js';
import { isLawLike, LAW_STATUSES } from '../kb/schema.js';
import type { Store } from '../store/types.js';

/**
 * The statuses of laws and bills as Dossier saw them, kept in the store, so that "changed status" means the
 * status really changed. `status_as_of` only says when a curator last checked a status: a re-confirmed
 * status moves that date and changes nothing, so dates cannot tell a change; a recorded history can.
 *
 * Each law or bill has numbered records `statuses:entry:<id>:<n>`, one per status seen, each written with
 * the store's atomic set-if-absent: processes and shards that look at the same base at once agree on one
 * record and one first-seen time. Statuses are looked at before each digest is built (once per knowledge
 * base a process holds), so a change is dated by the first digest or preview that saw it, and each channel
 * reports it in the one digest whose window (since its previous digest) holds that time, whatever its local
 * time. The first look ever records every entry as the baseline (nothing reported); a law or bill that
 * appears later is new to the base and reported as added, with its status.
 */

export const StatusRecord = z.object({
  entryId: z.string(),
  /** 0 for the first status seen, then one more per change. */
  n: z.number().int().nonnegative(),
  status: z.enum(LAW_STATUSES),
  statusAsOf: z.string(),
  /** When this status was first seen (ISO instant). */
  seenAt: z.string(),
  /** baseline: there when statuses were first recorded; added: new to the base since; changed: differs from `previous`. */
  kind: z.enum(['baseline', 'added', 'changed']),
  previous: z.enum(LAW_STATUSES).optional(),
});
export type StatusRecord = z.infer<typeof StatusRecord>;

/** When statuses were first recorded, and the knowledge base version they were recorded from. */
export const FirstLook = z.object({ at: z.string(), version: z.string() });

/** A status change seen within a window: `previous` undefined when the entry was added to the base. */
export interface StatusChange {
  entryId: string;
  status: StatusRecord['status'];
  previous?: StatusRecord['status'];
  seenAt: string;
}

export const statusKeys = {
  entryPrefix: 'statuses:entry:',
  entry: (entryId: string, n: number) => `statuses:entry:${entryId}:${String(n).padStart(6, '0')}`,
  firstLook: 'statuses:first-look',
};

/** Superseded records older than this are deleted; the latest record of each entry is kept for good. */
const KEEP_SUPERSEDED_MS = 90 * 86_400_000;

async function records(store: Store): Promise<StatusRecord[]> {
  const out: StatusRecord[] = [];
  for (const { value } of await store.list(statusKeys.entryPrefix)) {
    const parsed = StatusRecord.safeParse(value);
    if (parsed.success) out.push(parsed.data);
  }
  return out;
}

/**
 * Records each law's and bill's status in `library` that differs from the last one recorded, as first seen
 * at `now`. Of processes that race on the same change, one writes it; the others leave it.
 */
export async function recordStatuses(
  store: Store,
  library: Library,
  now: Date,
): Promise<{ baseline: number; added: number; changed: number }> {
  const at = now.toISOString();
  const counts = { baseline: 0, added: 0, changed: 0 };
  const first = (await store.claim(statusKeys.firstLook, { at, version: library.version }))
    ? { at, version: library.version }
    : await store.get(statusKeys.firstLook, FirstLook);
  const all = await records(store);
  const latest = new Map<string, StatusRecord>();
  for (const r of all) if ((latest.get(r.entryId)?.n ?? -1) < r.n) latest.set(r.entryId, r);

  for (const doc of library.docs) {
    if (!isLawLike(doc)) continue;
    const last = latest.get(doc.id);
    if (last?.status === doc.status) continue;
    // Unseen: in the base statuses were first recorded from (or the first record is unreadable), a
    // baseline; otherwise added to the base since.
    const kind = last ? 'changed' : !first || first.version === library.version ? 'baseline' : 'added';
    const record: StatusRecord = {
      entryId: doc.id,
      n: last ? last.n + 1 : 0,
      status: doc.status,
      statusAsOf: doc.status_as_of,
      seenAt: at,
      kind,
      ...(last ? { previous: last.status } : {}),
    };
    if (await store.claim(statusKeys.entry(doc.id, record.n), record)) counts[kind]++;
  }

  const cutoff = new Date(now.getTime() - KEEP_SUPERSEDED_MS).toISOString();
  for (const r of all) {
    const newest = latest.get(r.entryId);
    if (newest && r.n < newest.n && r.seenAt < cutoff) await store.delete(statusKeys.entry(r.entryId, r.n));
  }
  return counts;
}

const looked = new WeakMap<Store, WeakMap<Library, Promise<unknown>>>();

/**
 * `recordStatuses` once per knowledge base a process holds (concurrent digests share the one look); a
 * look that failed is tried again by the next caller.
 */
export function recordStatusesOnce(store: Store, library: Library, now: Date): Promise<unknown> {
  const byLibrary = looked.get(store) ?? new WeakMap<Library, Promise<unknown>>();
  looked.set(store, byLibrary);
  let look = byLibrary.get(library);
  if (!look) {
    look = recordStatuses(store, library, now).catch((error: unknown) => {
      byLibrary.delete(library);
      throw error;
    });
    byLibrary.set(library, look);
  }
  return look;
}

/**
 * The status changes first seen after `fromIso` and at or before `untilIso`, one per entry: an entry that
 * changed twice in the window shows its net change, and one that changed back is left out. Baselines are
 * never changes.
 */
export async function statusChangesBetween(
  store: Store,
  fromIso: string,
  untilIso: string,
): Promise<StatusChange[]> {
  const inWindow = (await records(store))
    .filter((r) => r.kind !== 'baseline' && r.seenAt > fromIso && r.seenAt <= untilIso)
    .sort((a, b) => a.entryId.localeCompare(b.entryId) || a.n - b.n);
  const byEntry = new Map<string, StatusChange>();
  for (const r of inWindow) {
    const before = byEntry.get(r.entryId);
    const previous = before ? before.previous : r.previous;
    byEntry.set(r.entryId, {
      entryId: r.entryId,
      status: r.status,
      ...(previous ? { previous } : {}),
      seenAt: r.seenAt,
    });
  }
  return [...byEntry.values()].filter((c) => c.status !== c.previous);
}
