import type { MessagePort } from 'node:worker_threads';
import { workerData } from 'node:worker_threads';
import Database from 'better-sqlite3';
import { type BuildWorkerData, PROGRESS, STATUS, Status } from './fts-build-thread.js';
import { indexedWords, RowInserter } from './fts-rows.js';
import { forBuilding } from './index-file.js';

/**
 * The FTS5 half of a search index's build, in a worker thread (see fts-build-thread.ts): the rows arrive
 * in batches while the main thread counts their words, and go into the database at `file` as they come.
 * After the last, the index's words are sent back (the main thread groups them while this one merges the
 * segments), then the index is merged ('optimize') and the file closed for the main thread to open.
 */
const { file, state: shared, port } = workerData as BuildWorkerData & { port: MessagePort };
const state = new Int32Array(shared);

function signal(status: Status): void {
  Atomics.store(state, STATUS, status);
  Atomics.notify(state, STATUS);
}

let db: Database.Database | undefined;
try {
  db = forBuilding(new Database(file));
  const rows = new RowInserter(db);
  signal(Status.Running);
  port.on('message', (batch: (string | number)[] | null) => {
    try {
      if (batch === null) {
        rows.commit();
        port.postMessage(indexedWords(rows.db));
        signal(Status.Counted);
        rows.optimize().close();
        port.close();
        signal(Status.Built);
        return;
      }
      for (let i = 0; i < batch.length;) {
        rows.entry(
          batch[i] as string,
          batch[i + 1] as string,
          batch[i + 2] as string,
          batch[i + 3] as string,
        );
        const passages = batch[i + 4] as number;
        i += 5;
        for (let p = 0; p < passages; p++, i += 3)
          rows.row(batch[i] as string, batch[i + 1] as string, batch[i + 2] as string);
      }
      Atomics.add(state, PROGRESS, 1);
    } catch {
      fail();
    }
  });
} catch {
  fail();
}

function fail(): void {
  port.close();
  try {
    db?.close();
  } catch {
    // the main thread builds the index again on its own
  }
  signal(Status.Failed);
}
