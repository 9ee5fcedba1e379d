import type { Digest, DigestMessage, Since } from '../digest/build-digest.js';
import { localDate } from '../digest/zoned-time.js';
import { shortDate } from '../kb/doc-line.js';
import type { Freshness } from './assess.js';

/**
 * The curators' digest (`/digest subscribe … audience:curators`): entries that fell due for review since
 * the previous digest (the first digest: everything due), source links found broken since then, each
 * with its reason, and members' suggestions that reached the inbox since then. Pure, like buildDigest; the scheduler posts it exactly once like any digest.
 */

const MAX_LINES = 15;
const COLOUR = 0xb7791f;

/** A member's suggestion waiting in the curators' inbox (src/suggest), as the digest lists it. */
export interface InboxSuggestion {
  id: string;
  url: string;
  type: string;
  note: string;
  userName?: string | undefined;
  /** ISO instant. */
  createdAt: string;
}

export function buildCuratorDigest(
  queue: readonly Freshness[],
  subscription: { timezone: string; nothingNewNote: boolean },
  since: Since | undefined,
  now: Date,
  version: string,
  inbox: readonly InboxSuggestion[] = [],
): Digest {
  const today = localDate(now, subscription.timezone);
  const sinceDate = since ? localDate(since.at, subscription.timezone) : undefined;
  const before = new Set(since?.announced ?? []);
  const isNew = (key: string, date: string) =>
    !before.has(key) && (sinceDate === undefined || date >= sinceDate) && date <= today;

  const fellDue = queue.filter((f) => isNew(`due:${f.id}@${f.dueOn}`, f.dueOn));
  const broken = queue.flatMap((f) =>
    f.reasons
      .filter((r) => r.kind === 'broken-link' && isNew(`link:${f.id}@${r.since}:${r.text}`, r.since))
      .map((r) => ({ f, r })),
  );
  const suggested = inbox.filter(
    (x) =>
      !before.has(`sugg:${x.id}`) &&
      (!since || new Date(x.createdAt) > since.at) &&
      new Date(x.createdAt) <= now,
  );
  const announced = [
    ...fellDue.map((f) => `due:${f.id}@${f.dueOn}`),
    ...broken.map(({ f, r }) => `link:${f.id}@${r.since}:${r.text}`),
    ...suggested.map((x) => `sugg:${x.id}`),
  ];

  const messages: DigestMessage[] = [];
  const footer = { text: `Dossier · knowledge base ${version} · review with /kb review` };
  if (fellDue.length > 0 || broken.length > 0 || suggested.length > 0) {
    const parts: string[] = [];
    if (fellDue.length > 0) {
      parts.push(`**Fell due for review** (${fellDue.length})`);
      for (const f of fellDue.slice(0, MAX_LINES)) {
        const why = f.reasons.find((r) => r.kind !== 'age') ?? f.reasons[0];
        parts.push(`• **${f.title}** (\`${f.id}\`): ${why ? why.text : 'review due'}`);
      }
      if (fellDue.length > MAX_LINES) parts.push(`…and ${fellDue.length - MAX_LINES} more in /kb review`);
    }
    if (broken.length > 0) {
      parts.push('', `**Broken source links** (${broken.length})`);
      for (const { f, r } of broken.slice(0, MAX_LINES))
        parts.push(`• **${f.title}** (\`${f.id}\`): ${r.text}`);
      if (broken.length > MAX_LINES)
        parts.push(`…and ${broken.length - MAX_LINES} more: npm run dossier -- kb links`);
    }
    if (suggested.length > 0) {
      parts.push('', `**New suggestions** (${suggested.length})`);
      for (const x of suggested.slice(0, MAX_LINES))
        parts.push(
          `• ${x.type}: <${x.url}>${x.userName ? ` from ${x.userName}` : ''}${x.note ? `: ${x.note.slice(0, 150)}` : ''}`,
        );
      if (suggested.length > MAX_LINES) parts.push(`…and ${suggested.length - MAX_LINES} more in /kb inbox`);
    }
    parts.push('', `${queue.length} entr${queue.length === 1 ? 'y is' : 'ies are'} due in all.`);
    messages.push({
      embeds: [
        {
          title: `Curators' digest: ${shortDate(today)}`,
          description: fit(parts.join('\n')),
          color: COLOUR,
          footer,
        },
      ],
    });
  } else if (subscription.nothingNewNote) {
    messages.push({
      embeds: [
        {
          title: `Curators' digest: ${shortDate(today)}`,
          description: `Nothing fell due, no link broke and nothing was suggested since the last digest. ${queue.length} entr${queue.length === 1 ? 'y is' : 'ies are'} due in all.`,
          color: COLOUR,
          footer,
        },
      ],
    });
  }
  return {
    date: today,
    items: { new: [], upcoming: [], anniversaries: [] },
    leftOut: [],
    announced,
    messages,
  };
}

function fit(text: string): string {
  return text.length <= 4000 ? text : `${text.slice(0, 3990)}…`;
}
