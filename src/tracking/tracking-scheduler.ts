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
export class TrackingScheduler extends ScheduledJob<PassReport | undefined> {
  constructor(deps: TrackingSchedulerDeps, clock: () => Date = () => new Date()) {
    super({
      cron: deps.cron,
      timezone: 'UTC',
      name: `tracking-${deps.instanceId}`,
      work: (now) => claimAndPass(deps, now),
      logger: deps.logger,
      failureMessage: 'tracking pass failed',
      clock,
    });
  }

  /** The day's pass unless another process claimed it; undefined when it did (or the pass failed). */
  runDaily(now?: Date): Promise<PassReport | undefined> {
    return this.run(now);
  }
}

async function claimAndPass(deps: TrackingSchedulerDeps, now: Date): Promise<PassReport | undefined> {
  const day = now.toISOString().slice(0, 10);
  const mine = await deps.store.claim(
    trackingKeys.passClaim(day),
    { by: deps.instanceId, at: now.toISOString() },
    CLAIM_TTL_MS,
  );
  if (!mine) return undefined;
  return runTrackingPass({
    library: deps.library(),
    store: deps.store,
    sources: deps.sources,
    now,
    logger: deps.logger,
  });
}
