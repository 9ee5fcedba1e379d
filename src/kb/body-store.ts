import { closeSync, openSync, readSync, writeSync } from 'node:fs';
import { isMainThread } from 'node:worker_threads';
import type { Doc } from './schema.js';
import { compactEntry, SharedStrings } from './compact-entry.js';
import { openPrivateFile } from './private-file.js';

/**
 * Entries' Markdown bodies (and summaries), kept out of the process's memory: written as UTF-8 to a file of the store's
 * own (unlinked at once, so it goes when the process or the store does, and nobody else can change it)
 * and read back when something asks for an entry's `body` (a card, a snippet, an answer; the search
 * index when it is built), a few microseconds each from the system's file cache. Bodies are most of a
 * base's text (over a hundred megabytes at 50,000 entries) and rarely read: a search reads the few it
 * shows. Where no such file can be made, they stay in a few large buffers, still outside the JavaScript
 * heap.
 */

/** Bytes gathered before they are written out (and the size of each buffer when nothing can be). */
const CHUNK_BYTES = 256 * 1024;

interface Stored {
  store: BodyStore;
  /** The summary's bytes are [start, split), the body's [split, end). */
  start: number;
  split: number;
  end: number;
}

/** Where bodies are read from their file into (grown to the longest read). */
let scratch = Buffer.allocUnsafeSlow(64 * 1024);
/**
 * What `scratch` holds: bytes [start, end) of the file of the store numbered `store` (0: nothing). An
 * entry's summary is read with its body (the bytes after it), so that reading both, as building the
 * search index does for every entry, reads the file once an entry.
 */
let held = { store: 0, start: 0, end: 0 };
let stores = 0;

/** A summary is read with its body when the body is no longer than this. */
const WITH_BODY_BYTES = 64 * 1024;

/** Where each stored entry's body is (beside the entry, not on it: nothing copies or serialises it). */
const STORED = new WeakMap<object, Stored>();

/** The one getter every stored entry shares, so entries of a type keep sharing their shape. */
function readBody(this: Doc): string {
  const stored = STORED.get(this);
  return stored ? stored.store.read(stored.split, stored.end) : '';
}

/** The same for summaries. */
function readSummary(this: Doc): string {
  const stored = STORED.get(this);
  if (!stored) return '';
  const { store, start, split, end } = stored;
  return end - split <= WITH_BODY_BYTES ? store.read(start, split, end) : store.read(start, split);
}

/** A store's file is closed when the store is collected (its entries gone with their library). */
const closer = new FinalizationRegistry<number>((fd) => {
  try {
    closeSync(fd);
  } catch {
    // already closed
  }
});

/** Appends bodies; one per load, so a library's bodies go when the library does. */
export class BodyStore {
  /** The file bodies are written to, or undefined when none could be made (then `kept` holds them). */
  private fd: number | undefined;
  /** Bytes written to the file so far: bodies starting before this are read from it. */
  private written = 0;
  /** Bodies not yet written, starting at `written`. */
  private chunk = Buffer.allocUnsafeSlow(CHUNK_BYTES);
  private used = 0;
  /** Without a file: every full buffer, by the offset it starts at. */
  private readonly kept: { start: number; bytes: Buffer }[] = [];
  /** Tells this store's bytes in `scratch` from another's. */
  private readonly id = ++stores;

  constructor() {
    // A worker thread's entries are sent to the main thread as text and go with the worker: nothing to spill
    // (and a worker's open files are not closed when it ends).
    this.fd = isMainThread ? openSpill() : undefined;
    if (this.fd !== undefined) closer.register(this, this.fd, this);
  }

  /**
   * The entry `front` with its body `body`, both it and its summary kept in this store: a new object with
   * `front`'s properties in their order (`front` must not have a `body`), the summary and the body read
   * from the store when asked (enumerable like any other property, so copies and JSON carry the text).
   * Summaries are a base's second largest text after bodies (some 20 MB at 50,000 entries), and read as
   * rarely: a search reads the few it shows or ranks first.
   */
  attach(front: Omit<Doc, 'body'>, body: string): Doc {
    const fields = front as unknown as Record<string, unknown>;
    const summary = typeof fields.summary === 'string' ? fields.summary : undefined;
    const summaryBytes = summary === undefined ? 0 : Buffer.byteLength(summary, 'utf8');
    const bytes = summaryBytes + Buffer.byteLength(body, 'utf8');
    if (this.used + bytes > this.chunk.length) this.flush(bytes);
    const start = this.written + this.used;
    if (summary !== undefined) this.used += this.chunk.write(summary, this.used, 'utf8');
    this.used += this.chunk.write(body, this.used, 'utf8');
    // Built property by property, in `front`'s order, so entries of a type share their shape, and the
    // summary (when a string) is a getter where it stood.
    const doc: Record<string, unknown> = {};
    for (const key of Object.keys(fields)) {
      if (key === 'summary' && summary !== undefined)
        Object.defineProperty(doc, 'summary', { get: readSummary, enumerable: true, configurable: true });
      else doc[key] = fields[key];
    }
    STORED.set(doc, { store: this, start, split: start + summaryBytes, end: start + bytes });
    Object.defineProperty(doc, 'body', { get: readBody, enumerable: true, configurable: true });
    return doc as unknown as Doc;
  }

  /** Bytes [start, end) as text, reading up to `through` (>= end) from the file when they are there. */
  read(start: number, end: number, through = end): string {
    if (start >= this.written) return this.chunk.toString('utf8', start - this.written, end - this.written);
    if (this.fd === undefined) {
      const kept = this.kept.findLast((k) => k.start <= start) as { start: number; bytes: Buffer };
      return kept.bytes.toString('utf8', start - kept.start, end - kept.start);
    }
    if (held.store === this.id && start >= held.start && end <= held.end)
      return scratch.toString('utf8', start - held.start, end - held.start);
    // Read into one buffer kept for the purpose: building the index reads every body, and a buffer each
    // would leave the heap tens of megabytes of garbage buffers.
    const length = Math.min(through, this.written) - start;
    if (scratch.length < length) scratch = Buffer.allocUnsafeSlow(Math.max(length, 2 * scratch.length));
    held = { store: 0, start: 0, end: 0 };
    for (let got = 0; got < length;) {
      const n = readSync(this.fd, scratch, got, length - got, start + got);
      if (n === 0) throw new Error('knowledge: an entry body could not be read back');
      got += n;
    }
    held = { store: this.id, start, end: start + length };
    return scratch.toString('utf8', 0, end - start);
  }

  /** Writes out (or keeps) the bodies gathered, making room for `next` more bytes. */
  private flush(next: number): void {
    if (this.fd !== undefined) {
      try {
        for (let at = 0; at < this.used;)
          at += writeSync(this.fd, this.chunk, at, this.used - at, this.written + at);
      } catch {
        // A full or failing disk: every body is kept in memory from here on.
        closer.unregister(this);
        this.keepFromHere();
      }
    }
    if (this.fd === undefined) this.kept.push({ start: this.written, bytes: this.chunk });
    this.written += this.used;
    this.used = 0;
    if (this.fd === undefined || next > this.chunk.length)
      this.chunk = Buffer.allocUnsafeSlow(Math.max(CHUNK_BYTES, next));
  }

  /** Stops using the file: its bodies are read into memory, later ones kept there too. */
  private keepFromHere(): void {
    const fd = this.fd as number;
    const bytes = Buffer.allocUnsafeSlow(this.written);
    for (let got = 0; got < bytes.length;) {
      const n = readSync(fd, bytes, got, bytes.length - got, got);
      if (n === 0) break;
      got += n;
    }
    if (this.written > 0) this.kept.push({ start: 0, bytes });
    closeSync(fd);
    this.fd = undefined;
  }
}

/** A new file only this process can reach (removed from its folder at once), or undefined. */
function openSpill(): number | undefined {
  return openPrivateFile('dossier-bodies-', 'bodies', (file) => openSync(file, 'w+', 0o600), closeSync);
}

/**
 * The same entries with their bodies kept in a store (entries that came as plain data, such as the ones a
 * reload's worker thread sends): each a copy, so the caller's objects are left as they are.
 */
export function storeBodies(docs: readonly Doc[]): Doc[] {
  const store = new BodyStore();
  const shared = new SharedStrings();
  // structuredClone, not the spread itself: V8 gives each object made by a spread a shape of its own.
  return docs.map(({ body, ...rest }) => store.attach(compactEntry(structuredClone(rest), shared), body));
}
