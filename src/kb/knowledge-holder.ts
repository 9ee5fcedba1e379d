import type { Knowledge, KnowledgeReport } from '../knowledge.js';
import { formatProblem, type Problem } from './parse-entry.js';

export type LoadedKnowledge = KnowledgeReport;

/** A file left out of the library, and why. */
export interface SkippedFile {
  path: string;
  /** The entry id the file would carry (its file name). */
  id: string;
  /** Its problems, formatted "path:line: field: message". */
  problems: string[];
  /** The entry was served before this reload and is withdrawn until the file is fixed. */
  withdrawn: boolean;
}

/** What `/kb reload` reports: what changed, what was skipped and why. */
export interface ReloadOutcome {
  /** True only when the folder could not be read at all: then the previous library keeps serving. */
  kept: boolean;
  /** Why the folder could not be read, when `kept`. */
  failure?: string;
  previousVersion: string;
  version: string;
  size: number;
  files: number;
  /** Entry ids served now and not before, served before with a changed file, and gone from the folder. */
  added: string[];
  updated: string[];
  removed: string[];
  skipped: SkippedFile[];
  /** Every problem, formatted "path:line: field: message". */
  problems: string[];
}

export interface KnowledgeHolder {
  current(): Knowledge;
  /** Loads again and serves what loaded: every valid entry, the same rule as at start-up. */
  reload(): Promise<ReloadOutcome>;
  /** Problems reported by the load now being served. */
  readonly problems: readonly Problem[];
  readonly files: number;
  close(): void;
}

/**
 * Holds the knowledge being served. A reload follows the start-up rule (src/kb/load-library.ts): every
 * valid entry is served and every entry with a problem is skipped and reported, so one bad file never
 * blocks the good changes beside it. Only a folder that cannot be read at all keeps the old library. The
 * old search index is closed once interactions still holding it have had time to finish.
 */
export function createKnowledgeHolder(
  initial: LoadedKnowledge,
  load: () => Promise<LoadedKnowledge>,
  options: { retireAfterMs?: number } = {},
): KnowledgeHolder {
  let served = initial;
  let reloading: Promise<ReloadOutcome> | undefined;
  const retireAfterMs = options.retireAfterMs ?? 60_000;

  async function reloadOnce(): Promise<ReloadOutcome> {
    const previous = served;
    let next: LoadedKnowledge;
    try {
      next = await load();
    } catch (error) {
      return {
        ...compareLoads(previous, previous),
        kept: true,
        failure: String((error as Error)?.message ?? error),
      };
    }
    served = next;
    setTimeout(() => previous.search.close(), retireAfterMs).unref();
    return { ...compareLoads(previous, next), kept: false };
  }

  return {
    current: () => served,
    reload() {
      reloading ??= reloadOnce().finally(() => {
        reloading = undefined;
      });
      return reloading;
    },
    get problems() {
      return served.problems;
    },
    get files() {
      return served.files;
    },
    close() {
      served.search.close();
    },
  };
}

type LoadSummary = Pick<LoadedKnowledge, 'library' | 'problems' | 'files' | 'fingerprints'>;

/** What changed between two loads: entries added, updated and removed, and the files skipped and why. */
export function compareLoads(previous: LoadSummary, next: LoadSummary): Omit<ReloadOutcome, 'kept'> {
  const before = previous.fingerprints;
  const after = next.fingerprints;
  const byPath = new Map<string, string[]>();
  for (const p of next.problems) byPath.set(p.path, [...(byPath.get(p.path) ?? []), formatProblem(p)]);
  const skipped = [...byPath].map(([path, problems]) => {
    const id = (path.split('/').pop() ?? path).replace(/\.md$/, '');
    return { path, id, problems, withdrawn: Object.hasOwn(before, id) && !Object.hasOwn(after, id) };
  });
  const withdrawn = new Set(skipped.filter((s) => s.withdrawn).map((s) => s.id));
  const ids = (record: Record<string, string>) => Object.keys(record).sort();
  return {
    previousVersion: previous.library.version,
    version: next.library.version,
    size: next.library.size,
    files: next.files,
    added: ids(after).filter((id) => !Object.hasOwn(before, id)),
    updated: ids(after).filter((id) => Object.hasOwn(before, id) && before[id] !== after[id]),
    removed: ids(before).filter((id) => !Object.hasOwn(after, id) && !withdrawn.has(id)),
    skipped,
    problems: next.problems.map(formatProblem),
  };
}
