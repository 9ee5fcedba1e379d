import { createHash } from 'node:crypto';
import { isMap, isSeq, parseDocument, stringify } from 'yaml';
import type { Library } from '../kb/library.js';
import { buildLibrary } from '../kb/load-library.js';
import { normalizeName } from '../kb/normalize.js';
import { parseEntry, type Problem } from '../kb/parse-entry.js';
import type { DocType } from '../kb/schema.js';
import type { PageMetadata } from './page-metadata.js';
import type { SuggestedBill } from './suggestion.js';

/** The folder each type of entry lives in under knowledge/. */
export const TYPE_FOLDERS: Record<DocType, string> = {
  law: 'laws',
  bill: 'bills',
  letter: 'letters',
  statement: 'statements',
  case: 'cases',
  report: 'reports',
  event: 'events',
};

export interface DraftInput {
  url: string;
  type: DocType;
  note: string;
  page: PageMetadata | undefined;
  today: string;
  /** A bill from official data: its place, its number as the citation, and the tracking reference. */
  bill?: SuggestedBill | undefined;
}

/**
 * A new entry from a suggestion: id, type, title, date and source from the member's suggestion and the
 * page's own metadata. Nothing is guessed: a date the page does not give stays blank, so the draft fails
 * `kb check` with `date: expected YYYY-MM-DD` until a curator fills it in; type-specific fields (a letter's
 * recipients, a law's status) likewise.
 */
export function draftNewEntry(
  input: DraftInput,
  library: Library,
): { id: string; path: string; text: string } {
  const { page } = input;
  const title = clean(page?.title) ?? clean(input.note.split(/(?<=[.!?])\s/)[0])?.slice(0, 120) ?? 'Untitled';
  const id = uniqueId(slugify(title), library);
  const publisher = clean(page?.publisher);
  const source: Record<string, string> = { url: input.url, title: clean(page?.title) ?? title };
  if (publisher) source.publisher = publisher;
  if (page?.date) source.date = page.date;
  // A date the page does not give is left blank, not guessed: kb check then says what to fill in.
  const front: Record<string, unknown> = { id, type: input.type, title, date: page?.date ?? '' };
  front.summary = input.note.trim();
  Object.assign(front, typeFields(input.type, publisher));
  if (input.bill && (input.type === 'bill' || input.type === 'law')) {
    front.jurisdiction = input.bill.jurisdiction;
    front.citation = input.bill.label;
    front.tracking = [input.bill.tracking];
  }
  front.sources = [source];
  front.tags = ['member-suggested'];
  front.added = input.today;
  const body = [
    input.note.trim(),
    '',
    `Suggested by a member on ${input.today}. Check it against the source before relying on it.`,
  ].join('\n');
  return { id, path: `${TYPE_FOLDERS[input.type]}/${id}.md`, text: renderEntry(front, body) };
}

/**
 * Fields a type requires, filled only from what the page says (its publisher). The rest are present but
 * blank, so the curator sees them in the draft and kb check names each one.
 */
function typeFields(type: DocType, publisher: string | undefined): Record<string, unknown> {
  switch (type) {
    case 'statement':
      return { organization: publisher ?? '' };
    case 'report':
      return publisher ? { authors: [publisher] } : {};
    case 'letter':
      return { authors: publisher ? [publisher] : [], recipients: [] };
    case 'case':
      return { court: '', parties: [], outcome: '' };
    case 'law':
    case 'bill':
      return { jurisdiction: '', status: '', status_as_of: '' };
    default:
      return {};
  }
}

export function renderEntry(front: Record<string, unknown>, body: string): string {
  return `---\n${stringify(front, { lineWidth: 0 })}---\n\n${body.trim()}\n`;
}

/** Splits an entry file into its front matter (YAML text) and body, as the loader does. */
export function splitEntry(text: string): { yaml: string; body: string } | undefined {
  const lines = text.replace(/^\uFEFF/, '').split(/\r?\n/);
  if (!/^---[ \t]*$/.test(lines[0] ?? '')) return undefined;
  const close = lines.findIndex((l, i) => i > 0 && /^---[ \t]*$/.test(l));
  if (close < 0) return undefined;
  return { yaml: lines.slice(1, close).join('\n'), body: lines.slice(close + 1).join('\n') };
}

/**
 * An existing entry with the suggested link added to its sources and `updated` set, keeping the file's
 * own formatting and comments. Undefined when the link is already one of its sources.
 */
export function mergeSource(
  fileText: string,
  source: { url: string; title: string; publisher?: string | undefined; date?: string | undefined },
  today: string,
  sameUrl: (a: string, b: string) => boolean,
): string | undefined {
  const parts = splitEntry(fileText);
  if (!parts) throw new Error('the entry file has no front matter');
  const doc = parseDocument(parts.yaml);
  const sources = doc.get('sources', true);
  if (!isSeq(sources)) throw new Error('the entry has no sources list');
  for (const item of sources.items)
    if (isMap(item) && sameUrl(String(item.get('url') ?? ''), source.url)) return undefined;
  const entry: Record<string, string> = { url: source.url, title: source.title };
  if (source.publisher) entry.publisher = source.publisher;
  if (source.date) entry.date = source.date;
  sources.add(doc.createNode(entry));
  doc.set('updated', today);
  return `---\n${doc.toString({ lineWidth: 0 })}---${parts.body.startsWith('\n') ? '' : '\n'}${parts.body}`;
}

export const hashText = (text: string) => createHash('sha256').update(text).digest('hex').slice(0, 16);

/**
 * The same checks `kb check` runs, for one draft against the library being served: the schema, the file's
 * own checks (id equals file name, no future dates, date order) and the cross-file ones (id and aliases
 * not taken, `related` ids exist). Each problem reads `field: expected …`.
 */
export function checkDraft(
  draft: { kind: 'new' | 'merge'; path: string; text: string; entryId: string },
  library: Library,
  today: string,
): string[] {
  const path = `knowledge/${draft.path}`;
  const parsed = parseEntry(path, draft.text);
  if (!parsed.ok) return parsed.problems.map(describe);
  const own = buildLibrary([{ path, text: draft.text }], { today }).problems.filter(
    (p) => !p.field?.startsWith('related['),
  );
  const problems = own.map(describe);
  const data = parsed.data;
  if (draft.kind === 'new') {
    const taken = library.get(data.id);
    if (taken) problems.push(`id: "${data.id}" is already used by ${taken.path}`);
  }
  for (const alias of data.aliases) {
    const owner = library.resolve(alias);
    if (owner && owner.id !== data.id && normalizeName(alias) !== '')
      problems.push(`aliases: "${alias}" is already a name of ${owner.id}`);
  }
  data.related.forEach((id, i) => {
    if (!library.get(id)) problems.push(`related[${i}]: no entry has id "${id}"`);
  });
  return [...new Set(problems)];
}

function describe(p: Problem): string {
  return p.field ? `${p.field}: ${p.message}` : p.line ? `line ${p.line}: ${p.message}` : p.message;
}

export function slugify(text: string): string {
  const slug = text
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 60)
    .replace(/-+$/, '');
  return slug || 'suggested-entry';
}

function uniqueId(base: string, library: Library): string {
  if (!library.get(base)) return base;
  for (let n = 2; ; n++) if (!library.get(`${base}-${n}`)) return `${base}-${n}`;
}

function clean(text: string | undefined): string | undefined {
  const t = text?.replace(/\s+/g, ' ').trim();
  return t ? t.slice(0, 200) : undefined;
}
