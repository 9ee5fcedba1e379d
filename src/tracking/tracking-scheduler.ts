import type { Library } from '../kb/library.js';
import { ScheduledJob } from '../schedule/scheduled-job.js';
import type { Store } from '../store/types.js';
import {
  type PassReport,
  runTrackingPass,
  type TrackingLogger,
  type TrackingSources,
} from './run-tracking-pass.js';
import { trackingKeys } from './tracking-records.js';

const CLAIM_TTL_MS = 2 * 24 * 3_600_000;

export interface TrackingSchedulerDeps {
  cron: string;
  library: () => Library;
  store: Store;
  sources: TrackingSources;
  logger: TrackingLogger & { error(obj: object, msg: string): void };
  instanceId: string;
}

/**
 * The bot's daily tracking pass, on the same pattern as the digest scheduler: one croner job (UTC), and a
 * claim in the shared store per day, so however many processes or shards run, one pass is made a day.
 * A pass in progress is awaited on stop.
 */
export class TrackingScheduler {
  private readonly job: ScheduledJob<PassReport | undefined>;

  constructor(
    private readonly deps: TrackingSchedulerDeps,
    clock: () => Date = () => new Date(),
  ) {
    this.job = new ScheduledJob({
      cron: deps.cron,
      timezone: 'UTC',
      name: `tracking-${deps.instanceId}`,
      work: (now) => this.claimAndPass(now),
      logger: deps.logger,
      failureMessage: 'tracking pass failed',
      clock,
    });
  }

  start(): void {
    this.job.start();
  }

  /** The day's pass unless another process claimed it; undefined when it did (or the pass failed). */
  runDaily(now?: Date): Promise<PassReport | undefined> {
    return this.job.run(now);
  }

  stop(): Promise<void> {
    return this.job.stop();
  }

  private async claimAndPass(now: Date): Promise<PassReport | undefined> {
    const day = now.toISOString().slice(0, 10);
    const mine = await this.deps.store.claim(
      trackingKeys.passClaim(day),
      { by: this.deps.instanceId, at: now.toISOString() },
      CLAIM_TTL_MS,
    );
    if (!mine) return undefined;
    return runTrackingPass({
      library: this.deps.library(),
      store: this.deps.store,
      sources: this.deps.sources,
      now,
      logger: this.deps.logger,
    });
  }
}
