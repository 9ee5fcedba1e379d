import { randomBytes } from 'node:crypto';
import { DocType } from '../kb/schema.js';
import { checkLink } from './check-link.js';
import { normalizeUrl } from './normalize-url.js';
import { fetchPageMetadata } from './page-metadata.js';
import type { SuggestedBill, Suggestion } from './suggestion.js';
import type { SuggestionRecords, SuggestionsDeps } from './suggestion-records.js';

export interface SubmitInput {
  guildId: string;
  userId: string;
  userName?: string | undefined;
  link: string;
  type: string;
  note: string;
  /** An entry id or name the suggestion updates. */
  updates?: string | undefined;
  fromMessage?: { channelId: string; messageId: string } | undefined;
  reply?: { applicationId: string; token: string } | undefined;
  /** A bill from official data (/bill search); its page facts come with it, so the page is not fetched. */
  bill?: { bill: SuggestedBill; page: { title: string; publisher: string; date?: string | undefined } };
}

export type SubmitOutcome =
  | { ok: true; suggestion: Suggestion }
  | { ok: false; reason: 'invalid'; problems: string[] }
  | { ok: false; reason: 'duplicate'; message: string }
  | { ok: false; reason: 'rate-limited'; scope: 'user' | 'server'; retryAt: Date };

/** What a member does: suggest a link (checked, de-duplicated, rate-limited) and see their own suggestions. */
export function createSubmission(deps: SuggestionsDeps, records: SuggestionRecords) {
  const { store, settings } = deps;
  const { now, save, all } = records;

  async function admit(guildId: string, userId: string) {
    const t = deps.clock().getTime();
    const checks = [
      {
        scope: 'user' as const,
        id: `${guildId}:${userId}`,
        limit: settings.userLimit,
        window: settings.userWindowMs,
      },
      { scope: 'server' as const, id: guildId, limit: settings.guildLimit, window: settings.guildWindowMs },
    ];
    for (const c of checks) {
      const slot = Math.floor(t / c.window);
      const count = await store.increment(`suggest:rate:${c.scope}:${c.id}:${slot}`, c.window);
      if (count > c.limit) return { scope: c.scope, retryAt: new Date((slot + 1) * c.window) };
    }
    return undefined;
  }

  async function submit(input: SubmitInput): Promise<SubmitOutcome> {
    const problems: string[] = [];
    const link = checkLink(input.link, settings);
    if (!link.ok) problems.push(link.problem);
    const type = DocType.safeParse(input.type.trim().toLowerCase());
    if (!type.success)
      problems.push(`type: expected one of ${DocType.options.join(', ')}, got "${input.type.slice(0, 30)}"`);
    const note = input.note.replace(/\s+/g, ' ').trim();
    if (note.length < 10) problems.push('what it says: expected a sentence or two (at least 10 characters)');
    if (note.length > 600) problems.push(`what it says: at most 600 characters, got ${note.length}`);
    const { library } = deps.knowledge();
    let updates: string | undefined;
    const named = input.updates?.trim().slice(0, 100);
    if (named) {
      const entry = library.get(named) ?? library.resolve(named);
      if (!entry)
        problems.push(
          `updates: no entry is called "${named.slice(0, 60)}"; give its id (e.g. illinois-bipa) or its name`,
        );
      else updates = entry.id;
    }
    if (problems.length || !link.ok || !type.success) return { ok: false, reason: 'invalid', problems };

    const existing = library.docs.find((d) => d.sources.some((s) => normalizeUrl(s.url) === link.normalized));
    if (existing)
      return {
        ok: false,
        reason: 'duplicate',
        message: `That link is already a source of **${existing.title}** (\`${existing.id}\`) in the knowledge base.`,
      };
    const pending = (await all(input.guildId)).find(
      (s) => s.normalizedUrl === link.normalized && s.status !== 'rejected',
    );
    if (pending)
      return {
        ok: false,
        reason: 'duplicate',
        message:
          pending.status === 'published'
            ? `That link was already suggested and published (suggestion \`${pending.id}\`).`
            : `That link was already suggested (suggestion \`${pending.id}\`, ${pending.status}); curators have it in their inbox.`,
      };

    const limited = await admit(input.guildId, input.userId);
    if (limited) return { ok: false, reason: 'rate-limited', ...limited };

    const page = input.bill
      ? ({ ok: true, page: input.bill.page } as const)
      : await fetchPageMetadata(link.url, {
          timeoutMs: settings.fetchTimeoutMs,
          maxBytes: settings.fetchMaxBytes,
          fetch: deps.fetchPage,
        });
    const suggestion: Suggestion = {
      id: randomBytes(4).toString('hex'),
      guildId: input.guildId,
      userId: input.userId,
      ...(input.userName ? { userName: input.userName } : {}),
      url: link.url,
      normalizedUrl: link.normalized,
      type: type.data,
      note,
      ...(updates ? { updates } : {}),
      ...(input.fromMessage ? { fromMessage: input.fromMessage } : {}),
      ...(input.bill ? { bill: input.bill.bill } : {}),
      createdAt: now(),
      status: 'open',
      ...(page.ok ? { page: stripUndefined(page.page) } : { pageProblem: page.problem }),
      ...(input.reply ? { reply: { ...input.reply, at: now() } } : {}),
    };
    await save(suggestion);
    deps.logger?.info(
      { suggestionId: suggestion.id, guildId: input.guildId, reachable: page.ok },
      'suggestion received',
    );
    return { ok: true, suggestion };
  }

  async function mine(guildId: string, userId: string) {
    return (await all(guildId))
      .filter((s) => s.userId === userId)
      .sort((a, b) => b.createdAt.localeCompare(a.createdAt));
  }

  return { submit, mine };
}

function stripUndefined<T extends object>(o: T): T {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as T;
}
