import type { Doc } from './schema.js';

/**
 * Entries' Markdown bodies kept as UTF-8 bytes in a few large buffers outside JavaScript's heap, each
 * entry's `body` read back from them when something asks for it (a card, a snippet, an answer; the search
 * index when it is built). On a base of 50,000 entries the bodies are over a hundred megabytes: as strings
 * they sat among the heap's other objects for good, and text with a curly quote or a dash is two bytes a
 * character there, where UTF-8 spends one on every Latin letter.
 */

/** Bytes a buffer is made with: large enough that a base needs few, small enough to waste little. */
const CHUNK_BYTES = 256 * 1024;

interface Stored {
  chunk: Buffer;
  start: number;
  end: number;
}

/** Where each stored entry's body is (beside the entry, not on it: nothing copies or serialises it). */
const STORED = new WeakMap<object, Stored>();

/** The one getter every stored entry shares, so entries of a type keep sharing their shape. */
function readBody(this: Doc): string {
  const stored = STORED.get(this);
  return stored ? stored.chunk.toString('utf8', stored.start, stored.end) : '';
}

/** Appends bodies to its buffers; one per load, so a library's bodies go when the library does. */
export class BodyStore {
  private chunk: Buffer = Buffer.alloc(0);
  private used = 0;

  /**
   * Sets `doc.body` to `body`, kept in this store: `doc` must not have a `body` yet (it is added as a
   * property read from the store, enumerable like any other, so copies and JSON carry the text).
   */
  attach(doc: Omit<Doc, 'body'>, body: string): Doc {
    const bytes = Buffer.byteLength(body, 'utf8');
    if (this.used + bytes > this.chunk.length) {
      this.chunk = Buffer.allocUnsafeSlow(Math.max(CHUNK_BYTES, bytes));
      this.used = 0;
    }
    const start = this.used;
    this.used += this.chunk.write(body, start, 'utf8');
    STORED.set(doc, { chunk: this.chunk, start, end: this.used });
    Object.defineProperty(doc, 'body', { get: readBody, enumerable: true, configurable: true });
    return doc as Doc;
  }
}

/**
 * The same entries with their bodies kept in a store (entries that came as plain data, such as the ones a
 * reload's worker thread sends): each a shallow copy, so the caller's objects are left as they are.
 */
export function storeBodies(docs: readonly Doc[]): Doc[] {
  const store = new BodyStore();
  // structuredClone, not the spread itself: V8 gives each object made by a spread a shape of its own.
  return docs.map(({ body, ...rest }) => store.attach(structuredClone(rest), body));
}
