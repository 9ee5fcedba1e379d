import { shortDate } from '../kb/doc-line.js';
import type { Library } from '../kb/library.js';
import { type Doc, type DocType, isLawLike } from '../kb/schema.js';
import { addDays, ago, daysBetween, laterOf } from './dates.js';
import { freshForDays, type Policy } from './policy.js';
import { findContradictions, type RuleId } from './rules.js';

/** What curators recorded about an entry in Discord (src/freshness/reviews.ts keeps the audit trail). */
export interface ReviewState {
  /** Day of the latest "Still accurate". */
  checkedOn?: string | undefined;
  checkedBy?: string | undefined;
  /** The latest "Needs changes" not yet answered by a later check. */
  needsChanges?: { on: string; by: string; note?: string | undefined } | undefined;
  /** No review is asked for before this day. */
  snoozedUntil?: string | undefined;
}

/** A source link found broken or moved by `kb links` (src/links/). */
export interface LinkProblem {
  url: string;
  /** Day of the check that found it. */
  checkedOn: string;
  kind: 'broken' | 'moved';
  detail: string;
  /** For a permanent redirect: the URL to use instead. */
  replacement?: string | undefined;
}

export type ReasonKind =
  RuleId | 'age' | 'broken-link' | 'moved-link' | 'needs-changes' | 'official-status' | 'tracking-notice';

/** A status official data supports for a law or bill (src/tracking), for a curator to accept. */
export interface OfficialStatus {
  status: string;
  /** The day of the official action: the status_as_of to write. */
  date: string;
  action: string;
  /** "Open States TX HB 149 (89R)". */
  source: string;
  url?: string | undefined;
  /** The day tracking first saw it. */
  seenOn: string;
}

/**
 * What bill tracking says of a bill an entry follows, beyond its status (src/tracking): renumbered,
 * removed from official data, substituted by another bill, or withdrawn.
 */
export interface OfficialNotice {
  kind: 'renumbered' | 'removed' | 'substituted' | 'withdrawn';
  /** "Open States TX HB 149 (89R)". */
  source: string;
  text: string;
  url?: string | undefined;
  /** The tracking reference to give the entry instead, when official data names it. */
  reference?: string | undefined;
  /** The day tracking first saw it. */
  seenOn: string;
}

export interface Reason {
  kind: ReasonKind;
  since: string;
  text: string;
  suggestion: string;
}

export interface Freshness {
  id: string;
  type: DocType;
  title: string;
  path: string;
  /** When a curator last confirmed the entry: `checked`, a law's `status_as_of`, or "Still accurate" in Discord. */
  lastChecked: string | undefined;
  /** The day the review interval counts from (lastChecked, else when the entry was last written). */
  base: string;
  freshForDays: number;
  /** The day a review fell or falls due: the interval's end, or the first open contradiction. */
  dueOn: string;
  /** Days past due (negative: days left). */
  overdueDays: number;
  overdue: boolean;
  reasons: Reason[];
  suggestion: string;
  snoozedUntil?: string | undefined;
}

export interface AssessInput {
  today: string;
  policy: Policy;
  review?: ReviewState | undefined;
  links?: readonly LinkProblem[] | undefined;
  official?: OfficialStatus | undefined;
  notices?: readonly OfficialNotice[] | undefined;
}

/** How fresh `doc` is on `today`, and why it needs review if it does. Pure. */
export function assessFreshness(doc: Doc, input: AssessInput): Freshness {
  const { today, policy, review } = input;
  const lastChecked = laterOf(doc.checked, isLawLike(doc) ? doc.status_as_of : undefined, review?.checkedOn);
  const base = lastChecked ?? doc.updated ?? doc.added;
  const days = freshForDays(policy, doc);
  const ageDue = addDays(base, days);
  const reasons: Reason[] = [];

  for (const f of findContradictions(doc, today, policy)) {
    // A curator's check on or after the day the contradiction began has answered it.
    if (lastChecked && lastChecked >= f.since) continue;
    reasons.push({ kind: f.rule, since: f.since, text: f.reason, suggestion: f.suggestion });
  }
  for (const link of input.links ?? []) {
    // A curator who vouched for the entry on or after the check has seen it; the next weekly check finds it again.
    if (review?.checkedOn && review.checkedOn >= link.checkedOn) continue;
    reasons.push(
      link.kind === 'broken'
        ? {
            kind: 'broken-link',
            since: link.checkedOn,
            text: `source link broken (${link.detail}, checked ${shortDate(link.checkedOn)}): ${link.url}`,
            suggestion:
              'Find the document at its new address or an archived copy (web.archive.org) and replace the URL.',
          }
        : {
            kind: 'moved-link',
            since: link.checkedOn,
            text: `source link moved permanently (${link.detail}): ${link.url}`,
            suggestion: `Replace the URL with ${link.replacement ?? 'the address it redirects to'}.`,
          },
    );
  }
  const o = input.official;
  if (o && isLawLike(doc) && doc.status !== o.status && !(lastChecked && lastChecked >= o.seenOn)) {
    reasons.push({
      kind: 'official-status',
      since: o.seenOn,
      text: `official data: ${o.action} (${shortDate(o.date)}, ${o.source}${o.url ? `, ${o.url}` : ''}); the status says ${doc.status}`,
      suggestion: `Set status: ${o.status} and status_as_of: ${o.date} if the source confirms it (npm run dossier -- kb track --apply writes it).`,
    });
  }
  for (const n of input.notices ?? []) {
    // Like a proposal: a curator who vouched for the entry after tracking saw it has answered it.
    if (lastChecked && lastChecked >= n.seenOn) continue;
    reasons.push({
      kind: 'tracking-notice',
      since: n.seenOn,
      text: `${NOTICE_WORDS[n.kind]}: ${n.source}: ${n.text}${n.url ? ` (${n.url})` : ''}`,
      suggestion: noticeSuggestion(n),
    });
  }
  if (review?.needsChanges && !(review.checkedOn && review.checkedOn >= review.needsChanges.on)) {
    const n = review.needsChanges;
    reasons.push({
      kind: 'needs-changes',
      since: n.on,
      text: `marked "needs changes" by ${n.by} on ${shortDate(n.on)}${n.note ? `: ${n.note}` : ''}`,
      suggestion: 'Make the change in the file, set checked, and reload.',
    });
  }
  if (ageDue <= today) {
    reasons.push({
      kind: 'age',
      since: ageDue,
      text: lastChecked
        ? `last checked ${shortDate(lastChecked)} (${ago(lastChecked, today)}); ${doc.type}s are reviewed every ${days} days`
        : `never checked since it was written on ${shortDate(base)} (${ago(base, today)}); ${doc.type}s are reviewed every ${days} days`,
      suggestion: 'Re-read the sources; if the entry still holds, mark it "Still accurate" (or set checked).',
    });
  }
  reasons.sort((a, b) => a.since.localeCompare(b.since));
  const dueOn = reasons.reduce((min, r) => (r.since < min ? r.since : min), ageDue);
  const overdueDays = daysBetween(dueOn, today);
  const snoozed = review?.snoozedUntil && review.snoozedUntil > today ? review.snoozedUntil : undefined;
  return {
    id: doc.id,
    type: doc.type,
    title: doc.title,
    path: doc.path,
    lastChecked,
    base,
    freshForDays: days,
    dueOn,
    overdueDays,
    overdue: overdueDays >= 0,
    reasons,
    suggestion: reasons.find((r) => r.kind !== 'age')?.suggestion ?? reasons[0]?.suggestion ?? '',
    ...(snoozed ? { snoozedUntil: snoozed } : {}),
  };
}

const NOTICE_WORDS: Record<OfficialNotice['kind'], string> = {
  renumbered: 'bill renumbered',
  removed: 'bill no longer in official data',
  substituted: 'bill substituted by another',
  withdrawn: 'bill withdrawn',
};

function noticeSuggestion(n: OfficialNotice): string {
  const use = n.reference ? `Change its tracking reference to \`${n.reference}\`` : undefined;
  if (n.kind === 'renumbered')
    return `${use ?? 'Give its tracking reference the new number'}, so tracking follows the bill under its new number.`;
  if (n.kind === 'substituted')
    return `${use ?? 'Track the bill that replaced it instead'} (the entry's history goes on under that bill), and say so in the entry.`;
  if (n.kind === 'withdrawn')
    return 'Say in the entry that the bill was withdrawn; set status: failed and status_as_of to the day it was withdrawn if the official page confirms it.';
  return 'Open the official page: if the bill goes on under another number, track that one; if it is gone, remove the tracking reference and note why.';
}

export interface StaleOptions extends Omit<AssessInput, 'review' | 'links' | 'official' | 'notices'> {
  official?: ReadonlyMap<string, OfficialStatus>;
  notices?: ReadonlyMap<string, readonly OfficialNotice[]>;
  reviews?: ReadonlyMap<string, ReviewState>;
  links?: ReadonlyMap<string, readonly LinkProblem[]>;
  type?: DocType | undefined;
  /** Also list entries falling due within this many days. */
  withinDays?: number | undefined;
  /** Include snoozed entries (normally left out until the snooze ends). */
  includeSnoozed?: boolean;
}

/** Entries due or overdue for review (or due within `withinDays`), most urgent first. */
export function staleEntries(library: Library, options: StaleOptions): Freshness[] {
  const horizon = addDays(options.today, options.withinDays ?? 0);
  return library.docs
    .filter((d) => !options.type || d.type === options.type)
    .map((d) =>
      assessFreshness(d, {
        today: options.today,
        policy: options.policy,
        review: options.reviews?.get(d.id),
        links: options.links?.get(d.id),
        official: options.official?.get(d.id),
        notices: options.notices?.get(d.id),
      }),
    )
    .filter((f) => f.dueOn <= horizon && (options.includeSnoozed || !f.snoozedUntil))
    .sort(
      (a, b) =>
        urgency(a) - urgency(b) ||
        a.dueOn.localeCompare(b.dueOn) ||
        b.reasons.length - a.reasons.length ||
        a.id.localeCompare(b.id),
    );
}

/** Entries that say something wrong (a contradiction, a broken link, a curator's flag) before merely old ones. */
function urgency(f: Freshness): number {
  if (f.reasons.some((r) => r.kind !== 'age' && r.kind !== 'moved-link')) return 0;
  return f.overdue ? 1 : 2;
}

/**
 * The line members read under a law's status: "status checked 2 Aug 2024 (2 years ago)", or when a
 * review is overdue "may be out of date — last checked 2 Aug 2024 (2 years ago)".
 */
export function freshnessLine(f: Freshness, today: string, subject = 'status'): string {
  if (!f.lastChecked)
    return `may be out of date — not checked since it was written on ${shortDate(f.base)} (${ago(f.base, today)})`;
  const when = `${shortDate(f.lastChecked)} (${ago(f.lastChecked, today)})`;
  return f.overdue
    ? `may be out of date — last checked ${when}`
    : `${subject ? `${subject} ` : ''}checked ${when}`;
}
