/**
 * A digest's items laid out as Discord messages: sections become embeds within Discord's limits, lines keep
 * their links when they fit, and what does not fit in MAX_MESSAGES messages is reported as left out.
 */
import type { Doc } from '../kb/schema.js';
import { isLawLike, placeNameOf } from '../kb/schema.js';
import type { DigestEmbed, DigestItem, DigestMessage, LeftOutItem } from './build-digest.js';
import type { DigestSection, Subscription } from './subscription.js';
import { daysBetween } from './zoned-time.js';

/** How far ahead "coming up" looks, in days. */
export const UPCOMING_DAYS = 14;
/** A digest longer than this many messages is cut; what is cut is reported as left out. */
export const MAX_MESSAGES = 5;

/** Discord's limits (ARCHITECTURE.md), with a small margin for the reply layer's own additions. */
const LIMITS = { description: 4_000, embedsPerMessage: 10, embedTotal: 5_800, content: 2_000, line: 400 };

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

export function renderDigest(
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

export function formatDay(date: string, long: boolean): string {
  const d = new Date(`${date}T12:00:00Z`);
  return (long ? longDayFormat : dayFormat).format(d);
}

function relativeDay(date: string, today: string): string {
  const days = daysBetween(date, today);
  return days === 0 ? 'today' : days === 1 ? 'yesterday' : formatDay(date, false);
}

export function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

function escapeMarkdown(text: string): string {
  return text.replace(/([\\*_~`|[\]<>])/g, '\\$1');
}

function truncate(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}
