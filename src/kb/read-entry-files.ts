import { lstat, readdir, readFile } from 'node:fs/promises';
import { basename, join, relative, sep } from 'node:path';
import type { Problem } from './parse-entry.js';

/** Default cap on one knowledge file (KNOWLEDGE_MAX_FILE_BYTES): the longest real entry is a few KB. */
export const DEFAULT_MAX_FILE_BYTES = 256 * 1024;

/**
 * Files read at once: enough to keep the disk busy, far below the open-file limit of a process (often
 * 1,024), so a base of tens of thousands of files loads instead of failing with "too many open files".
 */
export const DEFAULT_READ_CONCURRENCY = 32;

/** Files under knowledge/ that are not entries: the curators' guide and YAML tables. */
export const isEntryFile = (name: string) =>
  name.endsWith('.md') && name !== 'README.md' && !name.startsWith('_');

export interface EntryFiles {
  /** Entry files that can be parsed, paths relative to the knowledge folder's parent, sorted. */
  sources: { path: string; text: string }[];
  /** Files that were found but not read, each with why. */
  problems: Problem[];
  /** Entry files found, read or not. */
  files: number;
}

/**
 * Reads the entry files under `dir`. What cannot be an entry is reported, never skipped in silence and
 * never thrown: a symbolic link (not followed: it could point anywhere on the machine), a file over
 * `maxFileBytes` (not read at all, so a huge file cannot stall the bot), bytes that are not UTF-8.
 */
export async function readEntryFiles(
  dir: string,
  options: { maxFileBytes?: number | undefined; concurrency?: number | undefined } = {},
): Promise<EntryFiles> {
  const sources: EntryFiles['sources'] = [];
  const { problems, files } = await visitEntryFiles(dir, options, (source) => sources.push(source));
  return { sources, problems, files };
}

/**
 * readEntryFiles, handing each file's text to `visit` in path order as soon as it is read, so a caller
 * that keeps only what it makes of each text never holds every file's text at once (on a base of tens of
 * thousands of entries, hundreds of megabytes the process would keep after loading).
 */
export async function visitEntryFiles(
  dir: string,
  options: { maxFileBytes?: number | undefined; concurrency?: number | undefined },
  visit: (source: { path: string; text: string }) => void,
): Promise<Omit<EntryFiles, 'sources'>> {
  const maxBytes = options.maxFileBytes ?? DEFAULT_MAX_FILE_BYTES;
  const concurrency = Math.max(1, options.concurrency ?? DEFAULT_READ_CONCURRENCY);
  const root = join(dir, '..');
  const show = (file: string) => relative(root, file).split(sep).join('/');
  const problems: Problem[] = [];
  const entries = await readdir(dir, { withFileTypes: true, recursive: true });
  const candidates: string[] = [];
  for (const e of entries) {
    const file = join(e.parentPath, e.name);
    if (e.isSymbolicLink())
      problems.push({
        path: show(file),
        message: 'is a symbolic link: links are not followed; put the file itself in the knowledge folder',
      });
    else if (e.isFile() && isEntryFile(e.name)) candidates.push(file);
  }
  candidates.sort();
  const read = async (file: string): Promise<{ path: string; text: string } | Problem> => {
    const path = show(file);
    try {
      const { size } = await lstat(file);
      if (size > maxBytes) {
        return {
          path,
          message: `is ${kb(size)}, over the ${kb(maxBytes)} limit for one entry (KNOWLEDGE_MAX_FILE_BYTES): split it or shorten it`,
        };
      }
      const bytes = await readFile(file);
      const text = bytes.toString('utf8');
      const bad = firstInvalidUtf8(bytes, text);
      if (bad !== undefined) {
        return {
          path,
          line: text.slice(0, bad).split('\n').length,
          message: 'is not valid UTF-8: save the file as UTF-8',
        };
      }
      return { path, text };
    } catch (error) {
      return { path, message: `could not be read: ${(error as Error).message}` };
    }
  };
  // A few files at a time; each result is handed on in path order, then dropped.
  const results: (({ path: string; text: string } | Problem) | undefined)[] = new Array(candidates.length);
  let next = 0;
  let handed = 0;
  const handOn = () => {
    for (let r = results[handed]; r !== undefined; r = results[handed]) {
      results[handed++] = undefined;
      if ('text' in r) visit(r);
      else problems.push(r);
    }
  };
  const reader = async () => {
    while (next < candidates.length) {
      const i = next++;
      results[i] = await read(candidates[i] as string);
      if (i === handed) handOn();
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, candidates.length) }, reader));
  handOn();
  problems.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  return { problems, files: candidates.length + countLinks(problems) };
}

/** The offset in `text` of the first replacement character that stands for bytes that were not UTF-8. */
function firstInvalidUtf8(bytes: Buffer, text: string): number | undefined {
  if (!text.includes('\uFFFD')) return undefined;
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    return undefined; // every U+FFFD was written as such
  } catch {
    return text.indexOf('\uFFFD');
  }
}

function countLinks(problems: Problem[]): number {
  return problems.filter((p) => p.message.startsWith('is a symbolic link') && isEntryFile(basename(p.path)))
    .length;
}

function kb(bytes: number): string {
  return `${Math.ceil(bytes / 1024)} KB`;
}
