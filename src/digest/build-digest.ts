import { isWithin } from '../kb/places.js';
import type { Library } from '../kb/library.js';
import { type Doc, isLawLike, placeNameOf } from '../kb/schema.js';
import type { StatusChange } from './status-history.js';
import type { DigestSection, Subscription } from './subscription.js';
import { addDays, daysBetween, localDate } from './zoned-time.js';

/** How far ahead "coming up" looks, in days. */
export const UPCOMING_DAYS = 14;
/** A digest longer than this many messages is cut; what is cut is reported as left out. */
export const MAX_MESSAGES = 5;

/** Discord's limits (ARCHITECTURE.md), with a small margin for the reply layer's own additions. */
const LIMITS = { description: 4_000, embedsPerMessage: 10, embedTotal: 5_800, content: 2_000, line: 400 };

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

  const messages = render(items, today, library.version, subscription, leftOut);
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

const SECTION_TITLES: Record<DigestSection, string> = {
  new: 'New and updated in the knowledge base',
  upcoming: `Coming up in the next ${UPCOMING_DAYS} days`,
  anniversaries: 'On this day',
};
const SECTION_COLORS: Record<DigestSection, number> = {
  new: 0x2b7bb9,
  upcoming: 0xe8a33d,
  anniversaries: 0x8e6bbf,
};

function render(
  items: Record<DigestSection, DigestItem[]>,
  today: string,
  version: string,
  sub: Subscription,
  leftOut: LeftOutItem[],
): DigestMessage[] {
  const total = items.new.length + items.upcoming.length + items.anniversaries.length;
  const heading = `**Dossier digest** · ${formatDay(today, true)}`;
  if (total === 0) {
    if (!sub.nothingNewNote) return [];
    return [
      {
        content: `${heading}\nNothing new in the knowledge base since the last digest, and nothing coming up in the next ${UPCOMING_DAYS} days.`,
        embeds: [],
      },
    ];
  }

  // Sections become embeds of at most LIMITS.description characters, each remembering its items.
  const embeds: { embed: DigestEmbed; items: DigestItem[] }[] = [];
  for (const section of ['new', 'upcoming', 'anniversaries'] as const) {
    let current: { embed: DigestEmbed; items: DigestItem[] } | undefined;
    for (const item of items[section]) {
      const linked = renderLine(item, today, true);
      // A cut would break the Markdown link: a line too long loses its link first, then its tail.
      const line =
        linked.length <= LIMITS.line ? linked : truncate(renderLine(item, today, false), LIMITS.line);
      if (!current || current.embed.description.length + line.length + 1 > LIMITS.description) {
        current = {
          embed: {
            title: current ? `${SECTION_TITLES[section]} (continued)` : SECTION_TITLES[section],
            description: '',
            color: SECTION_COLORS[section],
          },
          items: [],
        };
        embeds.push(current);
      }
      current.embed.description += (current.embed.description ? '\n' : '') + line;
      current.items.push(item);
    }
  }

  const footer = `Knowledge base ${version} · times in ${sub.timezone}`;
  const size = (e: DigestEmbed) => e.title.length + e.description.length + footer.length;
  const messages: { content?: string; embeds: { embed: DigestEmbed; items: DigestItem[] }[] }[] = [];
  for (const e of embeds) {
    const last = messages.at(-1);
    const used = last?.embeds.reduce((n, x) => n + size(x.embed), 0) ?? 0;
    if (!last || last.embeds.length >= LIMITS.embedsPerMessage || used + size(e.embed) > LIMITS.embedTotal)
      messages.push({ embeds: [e] });
    else last.embeds.push(e);
  }

  for (const cut of messages.splice(MAX_MESSAGES)) {
    for (const e of cut.embeds) {
      for (const item of e.items) {
        leftOut.push({
          id: item.doc.id,
          title: item.doc.title,
          section: item.section,
          reason: `the digest is limited to ${MAX_MESSAGES} messages`,
        });
        const list = items[item.section];
        list.splice(list.indexOf(item), 1);
      }
    }
  }

  const out: DigestMessage[] = messages.map((m) => ({ embeds: m.embeds.map((e) => e.embed) }));
  const first = out[0];
  if (first) first.content = heading;
  const lastEmbed = out.at(-1)?.embeds.at(-1);
  if (lastEmbed) lastEmbed.footer = { text: footer };
  return out;
}

/**
 * An item's line as the digest shows it, without Markdown (no link, no bold, no escapes): what a summary
 * model is given to write from, and what its sentences are checked against.
 */
export function plainLine(item: DigestItem, today: string): string {
  return renderLine(item, today, false)
    .replace(/\*\*/g, '')
    .replace(/\\([\\*_~`|[\]<>])/g, '$1')
    .replace(/^• /, '');
}

/**
 * The entry's title as the digest's lists show it: a Markdown link to its first source when it has one.
 * `noPreview` wraps the address in `<…>`, which stops Discord unfurling it when it sits in message content.
 */
export function linkedTitle(doc: Doc, options: { noPreview?: boolean } = {}): string {
  const url = doc.sources[0]?.url;
  if (!url) return escapeMarkdown(doc.title);
  return `[${escapeMarkdown(doc.title)}](${options.noPreview ? `<${url}>` : url})`;
}

function renderLine(item: DigestItem, today: string, withLink: boolean): string {
  const { doc } = item;
  const officialUrl = item.official?.url;
  const link = withLink
    ? officialUrl
      ? `[${escapeMarkdown(doc.title)}](${officialUrl})`
      : linkedTitle(doc)
    : escapeMarkdown(doc.title);
  const where = isLawLike(doc) ? ` · ${placeNameOf(doc)}` : '';
  if (item.official) return `• **${link}**${where} · ${escapeMarkdown(item.label)}`;
  switch (item.section) {
    case 'new':
      return `• **${link}** · ${doc.type}${where} · ${item.label} ${relativeDay(item.date, today)}`;
    case 'upcoming': {
      const days = daysBetween(today, item.date);
      const when = days === 0 ? 'today' : days === 1 ? 'tomorrow' : `in ${days} days`;
      return `• **${formatDay(item.date, false)}** (${when}) · ${link}${where}: ${escapeMarkdown(item.label)}`;
    }
    case 'anniversaries':
      return `• ${link} · ${doc.type}${where} · ${item.label} (${item.date.slice(0, 4)})`;
  }
}

const dayFormat = new Intl.DateTimeFormat('en-GB', {
  timeZone: 'UTC',
  weekday: 'short',
  day: 'numeric',
  month: 'short',
});
const longDayFormat = new Intl.DateTimeFormat('en-GB', {
  timeZone: 'UTC',
  weekday: 'long',
  day: 'numeric',
  month: 'long',
  year: 'numeric',
});

function formatDay(date: string, long: boolean): string {
  const d = new Date(`${date}T12:00:00Z`);
  return (long ? longDayFormat : dayFormat).format(d);
}

function relativeDay(date: string, today: string): string {
  const days = daysBetween(date, today);
  return days === 0 ? 'today' : days === 1 ? 'yesterday' : formatDay(date, false);
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

function escapeMarkdown(text: string): string {
  return text.replace(/([\\*_~`|[\]<>])/g, '\\$1');
}

function truncate(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}
