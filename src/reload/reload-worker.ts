import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { parentPort, workerData } from 'node:worker_threads';
import { type LoadOptions, loadLibrary } from '../kb/load-library.js';
import { createSearchIndex, exportSearchIndex } from '../search/fts-index.js';
import { cacheFileName } from '../search/fts-store.js';
import type { OffThreadOptions, WorkerReport } from './load-off-thread.js';

/**
 * The slow half of a reload, in a worker thread: read and validate every file, build the search index,
 * and send back plain data (the documents, the problems, the index's bytes). The main thread keeps
 * answering interactions meanwhile.
 */
const { dir, options } = workerData as { dir: string; options: Omit<OffThreadOptions, 'places'> };
const { searchIndexDir, ...loading } = options;
const report = await loadLibrary(dir, loading satisfies LoadOptions);
// With a folder for the index, it is written there and the main thread opens the file; otherwise (or when
// the folder could not take it) its bytes are sent.
const index = createSearchIndex(report.library, { cacheDir: searchIndexDir });
const kept =
  searchIndexDir !== undefined &&
  existsSync(join(searchIndexDir, cacheFileName(report.library.version, report.library.docs)));
const image = kept ? undefined : exportSearchIndex(index);
index.close();
const message: WorkerReport = {
  docs: report.library.docs,
  version: report.library.version,
  problems: report.problems,
  files: report.files,
  fingerprints: report.fingerprints,
  ...(image ? { image } : {}),
};
parentPort?.postMessage(message, image ? [image.db.buffer as ArrayBuffer] : []);
