import { parentPort, workerData } from 'node:worker_threads';
import { type LoadOptions, loadLibrary } from '../kb/load-library.js';
import { createSearchIndex, exportSearchIndex } from '../search/fts-index.js';
import type { WorkerReport } from './load-off-thread.js';

/**
 * The slow half of a reload, in a worker thread: read and validate every file, build the search index,
 * and send back plain data (the documents, the problems, the index's bytes). The main thread keeps
 * answering interactions meanwhile.
 */
const { dir, options } = workerData as { dir: string; options: Omit<LoadOptions, 'places'> };
const report = await loadLibrary(dir, options);
const index = createSearchIndex(report.library);
const image = exportSearchIndex(index);
index.close();
const message: WorkerReport = {
  docs: report.library.docs,
  version: report.library.version,
  problems: report.problems,
  files: report.files,
  fingerprints: report.fingerprints,
  image,
};
parentPort?.postMessage(message, [image.db.buffer as ArrayBuffer]);
