import { createHash } from 'node:crypto';
import { basename } from 'node:path';
import { Library } from './library.js';
import { normalizeName } from './normalize.js';
import { type KeyLines, type Problem, parseEntry } from './parse-entry.js';
import { readEntryFiles } from './read-entry-files.js';
import { type Doc, isLawLike } from './schema.js';

export interface LoadReport {
  library: Library;
  /** Every problem found; files with a problem in their own front matter are left out of the library. */
  problems: Problem[];
  /** Number of Markdown files read. */
  files: number;
}

export interface LoadOptions {
  /** "Today" for the future-date check, YYYY-MM-DD (injected so tests do not depend on the clock). */
  today?: string;
  /** Files larger than this are reported, not read (default 256 KB; KNOWLEDGE_MAX_FILE_BYTES). */
  maxFileBytes?: number | undefined;
}

/**
 * Reads every entry under `dir`, validates each file and the references between them, and builds the
 * Library from the files that passed their own checks. Never throws for bad content: a broken file is a
 * problem in the report, and the rest are still served.
 */
export async function loadLibrary(dir: string, options: LoadOptions = {}): Promise<LoadReport> {
  const read = await readEntryFiles(dir, { maxFileBytes: options.maxFileBytes });
  const report = buildLibrary(read.sources, options);
  return { ...report, problems: [...read.problems, ...report.problems], files: read.files };
}

/** The pure half of loading: validate file texts and cross-check them. */
export function buildLibrary(
  sources: { path: string; text: string }[],
  options: LoadOptions = {},
): LoadReport {
  const today = options.today ?? new Date().toISOString().slice(0, 10);
  const problems: Problem[] = [];
  const parsed: { doc: Doc; lines: KeyLines }[] = [];
  const hash = createHash('sha256');

  for (const { path, text } of sources) {
    hash.update(path).update('\0').update(text).update('\0');
    const result = parseEntry(path, text);
    if (!result.ok) {
      problems.push(...result.problems);
      continue;
    }
    const doc = { ...result.data, path, body: result.body } as Doc;
    const own = checkEntry(doc, result.lines, today);
    const fileId = basename(path, '.md');
    if (doc.id !== fileId) {
      own.push({
        path,
        line: result.lines.id ?? 2,
        field: 'id',
        message: `must equal the file name "${fileId}", got "${doc.id}"`,
      });
    }
    problems.push(...own);
    if (own.length === 0) parsed.push({ doc, lines: result.lines });
  }

  const docs = crossCheck(parsed, problems);
  const version = `kb-${hash.digest('hex').slice(0, 10)}`;
  return { library: new Library(docs, version), problems, files: sources.length };
}

/** Checks within one entry that the schema cannot express: date order and dates in the future. */
function checkEntry(doc: Doc, lines: KeyLines, today: string): Problem[] {
  const problems: Problem[] = [];
  const at = (field: string): Problem => ({ path: doc.path, line: lines[field] ?? 2, field, message: '' });
  for (const field of ['date', 'added', 'updated'] as const) {
    const value = doc[field];
    if (value && value > today)
      problems.push({ ...at(field), message: `${value} is in the future (today is ${today})` });
  }
  if (doc.updated && doc.updated < doc.added) {
    problems.push({ ...at('updated'), message: `${doc.updated} is before added (${doc.added})` });
  }
  if (isLawLike(doc)) {
    if (doc.status_as_of > today) {
      problems.push({
        ...at('status_as_of'),
        message: `${doc.status_as_of} is in the future (today is ${today})`,
      });
    }
    if (doc.effective && doc.sunset && doc.sunset < doc.effective) {
      problems.push({ ...at('sunset'), message: `${doc.sunset} is before effective (${doc.effective})` });
    }
    if (doc.sunset && doc.sunset < doc.date) {
      problems.push({ ...at('sunset'), message: `${doc.sunset} is before date (${doc.date})` });
    }
  }
  if (
    doc.type === 'letter' &&
    doc.signatory_count !== undefined &&
    doc.signatory_count < doc.signatories.length
  ) {
    problems.push({
      ...at('signatory_count'),
      message: `${doc.signatory_count} is less than the ${doc.signatories.length} signatories listed`,
    });
  }
  return problems;
}

/** Duplicate ids and aliases, and `related` ids that name no entry. Duplicates after the first are left out. */
function crossCheck(parsed: { doc: Doc; lines: KeyLines }[], problems: Problem[]): Doc[] {
  const byId = new Map<string, Doc>();
  const names = new Map<string, Doc>();
  const kept: { doc: Doc; lines: KeyLines }[] = [];
  for (const entry of parsed) {
    const { doc, lines } = entry;
    const first = byId.get(doc.id);
    if (first) {
      problems.push({
        path: doc.path,
        line: lines.id ?? 2,
        field: 'id',
        message: `"${doc.id}" is already used by ${first.path}`,
      });
      continue;
    }
    byId.set(doc.id, doc);
    kept.push(entry);
  }
  for (const { doc, lines: line } of kept) {
    for (const alias of doc.aliases) {
      const key = normalizeName(alias);
      const owner = names.get(key);
      if (owner && owner !== doc) {
        problems.push({
          path: doc.path,
          line: line.aliases ?? 2,
          field: 'aliases',
          message: `"${alias}" is already an alias of ${owner.id} (${owner.path})`,
        });
      } else {
        names.set(key, doc);
      }
    }
    doc.related.forEach((id, i) => {
      if (!byId.has(id)) {
        problems.push({
          path: doc.path,
          line: line.related ?? 2,
          field: `related[${i}]`,
          message: `no entry has id "${id}"`,
        });
      }
    });
  }
  return kept.map((k) => k.doc);
}
