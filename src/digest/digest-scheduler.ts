import { ScheduledJob } from '../schedule/scheduled-job.js';
import { type DigestDeps, runDigestTick, type TickReport } from './run-digest-tick.js';

/**
 * The in-process scheduler: one croner job at the start of every minute runs a digest pass, which finds
 * the subscriptions due in their own time zones. One pass per minute rather than one timer per
 * subscription, because subscriptions change in the shared store (other processes, `/digest subscribe`
 * on another shard) and a pass reads them fresh; the claims make concurrent passes safe. The first pass
 * runs at start-up and catches up digests missed within the last six hours. `stop` waits for a pass in
 * progress, so shutdown never cuts a digest in half.
 */
export class DigestScheduler extends ScheduledJob<TickReport> {
  constructor(deps: DigestDeps, clock: () => Date = () => new Date()) {
    super({
      cron: '* * * * *',
      name: `digests-${deps.instanceId}`,
      runAtStart: true,
      work: (now) => runDigestTick(deps, now),
      logger: deps.logger,
      failureMessage: 'digest pass failed',
      clock,
    });
  }

  /** One pass now; overlapping calls wait for the pass in progress instead of starting another. */
  tick(now?: Date): Promise<TickReport | undefined> {
    return this.run(now);
  }
}
