// The FTS5 half of a search index's build, in a child process (see fts-build-process.ts): the rows arrive
// on standard input while the parent counts their words, and go into the database at `file` as they come.
// After the last, the index's words are sent back on standard output (the parent groups them while this
// process merges the segments), then the index is merged ('optimize'), the file closed, and a last byte
// says so. A failure ends the process without it: the parent sees its pipes close and builds the index
// itself.
//
// Plain JavaScript, so the process starts without a TypeScript loader; the settings and statements come
// from the parent (BUILDING in index-file.ts, ROW_SQL in fts-rows.ts), so the rows go in as a one-thread
// build puts them.
import { readSync, writeSync } from 'node:fs';
import Database from 'better-sqlite3';

const { file, pragmas, sql, frame, answer } = JSON.parse(process.argv[2]);
const nap = new Int32Array(new SharedArrayBuffer(4));

/** The next bytes of standard input into `buffer` from `at`: 0 at its end. */
function take(buffer, at) {
  for (;;) {
    try {
      return readSync(0, buffer, at, buffer.length - at, null);
    } catch (error) {
      if (error.code !== 'EAGAIN') throw error;
      Atomics.wait(nap, 0, 0, 1);
    }
  }
}

function send(bytes) {
  for (let at = 0; at < bytes.length;) {
    try {
      at += writeSync(1, bytes, at, bytes.length - at);
    } catch (error) {
      if (error.code !== 'EAGAIN') throw error;
      Atomics.wait(nap, 0, 0, 1);
    }
  }
}

const db = new Database(file);
db.unsafeMode(true);
for (const pragma of pragmas) db.pragma(pragma);
db.unsafeMode(false);
for (const statement of sql.create) db.exec(statement);
const insert = db.prepare(sql.insert);
db.exec('BEGIN');

// A frame: its kind, then its texts, each as its length in UTF-8 bytes and the bytes (see BuildWorker).
// The bytes are inserted as they are, as blobs: FTS5 reads a blob as the text of its bytes, so the index is
// the one the same texts make as strings, without decoding them here and encoding them again in SQLite.
let buffer = Buffer.allocUnsafe(1 << 20);
let end = 0;
let rowid = 0;
let columns = [];
let ended = false;
while (!ended) {
  if (end === buffer.length) {
    const bigger = Buffer.allocUnsafe(buffer.length * 2);
    buffer.copy(bigger, 0, 0, end);
    buffer = bigger;
  }
  const got = take(buffer, end);
  if (got === 0) process.exit(1);
  end += got;
  let at = 0;
  while (at < end) {
    const kind = buffer[at];
    if (kind === frame.End) {
      ended = true;
      break;
    }
    const count = kind === frame.Entry ? 4 : 3;
    const texts = [];
    let next = at + 1;
    for (let i = 0; i < count && next + 4 <= end; i++) {
      const length = buffer.readUInt32LE(next);
      if (next + 4 + length > end) break;
      texts.push(buffer.subarray(next + 4, next + 4 + length));
      next += 4 + length;
    }
    if (texts.length < count) break;
    // The entry's columns outlive the buffer's bytes (read over by the next rows): copied.
    if (kind === frame.Entry) columns = texts.map((text) => Buffer.from(text));
    else {
      const [title, names, asked, facets] = columns;
      insert.run(++rowid, title, names, asked, texts[0], texts[1], texts[2], facets);
    }
    at = next;
  }
  buffer.copy(buffer, 0, at, end);
  end -= at;
}

db.exec('COMMIT');
const [create, select, drop] = sql.words;
db.exec(create);
const words = db.prepare(select).raw().all();
db.exec(drop);
let size = 0;
for (const [term] of words) size += 8 + Buffer.byteLength(term, 'utf8');
const out = Buffer.allocUnsafe(5 + size);
out[0] = answer.Words;
out.writeUInt32LE(size, 1);
let at = 5;
for (const [term, passages] of words) {
  const length = out.write(term, at + 4, 'utf8');
  out.writeUInt32LE(length, at);
  out.writeUInt32LE(passages, at + 4 + length);
  at += 8 + length;
}
send(out);
db.exec(sql.optimize);
db.close();
send(Buffer.of(answer.Built));
