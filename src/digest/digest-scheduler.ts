import { Cron } from 'croner';
import { type DigestDeps, runDigestTick, type TickReport } from './run-digest-tick.js';

/**
 * The in-process scheduler: one croner job at the start of every minute runs a digest pass, which finds
 * the subscriptions due in their own time zones. One pass per minute rather than one timer per
 * subscription, because subscriptions change in the shared store (other processes, `/digest subscribe`
 * on another shard) and a pass reads them fresh; the claims make concurrent passes safe. The first pass
 * runs at start-up and catches up digests missed within the last six hours.
 */
export class DigestScheduler {
  private job: Cron | undefined;
  private running: Promise<TickReport | undefined> = Promise.resolve(undefined);

  constructor(
    private readonly deps: DigestDeps,
    private readonly clock: () => Date = () => new Date(),
  ) {}

  start(): void {
    if (this.job) return;
    this.job = new Cron('* * * * *', { protect: true, name: `digests-${this.deps.instanceId}` }, async () => {
      await this.tick();
    });
    void this.tick();
  }

  /** One pass now; overlapping calls wait for the pass in progress instead of starting another. */
  tick(now: Date = this.clock()): Promise<TickReport | undefined> {
    this.running = this.running.then(() =>
      runDigestTick(this.deps, now).catch((error: unknown) => {
        this.deps.logger.error({ err: error }, 'digest pass failed');
        return undefined;
      }),
    );
    return this.running;
  }

  /** Stops the timer and waits for a pass in progress, so shutdown never cuts a digest in half. */
  async stop(): Promise<void> {
    this.job?.stop();
    this.job = undefined;
    await this.running;
  }
}
