import { z } from 'zod';
import type { Digest } from './build-digest.js';
import { composeDigest } from './compose-digest.js';
import { attachDigestMap } from './digest-map.js';
import { DigestScheduler } from './digest-scheduler.js';
import { DeliveryError } from './post-message.js';
import { type DigestDeps, loadSubscriptions } from './run-digest-tick.js';
import { addDigestSummary } from './summarize-digest.js';
import { DigestState, keys, Subscription, type SubscriptionInput, subscriptionId } from './subscription.js';
import { addDays, localDate, zonedInstant } from './zoned-time.js';

/** A subscription request that does not validate; the message names each bad field. */
export class SubscriptionError extends Error {
  override name = 'SubscriptionError';
}

export interface SubscriptionStatus {
  subscription: Subscription;
  state: DigestState;
  /** Undefined while the subscription is broken. */
  nextRun: Date | undefined;
}

/** What `/digest` needs, on `ctx.digests`: subscriptions, preview, send-now, and the scheduler. */
export class DigestService {
  readonly scheduler: DigestScheduler;

  constructor(
    private readonly deps: DigestDeps,
    private readonly clock: () => Date = () => new Date(),
  ) {
    this.scheduler = new DigestScheduler(deps, clock);
  }

  /** Creates or replaces the channel's subscription; a re-subscribe also clears a broken mark. */
  async subscribe(input: Omit<SubscriptionInput, 'createdAt'>): Promise<Subscription> {
    const parsed = Subscription.safeParse({ ...input, createdAt: this.clock().toISOString() });
    if (!parsed.success) throw new SubscriptionError(z.prettifyError(parsed.error));
    const sub = parsed.data;
    const places = sub.jurisdictions.length > 0 ? this.deps.library().places : undefined;
    const unknown = sub.jurisdictions.filter((code) => !places?.has(code));
    if (places && unknown.length > 0)
      throw new SubscriptionError(
        `unknown jurisdiction ${unknown.map((c) => JSON.stringify(c)).join(', ')}: pick from the list as you type (the places are listed in ${places.file})`,
      );
    await this.deps.store.set(keys.subscription(sub.guildId, sub.channelId), sub);
    const state = await this.state(subscriptionId(sub));
    if (state.broken || state.retry) {
      // A fresh start: a digest that failed today is owed again at the (possibly new) time.
      const { broken: _b, retry: _r, lastResult, ...rest } = state;
      const keep = lastResult && !['broken', 'retrying', 'failed'].includes(lastResult.outcome);
      await this.deps.store.set(keys.state(subscriptionId(sub)), keep ? { ...rest, lastResult } : rest);
    }
    return sub;
  }

  async unsubscribe(guildId: string, channelId: string): Promise<boolean> {
    const removed = await this.deps.store.delete(keys.subscription(guildId, channelId));
    await this.deps.store.delete(keys.state(`${guildId}:${channelId}`));
    return removed;
  }

  async get(guildId: string, channelId: string): Promise<Subscription | undefined> {
    return this.deps.store.get(keys.subscription(guildId, channelId), Subscription);
  }

  /** Every subscription in a server, with its next run and last result. */
  async list(guildId: string): Promise<SubscriptionStatus[]> {
    const now = this.clock();
    const subs = await loadSubscriptions(this.deps, guildId);
    return Promise.all(
      subs.map(async (subscription) => {
        const state = await this.state(subscriptionId(subscription));
        return { subscription, state, nextRun: nextRun(subscription, state, now) };
      }),
    );
  }

  /** Exactly what would be posted now, and why each left-out item was left out. */
  async preview(guildId: string, channelId: string): Promise<Digest | undefined> {
    const sub = await this.get(guildId, channelId);
    if (!sub) return undefined;
    const state = await this.state(subscriptionId(sub));
    const since = sinceOf(state);
    const digest = await this.withSummary(await composeDigest(this.deps, sub, since, this.clock()), sub);
    return (await attachDigestMap(this.deps, sub, digest, { guildId, channelId })).digest;
  }

  /**
   * Posts the digest now, outside the schedule (no claim: an admin asked for it). The next scheduled
   * digest then covers only what came after it.
   */
  async sendNow(guildId: string, channelId: string): Promise<Digest | undefined> {
    const sub = await this.get(guildId, channelId);
    if (!sub) return undefined;
    const id = subscriptionId(sub);
    const state = await this.state(id);
    const now = this.clock();
    const since = sinceOf(state);
    const summarized = await this.withSummary(
      await composeDigest(this.deps, { ...sub, nothingNewNote: true }, since, now),
      sub,
    );
    const { digest } = await attachDigestMap(this.deps, sub, summarized, { guildId, channelId });
    let posted = 0;
    try {
      for (const message of digest.messages) {
        try {
          await this.deps.poster.postMessage(sub.channelId, message);
          posted++;
        } catch (error) {
          // As in scheduled digests: Discord refusing the map leaves the text posted and the digest done.
          if (!(error instanceof DeliveryError && message.kind === 'map' && error.fault === 'forbidden'))
            throw error;
          this.deps.logger.warn(
            { guildId, channelId, reason: error.message },
            'digest map refused by Discord; the text was posted',
          );
        }
      }
    } catch (error) {
      this.deps.onOutcome?.('failed', posted);
      throw error;
    }
    this.deps.onOutcome?.(digest.messages.length > 0 ? 'sent' : 'nothing-to-say', posted);
    const fresh = await this.state(id);
    await this.deps.store.set(keys.state(id), {
      ...fresh,
      lastDigest: { at: now.toISOString(), announced: digest.announced },
    });
    return digest;
  }

  /** Whether digests open with a model-written summary (a model is configured). */
  get summarizes(): boolean {
    return this.deps.model !== undefined;
  }

  /** The built digest with its summary paragraph when a model is configured (never fails, never late). */
  private withSummary(digest: Digest, sub: Subscription): Promise<Digest> {
    if (sub.audience === 'curators') return Promise.resolve(digest);
    return addDigestSummary(
      digest,
      { model: this.deps.model, timeoutMs: this.deps.summaryTimeoutMs, logger: this.deps.logger },
      { guildId: sub.guildId, channelId: sub.channelId, date: digest.date },
    );
  }

  private async state(id: string): Promise<DigestState> {
    return (await this.deps.store.get(keys.state(id), DigestState)) ?? {};
  }
}

function sinceOf(state: DigestState) {
  return state.lastDigest
    ? { at: new Date(state.lastDigest.at), announced: state.lastDigest.announced }
    : undefined;
}

/** When the scheduler will next post for `sub`: its local time today if still ahead and not done, else tomorrow. */
export function nextRun(sub: Subscription, state: DigestState, now: Date): Date | undefined {
  if (state.broken) return undefined;
  if (state.retry && state.retry.date === localDate(now, sub.timezone))
    return new Date(state.retry.notBefore);
  const today = localDate(now, sub.timezone);
  for (const date of [today, addDays(today, 1), addDays(today, 2)]) {
    const at = zonedInstant(date, sub.time, sub.timezone);
    const done = state.lastResult !== undefined && state.lastResult.date >= date;
    if (at.getTime() > now.getTime() && !done) return at;
  }
  return undefined;
}
