import { Cron } from 'croner';

/** pino's calling convention for the one line a failed run writes. */
export interface ScheduleLogger {
  error(obj: object, msg: string): void;
}

export interface ScheduledJobOptions<T> {
  /** A croner pattern: `* * * * *` every minute, `0 6 * * *` at six. */
  cron: string;
  /** The zone the pattern's hours are read in (`UTC`); croner's default, the process's own, when absent. */
  timezone?: string | undefined;
  /** Names the croner job, for its own diagnostics (`digests-host:123`). */
  name: string;
  /**
   * Also run once at start: for work that finds for itself what is owed (a digest pass catches up what a
   * restart missed), so a process that was down at the minute does not wait a whole period.
   */
  runAtStart?: boolean | undefined;
  /** One run at `now`; what it returns is handed back by `run`. */
  work: (now: Date) => Promise<T>;
  /** A run that throws is logged here at error with `failureMessage`, and counts as no result. */
  logger: ScheduleLogger;
  failureMessage: string;
  clock?: (() => Date) | undefined;
}

/**
 * One croner job that runs some work on a schedule, shared by the digest and tracking schedulers. Runs
 * never overlap: a run asked for while one is in progress (the timer, or a caller) waits for it, then
 * goes. A run that fails is logged and the next one still goes. `stop` ends the timer and waits for the
 * run in progress, so shutdown never cuts one in half.
 */
export class ScheduledJob<T> {
  private job: Cron | undefined;
  private running: Promise<T | undefined> = Promise.resolve(undefined);
  private readonly clock: () => Date;

  constructor(private readonly options: ScheduledJobOptions<T>) {
    this.clock = options.clock ?? (() => new Date());
  }

  /** Starts the timer (a second call does nothing); with `runAtStart`, also runs once now. */
  start(): void {
    if (this.job) return;
    const { cron, timezone, name } = this.options;
    this.job = new Cron(cron, { protect: true, name, ...(timezone ? { timezone } : {}) }, async () => {
      await this.run();
    });
    if (this.options.runAtStart) void this.run();
  }

  /** One run at `now`, after any run in progress; undefined when it failed. */
  run(now: Date = this.clock()): Promise<T | undefined> {
    this.running = this.running.then(async () => {
      try {
        return await this.options.work(now);
      } catch (error) {
        this.options.logger.error({ err: error }, this.options.failureMessage);
        return undefined;
      }
    });
    return this.running;
  }

  /** Stops the timer and waits for the run in progress. */
  async stop(): Promise<void> {
    this.job?.stop();
    this.job = undefined;
    await this.running;
  }
}
