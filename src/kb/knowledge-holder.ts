import type { ReloadOutcome } from '../../commands/types.js';
import type { Knowledge, KnowledgeReport } from '../knowledge.js';
import { formatProblem, type Problem } from './parse-entry.js';

export type LoadedKnowledge = KnowledgeReport;

export interface KnowledgeHolder {
  current(): Knowledge;
  /** Loads again; swaps library and search together only when the new files have no problems. */
  reload(): Promise<ReloadOutcome>;
  /** Problems reported by the load now being served. */
  readonly problems: readonly Problem[];
  readonly files: number;
  close(): void;
}

/**
 * Holds the knowledge being served. A reload that finds any problem keeps the running library (a curator
 * fixes the file and reloads again); a clean one replaces it, and the old search index is closed once
 * interactions still holding it have had time to finish.
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
    const next = await load();
    const outcome = {
      previousVersion: previous.library.version,
      version: next.library.version,
      size: next.library.size,
      files: next.files,
      problems: next.problems.map(formatProblem),
    };
    if (next.problems.length > 0) {
      next.search.close();
      return { ...outcome, kept: true };
    }
    served = next;
    setTimeout(() => previous.search.close(), retireAfterMs).unref();
    return { ...outcome, kept: false };
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
