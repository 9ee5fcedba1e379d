// The FTS5 half of a search index's build, in a worker thread (see fts-build-thread.ts): the rows arrive in
// batches while the main thread counts their words, and go into the database at `file` as they come. After
// the last, the index's words are sent back (the main thread groups them while this one merges the
// segments), then the index is merged ('optimize') and the file closed for the main thread to open.
//
// Plain JavaScript, so the worker starts without a TypeScript loader (under tsx and vitest, registering one
// in a worker costs about 250 ms of CPU, a tenth of the build at 10,000 entries); the settings and
// statements come from the main thread (BUILDING in index-file.ts, ROW_SQL in fts-rows.ts), so the rows go
// in as a one-thread build puts them.
import { workerData } from 'node:worker_threads';
import Database from 'better-sqlite3';

const { file, pragmas, sql, state: shared, status, port } = workerData;
const state = new Int32Array(shared);
// The shared words' places (STATUS and PROGRESS in fts-build-thread.ts).
const [STATUS, PROGRESS] = [0, 1];

function signal(to) {
  Atomics.store(state, STATUS, to);
  Atomics.notify(state, STATUS);
}

let db;
function fail() {
  port.close();
  try {
    db?.close();
  } catch {
    // the main thread builds the index again on its own
  }
  signal(status.Failed);
}

try {
  db = new Database(file);
  db.unsafeMode(true);
  for (const pragma of pragmas) db.pragma(pragma);
  db.unsafeMode(false);
  for (const statement of sql.create) db.exec(statement);
  const insert = db.prepare(sql.insert);
  db.exec('BEGIN');
  let rowid = 0;
  signal(status.Running);
  // A batch: per entry its title, names, asked, facets and passages' count, then each passage's heading,
  // summary and body (see BuildWorker); null after the last.
  port.on('message', (batch) => {
    try {
      if (batch === null) {
        db.exec('COMMIT');
        const [create, select, drop] = sql.words;
        db.exec(create);
        port.postMessage(db.prepare(select).raw().all());
        db.exec(drop);
        signal(status.Counted);
        db.exec(sql.optimize);
        db.close();
        port.close();
        signal(status.Built);
        return;
      }
      for (let i = 0; i < batch.length;) {
        const [title, names, asked, facets, passages] = batch.slice(i, i + 5);
        i += 5;
        for (let p = 0; p < passages; p++, i += 3)
          insert.run(++rowid, title, names, asked, batch[i], batch[i + 1], batch[i + 2], facets);
      }
      Atomics.add(state, PROGRESS, 1);
    } catch {
      fail();
    }
  });
} catch {
  fail();
}
