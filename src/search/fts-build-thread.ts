import { MessageChannel, type MessagePort, receiveMessageOnPort, Worker } from 'node:worker_threads';
import { type IndexedWord, type PassageRows, ROW_SQL } from './fts-rows.js';
import { BUILDING } from './index-file.js';

/**
 * A search index's FTS5 inserts run in a worker thread (fts-build-worker.mjs) while the thread building the
 * index counts the passages' words (bm25-tops.ts) and fills its other tables: on a machine of two cores or
 * more the two halves, each about half of the build's CPU, take about the wall time of the longer one.
 * The rows go to the worker in batches as they are made, so it starts inserting at once; the index is
 * written to a file, which the building thread opens once the worker has closed it. The building thread
 * waits for the worker without an event loop (Atomics.wait on a shared word), since building the index is
 * synchronous for its callers.
 */

/** The shared words: the worker's status, and the batches it has inserted (a sign it is still going). */
const STATUS = 0;
const PROGRESS = 1;
/** In order: loading, inserting, the words sent back, the file built and closed; or failed. */
export const Status = { Starting: 0, Running: 1, Counted: 2, Built: 3, Failed: 9 } as const;
export type Status = (typeof Status)[keyof typeof Status];

/** What the worker is given (fts-build-worker.mjs reads it). */
interface BuildWorkerData {
  /** Where the worker builds the index (a new file) and closes it. */
  file: string;
  /** The database's settings (BUILDING) and the build's statements (ROW_SQL). */
  pragmas: typeof BUILDING;
  sql: typeof ROW_SQL;
  /** Two 32-bit words, STATUS and PROGRESS, and what the status's values mean. */
  state: SharedArrayBuffer;
  status: typeof Status;
  /** Where the rows come from and the words go back. */
  port: MessagePort;
}

/**
 * Rows sent at once: few enough messages that sending costs little, small enough that the worker starts
 * soon after the first entries and never waits long for the next batch.
 */
const BATCH_ROWS = 2_000;

/**
 * How long the worker may give no sign (a batch inserted, a status) before the index is built without it:
 * far beyond the longest step (the final merge takes about a second at 50,000 entries), so only a worker
 * that died without saying so (out of memory) is given up on.
 */
const STALL_MS = 60_000;

/** The rows of one build, sent to its worker; `words` and `built` wait for the index. */
export class BuildWorker implements PassageRows {
  /** Per entry: title, names, asked, facets, its passages' count, then heading, summary, body of each. */
  private batch: (string | number)[] = [];
  private rows = 0;
  private passagesAt = 0;

  private constructor(
    private readonly worker: Worker,
    private readonly port: MessagePort,
    private readonly state: Int32Array,
  ) {}

  /** A worker building the index at `file`, or undefined where no worker can be started. */
  static start(file: string): BuildWorker | undefined {
    const shared = new SharedArrayBuffer(2 * Int32Array.BYTES_PER_ELEMENT);
    const { port1, port2 } = new MessageChannel();
    let worker: Worker;
    try {
      const data: BuildWorkerData = {
        file,
        pragmas: BUILDING,
        sql: ROW_SQL,
        state: shared,
        status: Status,
        port: port2,
      };
      worker = new Worker(WORKER_SCRIPT, { eval: true, workerData: data, transferList: [port2] });
    } catch {
      port1.close();
      return undefined;
    }
    // Its failures are read from the shared status; it never keeps the process alive.
    worker.on('error', () => {});
    worker.unref();
    return new BuildWorker(worker, port1, new Int32Array(shared));
  }

  entry(title: string, names: string, asked: string, facets: string): void {
    if (this.rows >= BATCH_ROWS) this.send();
    this.passagesAt = this.batch.length + 4;
    this.batch.push(title, names, asked, facets, 0);
  }

  row(heading: string, summary: string, body: string): void {
    this.batch.push(heading, summary, body);
    this.batch[this.passagesAt] = (this.batch[this.passagesAt] as number) + 1;
    this.rows++;
  }

  /**
   * Sends the last rows and waits for the index's words (see indexedWords), which the worker sends before
   * merging the index; undefined when the worker could not build the index (it is then stopped, and the
   * file is the caller's to redo).
   */
  words(): IndexedWord[] | undefined {
    this.send();
    this.port.postMessage(null);
    const words = this.wait(Status.Counted) ? receiveMessageOnPort(this.port) : undefined;
    if (!words) this.stop();
    return words?.message as IndexedWord[] | undefined;
  }

  /** After `words`, waits for the index to be merged and closed in the file: false if the worker failed. */
  built(): boolean {
    const built = this.wait(Status.Built);
    if (built) this.port.close();
    else this.stop();
    return built;
  }

  /** Stops the worker (the build failed on this side). */
  stop(): void {
    this.port.close();
    void this.worker.terminate();
  }

  private send(): void {
    if (this.batch.length > 0) this.port.postMessage(this.batch);
    this.batch = [];
    this.rows = 0;
  }

  /** Waits for the worker to reach `status`: false when it failed or stalled. */
  private wait(status: Status): boolean {
    let sign = -1;
    let since = 0;
    for (;;) {
      const now = Atomics.load(this.state, STATUS);
      if (now === Status.Failed) return false;
      if (now >= status) return true;
      const progress = now + 16 * Atomics.load(this.state, PROGRESS);
      if (progress !== sign) {
        sign = progress;
        since = performance.now();
      } else if (performance.now() - since > STALL_MS) return false;
      Atomics.wait(this.state, STATUS, now, 1_000);
    }
  }
}

/**
 * Loads the worker's code; a worker that cannot load it says so in the shared status. The script is read
 * as CommonJS or, in a process started with --input-type=module (which workers inherit), as a module: it
 * uses neither `require` nor `import` statements.
 */
const WORKER_SCRIPT = `const { workerData } = process.getBuiltinModule('node:worker_threads');
import(${JSON.stringify(new URL('./fts-build-worker.mjs', import.meta.url).href)}).catch(() => {
  const state = new Int32Array(workerData.state);
  Atomics.store(state, ${STATUS}, ${Status.Failed});
  Atomics.notify(state, ${STATUS});
});`;
