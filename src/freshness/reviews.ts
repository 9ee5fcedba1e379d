import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import type { Store } from '../store/types.js';
import type { ReviewState } from './assess.js';
import { addDays } from './dates.js';

/**
 * Curators' review decisions, kept in the store: one record per decision (the audit trail, never
 * overwritten) and the latest state per entry, which `kb stale`, the review queue and the cards read.
 */

export const DECISIONS = ['accurate', 'needs-changes', 'snooze'] as const;
export type Decision = (typeof DECISIONS)[number];
export const SNOOZE_DAYS = 30;

export const ReviewRecord = z.object({
  id: z.string(),
  entryId: z.string(),
  decision: z.enum(DECISIONS),
  /** ISO instant of the decision. */
  at: z.string(),
  by: z.object({ id: z.string(), name: z.string() }),
  guildId: z.string().optional(),
  note: z.string().optional(),
  /** For a snooze: the day reviews are asked for again. */
  until: z.string().optional(),
  /** Set once `kb apply-reviews` (or the bot, with KNOWLEDGE_WRITABLE) wrote `checked` into the file. */
  applied: z.string().optional(),
});
export type ReviewRecord = z.infer<typeof ReviewRecord>;

const StoredState = z.object({
  checkedOn: z.string().optional(),
  checkedBy: z.string().optional(),
  needsChanges: z.object({ on: z.string(), by: z.string(), note: z.string().optional() }).optional(),
  snoozedUntil: z.string().optional(),
});

const stateKey = (entryId: string) => `review:state:${entryId}`;
const logKey = (entryId: string, at: string, id: string) => `review:log:${entryId}:${at}:${id}`;

export interface RecordInput {
  entryId: string;
  decision: Decision;
  by: { id: string; name: string };
  at: Date;
  guildId?: string | undefined;
  note?: string | undefined;
}

/** Records a decision: appends it to the trail and updates the entry's state. Returns the record. */
export async function recordReview(store: Store, input: RecordInput): Promise<ReviewRecord> {
  const at = input.at.toISOString();
  const day = at.slice(0, 10);
  const record: ReviewRecord = {
    id: randomUUID().slice(0, 8),
    entryId: input.entryId,
    decision: input.decision,
    at,
    by: input.by,
    ...(input.guildId ? { guildId: input.guildId } : {}),
    ...(input.note ? { note: input.note.slice(0, 500) } : {}),
    ...(input.decision === 'snooze' ? { until: addDays(day, SNOOZE_DAYS) } : {}),
  };
  await store.set(logKey(input.entryId, at, record.id), record);
  const state: ReviewState = (await store.get(stateKey(input.entryId), StoredState)) ?? {};
  if (input.decision === 'accurate') {
    state.checkedOn = day;
    state.checkedBy = input.by.name;
    delete state.needsChanges;
    delete state.snoozedUntil;
  } else if (input.decision === 'needs-changes') {
    state.needsChanges = { on: day, by: input.by.name, ...(record.note ? { note: record.note } : {}) };
  } else {
    state.snoozedUntil = record.until;
  }
  await store.set(stateKey(input.entryId), state);
  return record;
}

/** The latest review state of every entry that has one. */
export async function reviewStates(store: Store): Promise<Map<string, ReviewState>> {
  const rows = await store.list('review:state:');
  const states = new Map<string, ReviewState>();
  for (const { key, value } of rows) {
    const parsed = StoredState.safeParse(value);
    if (parsed.success) states.set(key.slice('review:state:'.length), parsed.data);
  }
  return states;
}

export async function reviewState(store: Store, entryId: string): Promise<ReviewState | undefined> {
  return store.get(stateKey(entryId), StoredState);
}

/** Every decision recorded (optionally for one entry), oldest first. */
export async function reviewTrail(store: Store, entryId?: string): Promise<ReviewRecord[]> {
  const rows = await store.list(entryId ? `review:log:${entryId}:` : 'review:log:');
  return rows
    .map((r) => ReviewRecord.safeParse(r.value))
    .filter((r) => r.success)
    .map((r) => r.data)
    .sort((a, b) => a.at.localeCompare(b.at));
}

/** Marks "Still accurate" records as written into their files (kb apply-reviews, or the bot itself). */
export async function markApplied(store: Store, record: ReviewRecord, on: string): Promise<void> {
  await store.set(logKey(record.entryId, record.at, record.id), { ...record, applied: on });
}
