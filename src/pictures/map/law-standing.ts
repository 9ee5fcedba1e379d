import type { LawLike } from '../../kb/schema.js';

/**
 * Where a law stood on a date, from the dates its entry records. Pure: the same entry and date always
 * give the same answer, so the map for a past date is reproducible.
 *
 * - `not-enacted`: a bill or a failed proposal, or a law enacted after the date;
 * - `not-yet`: enacted on or before the date, in effect only later (its `effective` date);
 * - `in-effect`: enacted and in effect on the date;
 * - `ended`: its `sunset` passed, or it was repealed, struck down or expired by the date.
 */
export type Standing =
  | { state: 'not-enacted' }
  | { state: 'not-yet'; effective: string }
  | { state: 'in-effect'; endsOn?: string | undefined; endUnknown?: boolean }
  | { state: 'ended'; on: string; how: 'sunset' | 'expired' | 'repealed' | 'struck-down' };

const ENDED_STATUSES = ['expired', 'repealed', 'struck-down'] as const;
type EndedStatus = (typeof ENDED_STATUSES)[number];

/** Milestone labels that record the end of a law ("Mayor signs the reversal", "Court strikes it down"). */
const END_MILESTONE =
  /\b(repeal|revers|rescind|expire|expiry|lapse|sunset|struck|strikes? down|overturn|invalidat)/i;

/**
 * The day a law that has ended did so: its sunset, else the last milestone before its status date that
 * says it ended, else its status date (the base then only knows it had ended by then: `known: false`).
 */
export function endDate(law: LawLike): { on: string; known: boolean } | undefined {
  if (!(ENDED_STATUSES as readonly string[]).includes(law.status)) return undefined;
  if (law.sunset) return { on: law.sunset, known: true };
  const milestone = law.milestones
    .filter((m) => m.date <= law.status_as_of && END_MILESTONE.test(m.label))
    .map((m) => m.date)
    .sort()
    .at(-1);
  return milestone ? { on: milestone, known: true } : { on: law.status_as_of, known: false };
}

export function standingOn(law: LawLike, date: string): Standing {
  if (law.type === 'bill' || law.status === 'proposed' || law.status === 'failed')
    return { state: 'not-enacted' };
  if (law.date > date) return { state: 'not-enacted' };
  if (law.sunset && law.sunset <= date) return { state: 'ended', on: law.sunset, how: 'sunset' };
  const end = endDate(law);
  if (end && end.on <= date) return { state: 'ended', on: end.on, how: law.status as EndedStatus };
  if (law.effective && law.effective > date) return { state: 'not-yet', effective: law.effective };
  return {
    state: 'in-effect',
    ...(law.sunset ? { endsOn: law.sunset } : {}),
    ...(end && !end.known ? { endUnknown: true } : {}),
  };
}
