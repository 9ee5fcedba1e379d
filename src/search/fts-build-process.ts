import { type ChildProcess, spawn } from 'node:child_process';
import { readSync, writeSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { type IndexedWord, type PassageRows, ROW_SQL } from './fts-rows.js';
import { BUILDING } from './index-file.js';

/**
 * A search index's FTS5 inserts run in a child process (fts-build-child.mjs) while the process building
 * the index counts the passages' words (bm25-tops.ts) and fills its other tables: on a machine of two
 * cores or more the two halves, each about half of the build's CPU, take about the wall time of the longer
 * one. A process rather than a thread so that what the inserts and the merge allocate (SQLite's buffers,
 * FTS5's pending rows, the rows themselves) goes back to the system when it exits: a thread's heap and its
 * allocator's arena stayed in this process's memory after the build, 10 to 20 MB at 10,000 entries.
 *
 * The rows go down the child's standard input as they are made (see Frame), so it starts inserting at
 * once; the index is written to a file, which the building process opens once the child has closed it.
 * The child answers on its standard output: the index's words, then a sign that the file is built. Both
 * ends are read and written without an event loop (the pipes' own descriptors, waiting a millisecond when
 * one is full or empty), since building the index is synchronous for its callers.
 */

/** What a frame of the rows starts with (fts-build-child.mjs reads them). */
const Frame = {
  /** An entry's title, names, asked and facets: the columns of the passages that follow. */
  Entry: 1,
  /** A passage's heading, summary and body. */
  Row: 2,
  /** After the last row. */
  End: 3,
} as const;

/** What the child's answers start with: its words (a length, then the words), then the file built. */
const Answer = { Words: 0x57, Built: 0x42 } as const;

/** What the child is given, as its one argument (JSON). */
interface BuildChildData {
  /** Where the child builds the index (a new file) and closes it. */
  file: string;
  /** The database's settings (BUILDING) and the build's statements (ROW_SQL). */
  pragmas: typeof BUILDING;
  sql: typeof ROW_SQL;
  frame: typeof Frame;
  answer: typeof Answer;
}

/** Bytes gathered before they are written to the pipe. */
const CHUNK_BYTES = 256 * 1024;

/**
 * Rows kept here while the child cannot take them (it starts in about a tenth of a second, and the rows
 * come faster than it inserts them at times): beyond this the building process waits for it.
 */
const QUEUED_BYTES = 4 * 1024 * 1024;

/**
 * How long the child may take no bytes and send none before the index is built without it: far beyond
 * the longest step (the final merge takes about a second at 50,000 entries), so only a child that hangs
 * is given up on (one that dies closes its pipes, which is seen at once).
 */
const STALL_MS = 60_000;

const CHILD_SCRIPT = fileURLToPath(new URL('./fts-build-child.mjs', import.meta.url));

/** A millisecond's sleep without an event loop. */
const nap = new Int32Array(new SharedArrayBuffer(4));
function sleep(ms: number): void {
  Atomics.wait(nap, 0, 0, ms);
}

/** The descriptor under a pipe of a child's standard input or output, or undefined. */
function descriptor(stream: unknown): number | undefined {
  const fd = (stream as { _handle?: { fd?: unknown } } | null)?._handle?.fd;
  return typeof fd === 'number' && fd >= 0 ? fd : undefined;
}

/** The rows of one build, sent to its child process; `words` and `built` wait for the index. */
export class BuildWorker implements PassageRows {
  private chunk: Buffer = Buffer.allocUnsafeSlow(CHUNK_BYTES);
  private used = 0;
  /** Full chunks the pipe has not taken yet, the first from `queuedAt`. */
  private readonly queue: Buffer[] = [];
  private queuedAt = 0;
  private queued = 0;
  /** Chunks written out, for the next rows (so sending them makes no garbage). */
  private readonly spare: Buffer[] = [];
  private failed = false;
  private ended = false;

  private constructor(
    private readonly child: ChildProcess,
    private readonly input: number,
    private readonly output: number,
  ) {}

  /** A child process building the index at `file`, or undefined where none can be started. */
  static start(file: string): BuildWorker | undefined {
    const data: BuildChildData = { file, pragmas: BUILDING, sql: ROW_SQL, frame: Frame, answer: Answer };
    let child: ChildProcess;
    try {
      child = spawn(process.execPath, [CHILD_SCRIPT, JSON.stringify(data)], {
        stdio: ['pipe', 'pipe', 'ignore'],
      });
    } catch {
      return undefined;
    }
    // Its failures are seen on its pipes; it never keeps this process alive.
    child.on('error', () => {});
    child.unref();
    const input = descriptor(child.stdin);
    const output = descriptor(child.stdout);
    if (child.pid === undefined || input === undefined || output === undefined) {
      BuildWorker.close(child);
      return undefined;
    }
    // The pipes are read and written here, without the event loop.
    child.stdout?.pause();
    return new BuildWorker(child, input, output);
  }

  entry(title: string, names: string, asked: string, facets: string): void {
    this.frame(Frame.Entry, title, names, asked, facets);
  }

  row(heading: string, summary: string, body: string): void {
    this.frame(Frame.Row, heading, summary, body);
  }

  /**
   * Sends the last rows, waiting until the pipe has taken them all: the child then commits them and reads
   * the index's words, which `words` waits for.
   */
  end(): void {
    if (this.ended) return;
    this.ended = true;
    this.room(1);
    this.chunk[this.used++] = Frame.End;
    this.flush(true);
  }

  /**
   * Sends the last rows (see end) and waits for the index's words (see indexedWords), which the child
   * sends before merging the index; undefined when the child could not build the index (it is then
   * stopped, and the file is the caller's to redo).
   */
  words(): IndexedWord[] | undefined {
    this.end();
    const head = this.failed ? undefined : this.read(5);
    const bytes = head?.[0] === Answer.Words ? this.read(head.readUInt32LE(1)) : undefined;
    if (!bytes) {
      this.stop();
      return undefined;
    }
    const words: IndexedWord[] = [];
    for (let at = 0; at < bytes.length;) {
      const length = bytes.readUInt32LE(at);
      const term = bytes.toString('utf8', at + 4, at + 4 + length);
      words.push([term, bytes.readUInt32LE(at + 4 + length)]);
      at += length + 8;
    }
    return words;
  }

  /** After `words`, waits for the index to be merged and closed in the file: false if the child failed. */
  built(): boolean {
    const built = this.read(1)?.[0] === Answer.Built;
    if (built) BuildWorker.close(this.child);
    else this.stop();
    return built;
  }

  /** Stops the child (the build failed on this side). */
  stop(): void {
    this.failed = true;
    this.child.kill('SIGKILL');
    BuildWorker.close(this.child);
  }

  private static close(child: ChildProcess): void {
    child.stdin?.destroy();
    child.stdout?.destroy();
  }

  /** Adds a frame of `kind` holding `texts`, each as its length in UTF-8 bytes and the bytes. */
  private frame(kind: number, ...texts: string[]): void {
    let most = 1;
    for (const text of texts) most += 4 + 3 * text.length;
    this.room(most);
    const chunk = this.chunk;
    let at = this.used;
    chunk[at++] = kind;
    for (const text of texts) {
      const length = chunk.write(text, at + 4, 'utf8');
      chunk.writeUInt32LE(length, at);
      at += 4 + length;
    }
    this.used = at;
  }

  /** Makes room for `bytes` more in the chunk, queueing and sending what it holds when it is full. */
  private room(bytes: number): void {
    if (this.used + bytes <= this.chunk.length) return;
    this.flush(false);
    if (this.chunk.length < bytes) {
      this.spare.push(this.chunk);
      this.chunk = Buffer.allocUnsafeSlow(bytes);
    }
  }

  /** Queues the chunk and writes what the pipe takes; with `all`, or past QUEUED_BYTES, waits to write it all. */
  private flush(all: boolean): void {
    if (this.failed) {
      // A child gone takes no more rows: they are dropped, the build redone here from the start.
      this.used = 0;
      this.queue.length = 0;
      this.queued = 0;
      return;
    }
    if (this.used > 0) {
      this.queue.push(this.chunk.subarray(0, this.used));
      this.queued += this.used;
      this.chunk = this.spare.pop() ?? Buffer.allocUnsafeSlow(CHUNK_BYTES);
      this.used = 0;
    }
    let since = performance.now();
    while (this.queue.length > 0 && !this.failed) {
      const first = this.queue[0] as Buffer;
      let wrote = 0;
      try {
        wrote = writeSync(this.input, first, this.queuedAt, first.length - this.queuedAt);
      } catch (error) {
        // EAGAIN: the pipe is full. Anything else (EPIPE): the child is gone, the build is redone here.
        if ((error as NodeJS.ErrnoException).code !== 'EAGAIN') this.failed = true;
      }
      this.queued -= wrote;
      this.queuedAt += wrote;
      if (this.queuedAt === first.length) {
        this.queue.shift();
        this.queuedAt = 0;
        if (first.buffer.byteLength === CHUNK_BYTES)
          this.spare.push(Buffer.from(first.buffer, first.byteOffset, CHUNK_BYTES));
      }
      if (wrote > 0) since = performance.now();
      else if (!all && this.queued <= QUEUED_BYTES) break;
      else if (performance.now() - since > STALL_MS) this.failed = true;
      else sleep(1);
    }
  }

  /** The child's next `bytes` bytes, read into one buffer as they come; undefined when it ended or stalled first. */
  private read(bytes: number): Buffer | undefined {
    const out = Buffer.allocUnsafe(bytes);
    let at = 0;
    let since = performance.now();
    while (at < bytes && !this.failed) {
      let got = -1;
      try {
        got = readSync(this.output, out, at, bytes - at, null);
      } catch (error) {
        // EAGAIN: nothing yet. Anything else: the child is gone.
        if ((error as NodeJS.ErrnoException).code !== 'EAGAIN') this.failed = true;
      }
      if (got === 0) this.failed = true;
      else if (got > 0) {
        at += got;
        since = performance.now();
      } else if (performance.now() - since > STALL_MS) this.failed = true;
      else sleep(1);
    }
    return at === bytes ? out : undefined;
  }
}
