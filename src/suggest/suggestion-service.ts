import { randomBytes } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parse as parseYaml, stringify } from 'yaml';
import type { Config } from '../config.js';
import type { Knowledge } from '../knowledge.js';
import { DocType } from '../kb/schema.js';
import type { Store } from '../store/types.js';
import { checkLink } from './check-link.js';
import {
  checkDraft,
  draftNewEntry,
  hashText,
  mergeSource,
  renderEntry,
  splitEntry,
  TYPE_FOLDERS,
} from './draft-entry.js';
import { normalizeUrl } from './normalize-url.js';
import { fetchPageMetadata, type PageFetch } from './page-metadata.js';
import { PublishError, type Publisher } from './publish.js';
import { type Draft, IN_INBOX, Suggestion, suggestionKey, suggestionPrefix } from './suggestion.js';

export type SuggestSettings = Config['suggest'];

export interface SuggestionsDeps {
  store: Store;
  clock: () => Date;
  /** The knowledge being served (for duplicates, drafts and checks); read per call. */
  knowledge: () => Knowledge;
  /** The knowledge folder, to read an entry's file for a merge. */
  knowledgeDir: string;
  settings: SuggestSettings;
  publisher: Publisher;
  /** How pages are fetched (tests point it at a local server); by default guarded real fetch. */
  fetchPage?: PageFetch | undefined;
  logger?:
    { info(fields: object, message: string): void; warn(fields: object, message: string): void } | undefined;
  /** How long one process holds a suggestion while publishing it; a crashed holder is taken over after. */
  lockTtlMs?: number | undefined;
}

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
}

export type SubmitOutcome =
  | { ok: true; suggestion: Suggestion }
  | { ok: false; reason: 'invalid'; problems: string[] }
  | { ok: false; reason: 'duplicate'; message: string }
  | { ok: false; reason: 'rate-limited'; scope: 'user' | 'server'; retryAt: Date };

/** A curator's decision went wrong in a way they can act on; the suggestion is unchanged or keeps the reason. */
export class SuggestionRefused extends Error {
  override name = 'SuggestionRefused';
}

export interface Suggestions {
  readonly publishMode: 'files' | 'github';
  submit(input: SubmitInput): Promise<SubmitOutcome>;
  /** One member's suggestions in a server, newest first. */
  mine(guildId: string, userId: string): Promise<Suggestion[]>;
  /** What curators still have to decide, oldest first. */
  inbox(guildId: string): Promise<Suggestion[]>;
  get(guildId: string, id: string): Promise<Suggestion | undefined>;
  reject(guildId: string, id: string, curator: string, reason: string): Promise<Suggestion>;
  markDuplicate(guildId: string, id: string, curator: string, of: string): Promise<Suggestion>;
  /** Accept → a draft of a new entry (or, when the member named one, the link added to that entry). */
  accept(guildId: string, id: string, curator: string): Promise<Suggestion>;
  /** A draft adding the link as a source of an existing entry. */
  merge(guildId: string, id: string, curator: string, entry: string): Promise<Suggestion>;
  editDraft(guildId: string, id: string, curator: string, fields: DraftFields): Promise<Suggestion>;
  /** The draft's editable fields, as the edit modal shows them. */
  draftFields(suggestion: Suggestion): DraftFields;
  publish(guildId: string, id: string, curator: string, note?: string): Promise<Suggestion>;
  /** Finishes publishing that a stopped process left half done (at start-up). */
  resumePublishing(): Promise<Suggestion[]>;
}

export interface DraftFields {
  id: string;
  title: string;
  date: string;
  summary: string;
  /** The rest of the front matter, as YAML. */
  more: string;
}

export function createSuggestions(deps: SuggestionsDeps): Suggestions {
  const { store, settings } = deps;
  const today = () => deps.clock().toISOString().slice(0, 10);
  const now = () => deps.clock().toISOString();
  const lockTtlMs = deps.lockTtlMs ?? 5 * 60_000;

  async function save(s: Suggestion) {
    await store.set(suggestionKey(s.guildId, s.id), s);
    return s;
  }

  async function all(guildId: string): Promise<Suggestion[]> {
    const out: Suggestion[] = [];
    for (const { value } of await store.list(suggestionPrefix(guildId))) {
      const parsed = Suggestion.safeParse(value);
      if (parsed.success) out.push(parsed.data);
    }
    return out;
  }

  async function get(guildId: string, id: string) {
    return store.get(suggestionKey(guildId, id), Suggestion);
  }

  async function mustGet(guildId: string, id: string) {
    const s = await get(guildId, id);
    if (!s) throw new SuggestionRefused(`No suggestion \`${id}\` in this server.`);
    return s;
  }

  function mustBeOpen(s: Suggestion) {
    if (!IN_INBOX.includes(s.status))
      throw new SuggestionRefused(
        `Suggestion \`${s.id}\` was already decided: ${s.status}${s.outcome ? ` (${s.outcome})` : ''}.`,
      );
  }

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

    const page = await fetchPageMetadata(link.url, {
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

  async function decide(s: Suggestion, curator: string, change: Partial<Suggestion>) {
    const { problem: _problem, reply, ...rest } = s;
    return save({ ...rest, ...(reply ? { reply } : {}), ...change, decidedBy: curator, decidedAt: now() });
  }

  async function draftFor(
    s: Suggestion,
    kind: 'new' | 'merge',
    entryName: string | undefined,
  ): Promise<Draft> {
    const { library } = deps.knowledge();
    const page = s.page;
    if (kind === 'new') {
      const made = draftNewEntry({ url: s.url, type: s.type, note: s.note, page, today: today() }, library);
      const draft = { kind, entryId: made.id, path: made.path, text: made.text };
      return { ...draft, problems: checkDraft(draft, library, today()) };
    }
    const entry = entryName ? (library.get(entryName) ?? library.resolve(entryName)) : undefined;
    if (!entry) throw new SuggestionRefused(`No entry is called "${(entryName ?? '').slice(0, 60)}".`);
    const path = entry.path.replace(/^[^/]+\//, '');
    const file = await readFile(join(deps.knowledgeDir, path), 'utf8');
    const merged = mergeSource(
      file,
      {
        url: s.url,
        title: page?.title ?? `${entry.title}: new source`,
        publisher: page?.publisher,
        date: page?.date,
      },
      today(),
      (a, b) => normalizeUrl(a) === normalizeUrl(b),
    );
    if (!merged) throw new SuggestionRefused(`That link is already a source of ${entry.id}.`);
    const draft = { kind, entryId: entry.id, path, text: merged, baseHash: hashText(file) };
    return { ...draft, problems: checkDraft(draft, library, today()) };
  }

  async function accept(guildId: string, id: string, curator: string) {
    const s = await mustGet(guildId, id);
    mustBeOpen(s);
    const draft = await draftFor(s, s.updates ? 'merge' : 'new', s.updates);
    return decide(s, curator, { status: 'drafted', draft });
  }

  async function merge(guildId: string, id: string, curator: string, entry: string) {
    const s = await mustGet(guildId, id);
    mustBeOpen(s);
    const draft = await draftFor(s, 'merge', entry);
    return decide(s, curator, { status: 'drafted', draft });
  }

  function draftFields(s: Suggestion): DraftFields {
    const text = s.draft?.text ?? '';
    const yaml = splitEntry(text)?.yaml ?? '';
    let front: Record<string, unknown> = {};
    try {
      const parsed: unknown = parseYaml(yaml);
      if (parsed && typeof parsed === 'object') front = parsed as Record<string, unknown>;
    } catch {
      return { id: '', title: '', date: '', summary: '', more: yaml };
    }
    const { id, title, date, summary, ...rest } = front;
    return {
      id: typeof id === 'string' ? id : '',
      title: typeof title === 'string' ? title : '',
      date: typeof date === 'string' ? date : '',
      summary: typeof summary === 'string' ? summary : '',
      more: Object.keys(rest).length ? stringify(rest, { lineWidth: 0 }) : '',
    };
  }

  async function editDraft(guildId: string, id: string, curator: string, fields: DraftFields) {
    const s = await mustGet(guildId, id);
    mustBeOpen(s);
    if (!s.draft) throw new SuggestionRefused('Accept the suggestion first: there is no draft to edit.');
    // The curator's text is kept as typed (only the four short fields are quoted), so a mistake in the YAML
    // is reported with its line rather than lost.
    const head = (['id', 'title', 'date', 'summary'] as const)
      .filter((k) => fields[k].trim())
      .map((k) => `${k}: ${JSON.stringify(fields[k].trim())}`);
    const body = splitEntry(s.draft.text)?.body.trim() ?? '';
    const typed = `---\n${[...head, fields.more.trimEnd()].filter(Boolean).join('\n')}\n---\n\n${body}\n`;
    const text = tidy(typed) ?? typed;
    let path = s.draft.path;
    let entryId = s.draft.entryId;
    if (s.draft.kind === 'new' && /^[a-z0-9-]+$/.test(fields.id.trim())) {
      entryId = fields.id.trim();
      let type = s.type;
      try {
        const t = DocType.safeParse((parseYaml(fields.more) as { type?: unknown } | null)?.type);
        if (t.success) type = t.data;
      } catch {
        // reported by the check below
      }
      path = `${TYPE_FOLDERS[type]}/${entryId}.md`;
    }
    const draft = { ...s.draft, entryId, path, text };
    const { library } = deps.knowledge();
    return save({
      ...s,
      draft: { ...draft, problems: checkDraft(draft, library, today()) },
      decidedBy: curator,
    });
  }

  async function publish(guildId: string, id: string, curator: string, note?: string) {
    const s = await mustGet(guildId, id);
    mustBeOpen(s);
    if (!s.draft)
      throw new SuggestionRefused('Accept the suggestion first: there is nothing to publish yet.');
    const { library } = deps.knowledge();
    const problems = s.status === 'publishing' ? [] : checkDraft(s.draft, library, today());
    if (problems.length) {
      await save({ ...s, draft: { ...s.draft, problems } });
      throw new SuggestionRefused(
        `The draft does not pass kb check yet; edit it and publish again:\n${problems.map((p) => `• ${p}`).join('\n')}`,
      );
    }
    if (!(await store.claim(`suggest:lock:${guildId}:${id}`, { by: curator, at: now() }, lockTtlMs)))
      throw new SuggestionRefused(
        `Suggestion \`${id}\` is being published right now; look again in a minute.`,
      );
    try {
      const draft = { ...s.draft, ...(note ? { note } : {}) };
      // Recorded before the effect: a process stopped after publishing but before the outcome below is
      // resumed at start-up, and the idempotent publisher finds its own work instead of repeating it.
      const started = await save({ ...s, status: 'publishing', draft, decidedBy: curator, decidedAt: now() });
      return await finishPublishing(started, curator);
    } finally {
      await store.delete(`suggest:lock:${guildId}:${id}`);
    }
  }

  async function finishPublishing(s: Suggestion, curator: string): Promise<Suggestion> {
    const draft = s.draft as Draft;
    try {
      const result = await deps.publisher.publish({
        kind: draft.kind,
        entryId: draft.entryId,
        path: draft.path,
        text: draft.text,
        baseHash: draft.baseHash,
        suggestionId: s.id,
        url: s.url,
        memberNote: s.note,
        curator,
        curatorNote: draft.note,
      });
      const where =
        result.mode === 'github'
          ? `proposed as a pull request: ${result.url ?? ''}`
          : `${draft.kind === 'new' ? 'published as' : 'added as a source of'} ${draft.entryId} (${result.path})`;
      const done = await save({
        ...withoutProblem(s),
        status: 'published',
        outcome: where,
        published: {
          mode: result.mode,
          path: result.path,
          at: now(),
          by: curator,
          ...(result.url ? { url: result.url } : {}),
          ...(result.branch ? { branch: result.branch } : {}),
        },
      });
      await store.set(`suggest:change:${s.guildId}:${s.id}`, {
        suggestionId: s.id,
        entryId: draft.entryId,
        path: result.path,
        mode: result.mode,
        by: curator,
        at: now(),
        url: result.url,
      });
      deps.logger?.info(
        { suggestionId: s.id, entryId: draft.entryId, mode: result.mode, already: result.already },
        'suggestion published',
      );
      return done;
    } catch (error) {
      if (!(error instanceof PublishError)) throw error;
      await save({ ...s, status: 'drafted', problem: error.message });
      deps.logger?.warn({ suggestionId: s.id, reason: error.message }, 'suggestion not published');
      throw new SuggestionRefused(`Not published: ${error.message}. The suggestion stays in the inbox.`);
    }
  }

  async function resumePublishing(): Promise<Suggestion[]> {
    const done: Suggestion[] = [];
    for (const { value } of await store.list('suggest:item:')) {
      const parsed = Suggestion.safeParse(value);
      if (!parsed.success || parsed.data.status !== 'publishing') continue;
      const s = parsed.data;
      if (!(await store.claim(`suggest:lock:${s.guildId}:${s.id}`, { by: 'resume', at: now() }, lockTtlMs)))
        continue;
      try {
        done.push(await finishPublishing(s, s.decidedBy ?? 'unknown'));
      } catch (error) {
        deps.logger?.warn({ suggestionId: s.id, err: error }, 'resuming a publication failed');
      } finally {
        await store.delete(`suggest:lock:${s.guildId}:${s.id}`);
      }
    }
    return done;
  }

  return {
    publishMode: deps.publisher.mode,
    submit,
    async mine(guildId, userId) {
      return (await all(guildId))
        .filter((s) => s.userId === userId)
        .sort((a, b) => b.createdAt.localeCompare(a.createdAt));
    },
    async inbox(guildId) {
      return (await all(guildId))
        .filter((s) => IN_INBOX.includes(s.status))
        .sort((a, b) => a.createdAt.localeCompare(b.createdAt) || a.id.localeCompare(b.id));
    },
    get,
    async reject(guildId, id, curator, reason) {
      const s = await mustGet(guildId, id);
      mustBeOpen(s);
      const text = reason.replace(/\s+/g, ' ').trim();
      if (!text) throw new SuggestionRefused('Give the member a reason for rejecting it.');
      return decide(s, curator, { status: 'rejected', outcome: text.slice(0, 500) });
    },
    async markDuplicate(guildId, id, curator, of) {
      const s = await mustGet(guildId, id);
      mustBeOpen(s);
      const name = of.trim();
      const { library } = deps.knowledge();
      const entry = library.get(name) ?? library.resolve(name);
      const other = entry ? undefined : await get(guildId, name);
      if (!entry && (!other || other.id === s.id))
        throw new SuggestionRefused(
          `"${name.slice(0, 60)}" is neither an entry nor another suggestion in this server.`,
        );
      const outcome = entry
        ? `duplicate of ${entry.title} (${entry.id})`
        : `duplicate of suggestion ${other?.id ?? ''}`;
      return decide(s, curator, { status: 'duplicate', outcome });
    },
    accept,
    merge,
    editDraft,
    draftFields,
    publish,
    resumePublishing,
  };
}

/** The entry rewritten in the usual key order (id, type, title, date, …) when its YAML parses and has no duplicate keys. */
function tidy(text: string): string | undefined {
  const parts = splitEntry(text);
  if (!parts) return undefined;
  try {
    const front: unknown = parseYaml(parts.yaml, { uniqueKeys: true });
    if (!front || typeof front !== 'object' || Array.isArray(front)) return undefined;
    const { id, type, title, date, ...rest } = front as Record<string, unknown>;
    return renderEntry({ id, type, title, date, ...rest }, parts.body);
  } catch {
    return undefined;
  }
}

function withoutProblem(s: Suggestion): Suggestion {
  const { problem: _problem, ...rest } = s;
  return rest;
}

function stripUndefined<T extends object>(o: T): T {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as T;
}
