import { shortDate } from '../kb/doc-line.js';
import { type Doc, isLawLike, type LawLike } from '../kb/schema.js';
import { addDays } from './dates.js';
import { freshForDays, type Policy } from './policy.js';

/**
 * Contradictions an entry carries on its face, found without the internet: a date it records has passed
 * and its status (or claim) has not caught up. Pure: `today` is passed in, never read from the clock.
 */

export type RuleId =
  'effective-passed' | 'sunset-passed' | 'session-ended' | 'milestone-unreflected' | 'open-ended-claim';

export interface Finding {
  rule: RuleId;
  /** The day the contradiction began: a curator's check on or after it answers it. */
  since: string;
  /** What is wrong, for curators: "effective 1 Jan 2026 has passed but the status is enacted (not yet in force)". */
  reason: string;
  /** One line on what to do about it. */
  suggestion: string;
  /** The front-matter key the finding is about, for `kb check`'s file:line. */
  field: string;
}

const IN_FORCE =
  /\b(take|takes|taking|took) effect\b|\bin(to)? force\b|\bbecomes? effective\b|\beffective date\b/i;
const ENDING = /\bsunsets?\b|\bexpir(e|es|y|ed|ation)\b|\blapses?\b|\bends?\b|\brepeal(s|ed)?\b/i;
const OPEN_ENDED = /\bpermanent(ly)?\b|\buntil further notice\b|\bindefinite(ly)?\b/i;

/** Every contradiction `doc` shows as of `today`. */
export function findContradictions(doc: Doc, today: string, policy: Policy): Finding[] {
  const findings: Finding[] = [];
  if (isLawLike(doc)) findings.push(...lawFindings(doc, today, policy));
  if (doc.type === 'statement') {
    const found = openEndedClaim(doc, today, policy);
    if (found) findings.push(found);
  }
  return findings;
}

function lawFindings(doc: Doc & LawLike, today: string, policy: Policy): Finding[] {
  const findings: Finding[] = [];
  const status = doc.status;
  const reported = new Set<string>();

  // Effective date passed, status still "enacted" (not yet in force) or "proposed".
  if (status === 'enacted' || status === 'proposed') {
    const starts = [
      ...(doc.effective
        ? [{ date: doc.effective, what: `its effective date, ${shortDate(doc.effective)},` }]
        : []),
      ...doc.milestones
        .filter((m) => IN_FORCE.test(m.label) && !ENDING.test(m.label) && m.date !== doc.effective)
        .map((m) => ({ date: m.date, what: `the milestone "${m.label}" (${shortDate(m.date)})`, label: m })),
    ].filter((s) => s.date <= today && s.date > doc.status_as_of);
    for (const s of starts) {
      reported.add(s.date);
      findings.push({
        rule: 'effective-passed',
        since: s.date,
        field: 'label' in s ? 'milestones' : 'effective',
        reason: `${s.what} has passed but the status still says ${statusWords(status)} (as of ${shortDate(doc.status_as_of)})`,
        suggestion: `Check whether it took effect; if so set status: in-force and status_as_of to the date you checked.`,
      });
    }
  }

  // Sunset or expiry passed, status still in force.
  if (status === 'in-force' || status === 'enacted') {
    const ends = [
      ...(doc.sunset
        ? [{ date: doc.sunset, what: `its sunset date, ${shortDate(doc.sunset)},`, field: 'sunset' }]
        : []),
      ...doc.milestones
        .filter((m) => ENDING.test(m.label) && m.date !== doc.sunset)
        .map((m) => ({
          date: m.date,
          what: `the milestone "${m.label}" (${shortDate(m.date)})`,
          field: 'milestones',
        })),
    ].filter((e) => e.date <= today && e.date > doc.status_as_of);
    for (const e of ends) {
      reported.add(e.date);
      findings.push({
        rule: 'sunset-passed',
        since: e.date,
        field: e.field,
        reason: `${e.what} has passed but the status still says ${statusWords(status)} (as of ${shortDate(doc.status_as_of)})`,
        suggestion: `Check whether it lapsed or was extended; set status (expired, or in-force with the new sunset) and status_as_of.`,
      });
    }
  }

  // A bill still proposed after the legislature it was pending in has ended.
  if (status === 'proposed') {
    const session = sessionOf(doc, policy);
    if (session && session.end <= today) {
      findings.push({
        rule: 'session-ended',
        since: session.end,
        field: 'status',
        reason: `still "proposed" (as of ${shortDate(doc.status_as_of)}) but the ${session.name} ended on ${shortDate(session.end)}`,
        suggestion: `Bills die when their session ends: set status: failed (or record the reintroduction and its new status_as_of).`,
      });
    }
  }

  // Any other dated milestone after the status was recorded.
  for (const m of doc.milestones) {
    if (m.date > doc.status_as_of && m.date <= today && !reported.has(m.date)) {
      findings.push({
        rule: 'milestone-unreflected',
        since: m.date,
        field: 'milestones',
        reason: `the milestone "${m.label}" (${shortDate(m.date)}) is later than the status (as of ${shortDate(doc.status_as_of)})`,
        suggestion: `Check what happened on ${shortDate(m.date)} and update status and status_as_of to match.`,
      });
    }
  }
  return findings;
}

function openEndedClaim(
  doc: Doc & { type: 'statement' },
  today: string,
  policy: Policy,
): Finding | undefined {
  const texts = [doc.title, doc.summary, ...doc.commitments];
  const hit = texts.map((t) => OPEN_ENDED.exec(t)?.[0]).find(Boolean);
  if (!hit) return undefined;
  const days = freshForDays(policy, doc);
  // The claim is as old as the statement, unless a curator has confirmed it since.
  const since = addDays(doc.checked ?? doc.date, days);
  if (since > today) return undefined;
  return {
    rule: 'open-ended-claim',
    since,
    field: doc.checked ? 'checked' : 'date',
    reason: `described as "${hit.toLowerCase()}" ${doc.checked ? 'when last checked' : 'in a statement'} on ${shortDate(doc.checked ?? doc.date)}, longer ago than its review interval (${days} days)`,
    suggestion: `Look for later news that the commitment was reversed or ended; record it, or set checked if it still holds.`,
  };
}

export interface LegislativeSession {
  name: string;
  start: string;
  end: string;
}

/** The legislature a bill's recorded status belongs to: a US Congress, or a session from policy.yml. */
export function sessionOf(doc: Doc & LawLike, policy: Policy): LegislativeSession | undefined {
  if (doc.jurisdiction === 'US') return congressOn(doc.status_as_of);
  return policy.sessions[doc.jurisdiction]?.find(
    (s) => s.start <= doc.status_as_of && doc.status_as_of <= s.end,
  );
}

/** The US Congress sitting on `date`: the n-th runs from 3 January 1787+2n to 3 January 1789+2n (since 1935). */
export function congressOn(date: string): LegislativeSession {
  const year = Number(date.slice(0, 4));
  const beforeJan3 = date.slice(5) < '01-03';
  const startYear = year % 2 === 1 ? (beforeJan3 ? year - 2 : year) : year - 1;
  const n = (startYear - 1787) / 2;
  return { name: `${ordinal(n)} Congress`, start: `${startYear}-01-03`, end: `${startYear + 2}-01-03` };
}

function ordinal(n: number): string {
  const tens = n % 100;
  const suffix = tens >= 11 && tens <= 13 ? 'th' : (['th', 'st', 'nd', 'rd'][n % 10] ?? 'th');
  return `${n}${suffix}`;
}

function statusWords(status: LawLike['status']): string {
  return status === 'enacted' ? 'enacted (not yet in force)' : status.replace(/-/g, ' ');
}
