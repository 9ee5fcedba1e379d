import type { Library } from '../kb/library.js';
import type { Store } from '../store/types.js';
import { compare, type Comparison } from './compare.js';
import { type Clients, observe } from './observe.js';
import { type TrackedItem, trackedItems, type TrackingSource } from './tracked-items.js';
import {
  CHANGE_TTL_MS,
  type PassRecord,
  StatusProposal,
  type TrackedState,
  type TrackingNotice,
  trackedStates,
  trackingKeys,
  trackingNotices,
} from './tracking-records.js';

export interface TrackingLogger {
  info(obj: object, msg: string): void;
  warn(obj: object, msg: string): void;
}

/** The clients a pass uses, with their request counters (src/tracking/create-tracking.ts builds them). */
export interface TrackingSources extends Clients {
  /** Requests each client has sent so far. */
  calls(): Partial<Record<TrackingSource, number>>;
}

export interface PassReport extends Comparison {
  at: string;
  items: number;
  /** Tracked items whose source has no key: skipped, and said once. */
  skipped: { source: TrackingSource; items: number }[];
  calls: Partial<Record<TrackingSource, number>>;
  /** Every tracked bill's state after the pass (for `kb track` output and `--since`). */
  all: TrackedState[];
}

/**
 * One tracking pass: ask the official APIs about every tracked bill, compare with what was known and with
 * the entries, and record states, changes (for digests) and status proposals (for curators). A malformed
 * answer is logged with its reason and records nothing.
 */
export async function runTrackingPass(deps: {
  library: Library;
  store: Store;
  sources: TrackingSources;
  now: Date;
  logger?: TrackingLogger | undefined;
}): Promise<PassReport> {
  const { library, store, sources, now, logger } = deps;
  const nowIso = now.toISOString();
  const all = trackedItems(library);
  const on = (item: TrackedItem) => Boolean(sources[item.ref.source]);
  const items = all.filter(on);
  const skipped = (['openstates', 'congress'] as const)
    .map((source) => ({ source, items: all.filter((i) => i.ref.source === source && !on(i)).length }))
    .filter((s) => s.items > 0);
  const before = sources.calls();
  const previous = await trackedStates(store);
  const observations = await observe(items, previous, sources, { store, today: nowIso.slice(0, 10) });
  const result = compare(library, items, observations, previous, nowIso);

  for (const p of result.problems)
    if (p.kind === 'malformed')
      logger?.warn({ key: p.key, entry: p.entryId, reason: p.message }, 'tracking: response rejected');
  for (const s of result.states) await store.set(trackingKeys.state(s.key), s);
  for (const c of result.changes) await store.set(trackingKeys.change(c.seenAt, c.key), c, CHANGE_TTL_MS);
  for (const p of result.proposals) await keepProposal(store, p);
  for (const id of result.settled) await store.delete(trackingKeys.proposal(id));
  result.notices = await keepNotices(store, result, new Set(all.map((i) => i.key)));

  const after = sources.calls();
  const calls: Partial<Record<TrackingSource, number>> = {};
  for (const s of ['openstates', 'congress'] as const)
    if (after[s] !== undefined) calls[s] = (after[s] ?? 0) - (before[s] ?? 0);
  const record: PassRecord = {
    at: nowIso,
    items: items.length,
    calls: Object.values(calls).reduce((a, b) => a + (b ?? 0), 0),
    changes: result.changes.length,
    proposals: result.proposals.length,
    problems: result.problems.length,
  };
  await store.set(trackingKeys.lastPass, record);
  logger?.info(record, 'tracking pass done');
  const states = await trackedStates(store);
  return {
    ...result,
    at: nowIso,
    items: items.length,
    skipped,
    calls,
    all: items.map((i) => states.get(i.key)).filter((s): s is TrackedState => s !== undefined),
  };
}

/** A standing proposal keeps the day it was first seen, so the review queue does not see it as new daily. */
async function keepProposal(store: Store, p: StatusProposal): Promise<void> {
  const key = trackingKeys.proposal(p.entryId);
  const held = await store.get(key, StatusProposal);
  if (held && held.status === p.status && held.date === p.date && held.key === p.key) return;
  await store.set(key, p);
}

/**
 * Keeps the notices that hold for the curators' review queue: a standing one keeps the day it was first seen;
 * one that no longer holds for a bill this pass heard about is dropped, and so is any for a bill no entry
 * tracks any more (a curator gave the new number). A bill the pass could not read keeps its notices.
 */
async function keepNotices(
  store: Store,
  result: Comparison,
  tracked: ReadonlySet<string>,
): Promise<TrackingNotice[]> {
  const held = await trackingNotices(store);
  const heldBy = new Map(held.map((n) => [trackingKeys.notice(n.key, n.kind), n]));
  const observed = new Set(result.states.map((s) => s.key));
  const now = new Map(result.notices.map((n) => [trackingKeys.notice(n.key, n.kind), n]));
  const kept: TrackingNotice[] = [];
  for (const [storeKey, n] of now) {
    const before = heldBy.get(storeKey);
    const notice = before ? { ...n, seenAt: before.seenAt } : n;
    if (!before || JSON.stringify(before) !== JSON.stringify(notice)) await store.set(storeKey, notice);
    kept.push(notice);
  }
  for (const [storeKey, n] of heldBy)
    if (!now.has(storeKey) && (observed.has(n.key) || !tracked.has(n.key))) await store.delete(storeKey);
  return kept;
}
