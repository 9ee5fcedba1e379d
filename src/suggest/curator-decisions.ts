import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parse as parseYaml, stringify } from 'yaml';
import { DocType } from '../kb/schema.js';
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
import { type Draft, IN_INBOX, type Suggestion } from './suggestion.js';
import { type SuggestionRecords, SuggestionRefused, type SuggestionsDeps } from './suggestion-records.js';

export interface DraftFields {
  id: string;
  title: string;
  date: string;
  summary: string;
  /** The rest of the front matter, as YAML. */
  more: string;
}

/** What curators decide: the inbox, reject, duplicate, accept or merge into a draft, and edits to that draft. */
export function createCuratorDecisions(deps: SuggestionsDeps, records: SuggestionRecords) {
  const { today, save, all, get, mustGet, mustBeOpen, decide } = records;

  async function inbox(guildId: string) {
    return (await all(guildId))
      .filter((s) => IN_INBOX.includes(s.status))
      .sort((a, b) => a.createdAt.localeCompare(b.createdAt) || a.id.localeCompare(b.id));
  }

  async function reject(guildId: string, id: string, curator: string, reason: string) {
    const s = await mustGet(guildId, id);
    mustBeOpen(s);
    const text = reason.replace(/\s+/g, ' ').trim();
    if (!text) throw new SuggestionRefused('Give the member a reason for rejecting it.');
    return decide(s, curator, { status: 'rejected', outcome: text.slice(0, 500) });
  }

  async function markDuplicate(guildId: string, id: string, curator: string, of: string) {
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
  }

  async function draftFor(
    s: Suggestion,
    kind: 'new' | 'merge',
    entryName: string | undefined,
  ): Promise<Draft> {
    const { library } = deps.knowledge();
    const page = s.page;
    if (kind === 'new') {
      const made = draftNewEntry(
        { url: s.url, type: s.type, note: s.note, page, today: today(), bill: s.bill },
        library,
      );
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

  return { inbox, reject, markDuplicate, accept, merge, draftFields, editDraft };
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
