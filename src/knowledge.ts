import { join } from 'node:path';
import { loadPolicy, type Policy } from './freshness/policy.js';
import type { Library } from './kb/library.js';
import { type LoadOptions, loadLibrary } from './kb/load-library.js';
import type { Problem } from './kb/parse-entry.js';
import { createSearchIndex, loadSynonyms, type SearchIndex } from './search/index.js';
import { memoizeSearch } from './search/memoize-search.js';

/** What commands read per request: the library and the search index built from it, swapped together on reload. */
export interface Knowledge {
  library: Library;
  search: SearchIndex;
  /** knowledge/policy.yml: how long entries stay fresh (absent: the defaults in src/freshness/policy.ts). */
  policy?: Policy;
}

export interface KnowledgeReport extends Knowledge {
  problems: Problem[];
  files: number;
  /** Each served entry's file fingerprint by id (see LoadReport), to tell a reload what changed. */
  fingerprints: Record<string, string>;
}

/**
 * Loads `dir` (entries and synonyms.yml) leniently and indexes what loaded; with `searchIndexDir`, the
 * index is opened from there when it was built for this version of the base before (and kept there).
 */
export async function loadKnowledge(
  dir: string,
  options: LoadOptions & { searchIndexDir?: string | undefined } = {},
): Promise<KnowledgeReport> {
  const [report, synonyms, policy] = await Promise.all([
    loadLibrary(dir, options),
    loadSynonyms(join(dir, 'synonyms.yml')),
    loadPolicy(dir),
  ]);
  return {
    ...report,
    problems: [...report.problems, ...policy.problems],
    policy: policy.policy,
    search: memoizeSearch(createSearchIndex(report.library, { synonyms, cacheDir: options.searchIndexDir })),
  };
}
