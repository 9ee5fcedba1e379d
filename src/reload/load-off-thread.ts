import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative, sep } from 'node:path';
import { Worker } from 'node:worker_threads';
import { loadPolicy } from '../freshness/policy.js';
import { storeBodies } from '../kb/body-store.js';
import { Library } from '../kb/library.js';
import type { LoadOptions } from '../kb/load-library.js';
import type { Problem } from '../kb/parse-entry.js';
import { loadPlaces, PLACES_FILE } from '../kb/places.js';
import type { Doc } from '../kb/schema.js';
import type { KnowledgeReport } from '../knowledge.js';
import { createSearchIndex, importSearchIndex, type SearchIndexImage } from '../search/fts-index.js';
import { loadSynonyms } from '../search/index.js';
import { memoizeSearch } from '../search/memoize-search.js';

/** What the worker sends back: everything a KnowledgeReport holds, as plain data. */
export interface WorkerReport {
  docs: readonly Doc[];
  version: string;
  problems: Problem[];
  files: number;
  fingerprints: Record<string, string>;
  /** The index's bytes; absent when the worker kept it in `searchIndexDir`, where this thread opens it. */
  image?: SearchIndexImage;
}

/** Options of a reload: loading's, and the folder the built index is kept in (SEARCH_INDEX_DIR). */
export type OffThreadOptions = LoadOptions & { searchIndexDir?: string | undefined };

/**
 * loadKnowledge (src/knowledge.ts), with the file reading, validation and index building done in a worker
 * thread: on a base of thousands of entries they take seconds, which on the main thread would leave every
 * member's interaction unanswered meanwhile. What stays here is small: the places, synonyms and policy
 * tables, and opening the index from the bytes the worker built.
 */
export async function loadKnowledgeOffThread(
  dir: string,
  options: OffThreadOptions = {},
): Promise<KnowledgeReport> {
  const { places: _ignored, ...plain } = options;
  // Without SEARCH_INDEX_DIR the worker still writes the index to a file, in a folder of this load's own,
  // which this thread opens and then removes: the index stays out of the process's memory (see
  // src/search/index-file.ts). Where no such folder can be made, the worker sends the index's bytes.
  const own = options.searchIndexDir ? undefined : privateFolder();
  const searchIndexDir = options.searchIndexDir ?? own;
  try {
    const placesFile = join(dir, PLACES_FILE);
    const [report, placesRead, synonyms, policy] = await Promise.all([
      runWorker(dir, { ...plain, searchIndexDir }),
      loadPlaces(placesFile, relative(join(dir, '..'), placesFile).split(sep).join('/')),
      loadSynonyms(join(dir, 'synonyms.yml')),
      loadPolicy(dir),
    ]);
    // The worker's entries arrive as plain data: their bodies go to a store like a load's (see BodyStore).
    const library = new Library(
      storeBodies(report.docs),
      report.version,
      options.places ?? placesRead.places,
    );
    return {
      library,
      problems: [...report.problems, ...policy.problems],
      files: report.files,
      fingerprints: report.fingerprints,
      policy: policy.policy,
      search: memoizeSearch(
        report.image
          ? importSearchIndex(library, report.image, { synonyms })
          : createSearchIndex(library, { synonyms, cacheDir: searchIndexDir }),
      ),
    };
  } finally {
    // The index, once open, is read from its file without its name.
    if (own) rmSync(own, { recursive: true, force: true });
  }
}

function privateFolder(): string | undefined {
  try {
    return mkdtempSync(join(tmpdir(), 'dossier-reload-index-'));
  } catch {
    return undefined;
  }
}

function runWorker(dir: string, options: Omit<OffThreadOptions, 'places'>): Promise<WorkerReport> {
  const url = new URL(`./reload-worker${import.meta.url.endsWith('.ts') ? '.ts' : '.js'}`, import.meta.url);
  // Run from TypeScript (tsx, vitest), the worker needs the TypeScript loader registered first: workers do
  // not inherit it. Compiled, it is plain JavaScript.
  const worker = url.pathname.endsWith('.ts')
    ? new Worker(
        `import(${JSON.stringify(import.meta.resolve('tsx/esm/api'))}).then(({ register }) => { register(); return import(${JSON.stringify(url.href)}); });`,
        { eval: true, workerData: { dir, options } },
      )
    : new Worker(url, { workerData: { dir, options } });
  return new Promise<WorkerReport>((resolve, reject) => {
    let settled = false;
    worker.once('message', (report: WorkerReport) => {
      settled = true;
      resolve(report);
      void worker.terminate();
    });
    worker.once('error', (error) => {
      settled = true;
      reject(error);
    });
    worker.once('exit', (code) => {
      if (!settled)
        reject(new Error(`reload: the worker stopped (exit ${code}) before sending the knowledge`));
    });
  });
}
