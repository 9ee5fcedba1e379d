import { isWithin } from '../kb/places.js';
import type { Library } from '../kb/library.js';
import { type Doc, isLawLike } from '../kb/schema.js';
import type { StatusChange } from './status-history.js';
import type { DigestSection, Subscription } from './subscription.js';
import { formatDay, plural, renderDigest, UPCOMING_DAYS } from './render-digest.js';
import { addDays, localDate } from './zoned-time.js';

export { linkedTitle, MAX_MESSAGES, plainLine, UPCOMING_DAYS } from './render-digest.js';

export interface DigestItem {
  doc: Doc;
  section: DigestSection;
  /** The date the item is about (YYYY-MM-DD). */
  date: string;
  /** What happens on that date: "added", "takes effect", "Comment deadline", "5 years since it was sent". */
  label: string;
  /** An official action seen by bill tracking: the item links to the official record instead of the entry's source. */
  official?: { url?: string | undefined; key: string } | undefined;
}

/** A movement bill tracking saw (src/tracking), as the digest lists it. */
export interface OfficialUpdate {
  entryId: string;
  key: string;
  /** "TX HB 149 (89R)". */
  label: string;
  /** "Open States", "Congress.gov". */
  source: string;
  url?: string | undefined;
  date: string;
  text: string;
  /**
   * Set when the action ended the bill without it becoming law: the line says so in words. `died` dates it
   * by the day its session ended, not by an action.
   */
  end?: 'vetoed' | 'failed' | 'withdrawn' | 'substituted' | 'died' | undefined;
}

/** What the digest adds to a bill's last official action when that action ended it. */
const END_WORDS: Record<NonNullable<OfficialUpdate['end']>, string> = {
  vetoed: 'vetoed: it will not become law unless the veto is overridden',
  failed: 'it will not become law',
  withdrawn: 'withdrawn: it will not become law',
  substituted: 'replaced by another bill, which goes on in its place',
  died: 'it did not become law',
};

export interface LeftOutItem {
  id: string;
  title: string;
  section: DigestSection;
  reason: string;
}

/** A message in Discord's JSON shape, built without discord.js so the builder stays pure. */
export interface DigestEmbed {
  title: string;
  description: string;
  color: number;
  footer?: { text: string };
  /** `attachment://NAME`: shows one of the message's files inside the embed. */
  image?: { url: string };
}
/** A file sent with a message (the digest's map): `description` is its alt text. */
export interface DigestFile {
  name: string;
  data: Buffer;
  contentType: string;
  description: string;
}
export interface DigestMessage {
  content?: string;
  embeds: DigestEmbed[];
  files?: DigestFile[];
  /** The law map attached after the text (digest-map.ts): optional, so a failure to post it is not the digest's. */
  kind?: 'map';
}

export interface Digest {
  /** The channel's local date the digest is for. */
  date: string;
  items: Record<DigestSection, DigestItem[]>;
  leftOut: LeftOutItem[];
  /** `id@date` of every new or updated entry listed: the next digest's `since.announced`. */
  announced: string[];
  /** What to post, in order; empty when there is nothing to say and no "nothing new" note was asked for. */
  messages: DigestMessage[];
  /** Laws and bills whose recorded status changed since the previous digest (status-history.ts), in the channel's filters. */
  statusChanges?: { doc: Doc; change: StatusChange }[];
}

export interface Since {
  /** When the previous digest was posted. */
  at: Date;
  /** `id@date` of the entries it announced, so an entry added that same day is not announced twice. */
  announced?: readonly string[];
}

/**
 * What to post in `subscription`'s channel at `now`: entries added or updated since the previous digest,
 * dates in the next 14 days, and anniversaries, filtered by the subscription, split into messages that fit
 * Discord's limits. Pure: the same inputs give the same digest. `since` undefined means the first digest,
 * which covers the day before the subscription was made.
 */
export function buildDigest(
  library: Library,
  subscription: Subscription,
  since: Since | undefined,
  now: Date,
  official: readonly OfficialUpdate[] = [],
): Digest {
  const today = localDate(now, subscription.timezone);
  const sinceDate = windowStart(subscription, since);
  const announcedBefore = new Set(since?.announced ?? []);
  const items: Record<DigestSection, DigestItem[]> = { new: [], upcoming: [], anniversaries: [] };
  const leftOut: LeftOutItem[] = [];

  const consider = (item: DigestItem, reason: string | undefined) => {
    if (reason) leftOut.push({ id: item.doc.id, title: item.doc.title, section: item.section, reason });
    else items[item.section].push(item);
  };

  for (const doc of library.docs) {
    const filtered = filterReason(doc, subscription);
    for (const item of candidates(doc, sinceDate, today)) {
      const sectionOff = subscription.sections.includes(item.section)
        ? undefined
        : `the "${item.section}" section is off for this channel`;
      const repeat =
        item.section === 'new' && announcedBefore.has(`${doc.id}@${item.date}`)
          ? 'already in the previous digest'
          : undefined;
      consider(item, sectionOff ?? filtered ?? repeat);
    }
  }

  for (const u of official) {
    const doc = library.get(u.entryId);
    if (!doc) continue;
    const item: DigestItem = {
      doc,
      section: 'new',
      date: u.date,
      label: `${u.label}: ${u.text} (${u.end === 'died' ? 'session ended' : 'official action'} ${formatDay(u.date, false)}, ${u.source})${u.end ? `; ${END_WORDS[u.end]}` : ''}`,
      official: { url: u.url, key: u.key },
    };
    const repeat = announcedBefore.has(officialMark(item)) ? 'already in the previous digest' : undefined;
    const sectionOff = subscription.sections.includes('new')
      ? undefined
      : 'the "new" section is off for this channel';
    consider(item, sectionOff ?? filterReason(doc, subscription) ?? repeat);
  }

  items.new.sort((a, b) => b.date.localeCompare(a.date) || a.doc.title.localeCompare(b.doc.title));
  items.upcoming.sort((a, b) => a.date.localeCompare(b.date) || a.doc.title.localeCompare(b.doc.title));
  items.anniversaries.sort(
    (a, b) => a.doc.date.localeCompare(b.doc.date) || a.doc.id.localeCompare(b.doc.id),
  );

  const messages = renderDigest(items, today, library.version, subscription, leftOut);
  return {
    date: today,
    items,
    leftOut,
    announced: items.new.map((i) => (i.official ? officialMark(i) : `${i.doc.id}@${i.date}`)),
    messages,
  };
}

/**
 * The first local date a digest covers: the previous digest's day, or for the first digest the day before
 * the subscription was made.
 */
export function windowStart(
  subscription: Pick<Subscription, 'timezone' | 'createdAt'>,
  since: Since | undefined,
): string {
  const tz = subscription.timezone;
  return since ? localDate(since.at, tz) : addDays(localDate(new Date(subscription.createdAt), tz), -1);
}

/** How an official action is remembered as announced, so the next digest does not repeat it. */
function officialMark(item: DigestItem): string {
  return `official:${item.official?.key ?? ''}@${item.date}:${item.label}`;
}

/** Why an entry is outside this channel's filters, or undefined when it is in. */
export function filterReason(doc: Doc, sub: Subscription): string | undefined {
  if (sub.types.length > 0 && !sub.types.includes(doc.type))
    return `type ${doc.type} is not among this channel's types (${sub.types.join(', ')})`;
  if (sub.jurisdictions.length > 0) {
    if (!isLawLike(doc))
      return `not tied to a jurisdiction, and this channel follows ${sub.jurisdictions.join(', ')}`;
    if (!sub.jurisdictions.some((j) => isWithin(doc.jurisdiction, j)))
      return `jurisdiction ${doc.jurisdiction} is outside this channel's (${sub.jurisdictions.join(', ')})`;
  }
  return undefined;
}

/** Every way `doc` could appear today, before filters. */
function candidates(doc: Doc, sinceDate: string, today: string): DigestItem[] {
  const out: DigestItem[] = [];
  const inNew = (d: string | undefined) => d !== undefined && d >= sinceDate && d <= today;
  if (inNew(doc.updated) && doc.updated !== doc.added) {
    out.push({ doc, section: 'new', date: doc.updated as string, label: 'updated' });
  } else if (inNew(doc.added)) {
    out.push({ doc, section: 'new', date: doc.added, label: 'added' });
  }

  const horizon = addDays(today, UPCOMING_DAYS);
  const upcoming = (date: string | undefined, label: string) => {
    if (date !== undefined && date >= today && date <= horizon)
      out.push({ doc, section: 'upcoming', date, label });
  };
  if (isLawLike(doc)) {
    upcoming(doc.effective, 'takes effect');
    upcoming(doc.sunset, 'sunsets');
  }
  if (doc.type === 'event') upcoming(doc.date, 'takes place');
  for (const m of doc.milestones) upcoming(m.date, m.label);

  const anniversary = (date: string | undefined, verb: string) => {
    if (!date) return;
    const years = yearsOnThisDay(date, today);
    if (years > 0)
      out.push({ doc, section: 'anniversaries', date, label: `${plural(years, 'year')} since it ${verb}` });
  };
  if (doc.date_precision === 'day') anniversary(doc.date, PAST_TENSE[doc.type]);
  if (isLawLike(doc)) anniversary(doc.effective, 'took effect');
  return out;
}

const PAST_TENSE: Record<Doc['type'], string> = {
  law: 'was enacted',
  bill: 'was introduced',
  letter: 'was sent',
  statement: 'was published',
  case: 'was decided',
  report: 'was published',
  event: 'took place',
};

/** Whole years from `date` to `today` when they share a month and day (29 February counts on 28 February). */
function yearsOnThisDay(date: string, today: string): number {
  const md = date.slice(5);
  const todayMd = today.slice(5);
  const year = Number(today.slice(0, 4));
  const leap = (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
  const same = md === todayMd || (md === '02-29' && todayMd === '02-28' && !leap);
  return same ? year - Number(date.slice(0, 4)) : 0;
}
