import { Cron } from 'croner';
import type { Library } from '../kb/library.js';
import type { Store } from '../store/types.js';
import {
  type PassReport,
  runTrackingPass,
  type TrackingLogger,
  type TrackingSources,
} from './run-tracking-pass.js';
import { trackingKeys } from './tracking-records.js';

const CLAIM_TTL_MS = 2 * 24 * 3_600_000;

/**
 * The bot's daily tracking pass, on the same pattern as the digest scheduler: one croner job (UTC), and a
 * claim in the shared store per day, so however many processes or shards run, one pass is made a day.
 * A pass in progress is awaited on stop.
 */
export class TrackingScheduler {
  private job: Cron | undefined;
  private running: Promise<PassReport | undefined> = Promise.resolve(undefined);

  constructor(
    private readonly deps: {
      cron: string;
      library: () => Library;
      store: Store;
      sources: TrackingSources;
      logger: TrackingLogger & { error(obj: object, msg: string): void };
      instanceId: string;
    },
    private readonly clock: () => Date = () => new Date(),
  ) {}

  start(): void {
    if (this.job) return;
    this.job = new Cron(
      this.deps.cron,
      { protect: true, timezone: 'UTC', name: `tracking-${this.deps.instanceId}` },
      async () => {
        await this.runDaily();
      },
    );
  }

  /** The day's pass unless another process claimed it; undefined when it did (or the pass failed). */
  runDaily(now: Date = this.clock()): Promise<PassReport | undefined> {
    this.running = this.running.then(async () => {
      try {
        const day = now.toISOString().slice(0, 10);
        const mine = await this.deps.store.claim(
          trackingKeys.passClaim(day),
          { by: this.deps.instanceId, at: now.toISOString() },
          CLAIM_TTL_MS,
        );
        if (!mine) return undefined;
        return await runTrackingPass({
          library: this.deps.library(),
          store: this.deps.store,
          sources: this.deps.sources,
          now,
          logger: this.deps.logger,
        });
      } catch (error) {
        this.deps.logger.error({ err: error }, 'tracking pass failed');
        return undefined;
      }
    });
    return this.running;
  }

  async stop(): Promise<void> {
    this.job?.stop();
    this.job = undefined;
    await this.running;
  }
}
