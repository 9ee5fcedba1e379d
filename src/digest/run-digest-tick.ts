import type { Library } from '../kb/library.js';
import type { AnswerModel } from '../llm/types.js';
import { StoreUnavailableError } from '../store/errors.js';
import type { Store } from '../store/types.js';
import type { Policy } from '../freshness/policy.js';
import type { PictureCache } from '../pictures/picture-cache.js';
import { composeDigest } from './compose-digest.js';
import { attachDigestMap } from './digest-map.js';
import { DeliveryError, type MessagePoster } from './post-message.js';
import {
  ClaimValue,
  DigestState,
  keys,
  type LastResult,
  Subscription,
  subscriptionId,
} from './subscription.js';
import { addDigestSummary } from './summarize-digest.js';
import { addDays, localDate, zonedInstant } from './zoned-time.js';

/** pino's calling convention, so the bot's logger fits; tests pass a recording one. */
export interface DigestLogger {
  info(details: object, message: string): void;
  warn(details: object, message: string): void;
  error(details: object, message: string): void;
}

export interface DigestDeps {
  store: Store;
  /** The current knowledge base (read per digest: a reload is picked up at the next one). */
  library: () => Library;
  /** The review policy (knowledge/policy.yml) for curators' digests; the defaults when absent. */
  policy?: (() => Policy | undefined) | undefined;
  poster: MessagePoster;
  logger: DigestLogger;
  /** Names this process in claims, for the logs. */
  instanceId: string;
  /** A digest claimed but not finished this long ago is taken to have died with its process. */
  claimTimeoutMs?: number;
  /** How far back a missed digest is still sent at start-up. */
  catchUpMs?: number;
  /** Digests delivered at once within one tick. */
  concurrency?: number;
  /** The model /ask uses, when one is configured: digests then open with a short cited summary. */
  model?: AnswerModel | undefined;
  /** The most a digest waits for its summary (OPENAI_TIMEOUT_MS); after that it goes out without one. */
  summaryTimeoutMs?: number | undefined;
  /** Where rendered maps are kept (shared with /map); a digest asking for the map draws it through it. */
  pictures?: PictureCache | undefined;
  /** The most a digest waits for its map (default 30 s); after that it goes out without one. */
  mapTimeoutMs?: number | undefined;
  /** Told how each delivery ended and how many messages it posted (/metrics counts them). */
  onOutcome?: ((outcome: Outcome, messages: number) => void) | undefined;
}

export const DEFAULTS = { claimTimeoutMs: 10 * 60_000, catchUpMs: 6 * 3_600_000, concurrency: 8 };
/** Claims and attempt counters outlive the local day they are for, then go. */
const CLAIM_TTL_MS = 3 * 86_400_000;
const MAX_BACKOFF_MS = 60 * 60_000;

export type Outcome =
  'sent' | 'nothing-to-say' | 'skipped' | 'retrying' | 'failed' | 'broken' | 'busy' | 'done-elsewhere';

export interface TickReport {
  at: string;
  subscriptions: number;
  /** One entry per digest this pass acted on: `guild:channel@date outcome`. */
  results: { id: string; date: string; outcome: Outcome; messages: number; detail?: string }[];
  /** Set when the store failed: the pass stopped and digests are paused until it answers again. */
  paused?: string;
}

/**
 * One scheduler pass as of `now`: every digest due (its local time passed today or yesterday, within the
 * catch-up window or a same-day retry) is claimed, built and posted. Safe to run in any number of processes
 * at once: the store's atomic claims decide who posts.
 */
export async function runDigestTick(deps: DigestDeps, now: Date): Promise<TickReport> {
  const report: TickReport = { at: now.toISOString(), subscriptions: 0, results: [] };
  try {
    const [subs, states] = await Promise.all([loadSubscriptions(deps), deps.store.list('digest:state:')]);
    report.subscriptions = subs.length;
    const stateById = new Map<string, DigestState>();
    for (const { key, value } of states) {
      const parsed = DigestState.safeParse(value);
      if (parsed.success) stateById.set(key.slice('digest:state:'.length), parsed.data);
    }
    const work: (() => Promise<void>)[] = [];
    for (const sub of subs) {
      const id = subscriptionId(sub);
      const due = dueDigest(sub, stateById.get(id) ?? {}, now, deps.catchUpMs ?? DEFAULTS.catchUpMs);
      if (!due) continue;
      work.push(async () => {
        try {
          const result = await deliverDigest(deps, sub, due, now);
          if (result) {
            report.results.push({ id, date: due.date, ...result });
            deps.onOutcome?.(result.outcome, result.messages);
          }
        } catch (error) {
          if (error instanceof StoreUnavailableError) throw error;
          // One channel's bug must not hold up the others; its claim is retried once after the timeout.
          deps.logger.error(
            { err: error, guildId: sub.guildId, channelId: sub.channelId, date: due.date },
            'digest failed',
          );
          report.results.push({
            id,
            date: due.date,
            outcome: 'failed',
            messages: 0,
            detail: String((error as Error)?.message ?? error),
          });
          deps.onOutcome?.('failed', 0);
        }
      });
    }
    await runLimited(work, deps.concurrency ?? DEFAULTS.concurrency);
  } catch (error) {
    if (!(error instanceof StoreUnavailableError)) throw error;
    report.paused = error.message;
    deps.logger.warn(
      { err: error },
      'digests paused: the store is unavailable; lookups and /ask are not affected',
    );
  }
  return report;
}

export interface DueDigest {
  date: string;
  /** The attempt number for the day: 0, then one more after each transient failure. */
  round: number;
  /** Too old to send: record it as skipped, once. */
  skip?: string;
}

/** The digest `sub` owes as of `now`, if any. Pure: the store is consulted only to claim it. */
export function dueDigest(
  sub: Subscription,
  state: DigestState,
  now: Date,
  catchUpMs: number,
): DueDigest | undefined {
  if (state.broken) return undefined;
  const today = localDate(now, sub.timezone);
  const createdAt = Date.parse(sub.createdAt);
  // Yesterday too: at 00:10 a digest due at 23:55 may still be owed.
  for (const date of [today, addDays(today, -1)]) {
    if (state.lastResult && state.lastResult.date >= date && state.lastResult.outcome !== 'retrying')
      return undefined;
    const dueAt = zonedInstant(date, sub.time, sub.timezone).getTime();
    if (dueAt > now.getTime() || dueAt < createdAt) continue;
    const retry = state.retry?.date === date ? state.retry : undefined;
    if (retry) {
      // Transient failures are retried until the channel's local day ends.
      if (date !== today || Date.parse(retry.notBefore) > now.getTime()) return undefined;
      return { date, round: retry.attempts };
    }
    if (now.getTime() - dueAt > catchUpMs) {
      const late = Math.round((now.getTime() - dueAt) / 60_000);
      return { date, round: 0, skip: `missed by ${late} minutes, more than the catch-up window` };
    }
    return { date, round: 0 };
  }
  return undefined;
}

async function deliverDigest(
  deps: DigestDeps,
  sub: Subscription,
  due: DueDigest,
  now: Date,
): Promise<{ outcome: Outcome; messages: number; detail?: string } | undefined> {
  const { store, logger } = deps;
  const id = subscriptionId(sub);
  // Keyed by the subscription's creation too: a channel subscribed again (after a 403) starts fresh claims.
  const claimKey = `${keys.claim(id, due.date)}:${Date.parse(sub.createdAt).toString(36)}:${due.round}`;
  const mine: ClaimValue = { state: 'claimed', by: deps.instanceId, at: now.toISOString(), sentParts: 0 };
  const log = { guildId: sub.guildId, channelId: sub.channelId, date: due.date, round: due.round };

  let heldKey = claimKey;
  let resumeFrom = 0;
  if (due.skip) {
    if (!(await store.claim(claimKey, { ...mine, state: 'skipped' }, CLAIM_TTL_MS))) return undefined;
    logger.warn({ ...log, reason: due.skip }, 'digest skipped');
    await recordResult(store, id, (s) => ({
      ...s,
      lastResult: result(due.date, now, 'skipped', 0, due.skip),
    }));
    return { outcome: 'skipped', messages: 0, detail: due.skip };
  }
  if (!(await store.claim(claimKey, mine, CLAIM_TTL_MS))) {
    const held = await store.get(claimKey, ClaimValue);
    if (held?.state !== 'claimed') return { outcome: 'done-elsewhere', messages: 0 };
    const timeoutMs = deps.claimTimeoutMs ?? DEFAULTS.claimTimeoutMs;
    if (now.getTime() - Date.parse(held.at) < timeoutMs) return { outcome: 'busy', messages: 0 };
    // The holder stopped mid-send (a crash): one retry, claimed like the first attempt.
    heldKey = `${claimKey}:retry`;
    if (!(await store.claim(heldKey, mine, CLAIM_TTL_MS))) {
      const retry = await store.get(heldKey, ClaimValue);
      if (retry?.state !== 'claimed' || now.getTime() - Date.parse(retry.at) < timeoutMs)
        return { outcome: retry?.state === 'claimed' ? 'busy' : 'done-elsewhere', messages: 0 };
      const detail = 'gave up: the digest stopped mid-send twice';
      await store.set(heldKey, { ...retry, state: 'failed' }, CLAIM_TTL_MS);
      await recordResult(store, id, (s) => ({
        ...s,
        lastResult: result(due.date, now, 'failed', 0, detail),
      }));
      logger.error(log, detail);
      return { outcome: 'failed', messages: 0, detail };
    }
    resumeFrom = held.sentParts;
    logger.warn(
      { ...log, crashedHolder: held.by, sentParts: held.sentParts },
      'digest retried after a stalled claim',
    );
  }

  // The claim is ours: read the freshest state (another process may have just finished yesterday's).
  const state = (await store.get(keys.state(id), DigestState)) ?? {};
  const since = state.lastDigest
    ? { at: new Date(state.lastDigest.at), announced: state.lastDigest.announced }
    : undefined;
  const built = await composeDigest(deps, sub, since, now);
  // A resumed send has already posted the first message, where the summary goes: no need to ask again.
  // Curators' digests list review work, not entries to summarise.
  const summarized =
    resumeFrom > 0 || sub.audience === 'curators'
      ? built
      : await addDigestSummary(built, { model: deps.model, timeoutMs: deps.summaryTimeoutMs, logger }, log);
  // The map goes last, after the text: drawn unless a resumed send had already posted it.
  const { digest, note } =
    resumeFrom > built.messages.length
      ? { digest: summarized, note: undefined }
      : await attachDigestMap(deps, sub, summarized, log);
  let detail = note;
  let refused = 0;
  const claim = { ...mine, sentParts: resumeFrom };
  try {
    for (let i = resumeFrom; i < digest.messages.length; i++) {
      const message = digest.messages[i];
      if (!message) continue;
      try {
        await deps.poster.postMessage(sub.channelId, message, nonce(heldKey, i));
      } catch (error) {
        // Discord refusing the map (no Attach Files permission, a file it will not take) is the map's
        // failure, not the digest's: the text is out, the subscription stays healthy.
        if (!(error instanceof DeliveryError && message.kind === 'map' && error.fault === 'forbidden'))
          throw error;
        detail = `map not attached: ${error.message}`;
        refused++;
        logger.warn({ ...log, reason: error.message }, 'digest map refused by Discord; the text was posted');
      }
      claim.sentParts = i + 1;
      claim.at = now.toISOString();
      await store.set(heldKey, claim, CLAIM_TTL_MS);
    }
  } catch (error) {
    if (!(error instanceof DeliveryError)) throw error;
    return handleFault(deps, sub, due, now, heldKey, claim, error);
  }

  const outcome: Outcome = digest.messages.length > 0 ? 'sent' : 'nothing-to-say';
  const posted = digest.messages.length - refused;
  await store.set(heldKey, { ...claim, state: 'sent' }, CLAIM_TTL_MS);
  await recordResult(store, id, (s) => {
    const { retry: _retry, ...rest } = s;
    return {
      ...rest,
      lastDigest: { at: now.toISOString(), announced: digest.announced },
      lastResult: result(due.date, now, outcome, posted, detail),
    };
  });
  logger.info({ ...log, messages: posted }, outcome === 'sent' ? 'digest sent' : 'digest: nothing to say');
  return { outcome, messages: posted, ...(detail ? { detail } : {}) };
}

async function handleFault(
  deps: DigestDeps,
  sub: Subscription,
  due: DueDigest,
  now: Date,
  heldKey: string,
  claim: ClaimValue,
  error: DeliveryError,
): Promise<{ outcome: Outcome; messages: number; detail: string }> {
  const { store, logger } = deps;
  const id = subscriptionId(sub);
  const log = { guildId: sub.guildId, channelId: sub.channelId, date: due.date, status: error.status };
  await store.set(heldKey, { ...claim, state: 'failed' }, CLAIM_TTL_MS);
  if (error.fault !== 'transient') {
    await recordResult(store, id, (s) => ({
      ...s,
      broken: { reason: error.message, at: now.toISOString() },
      lastResult: result(due.date, now, 'broken', claim.sentParts, error.message),
    }));
    logger.warn(
      { ...log, reason: error.message },
      'digest subscription broken; no more attempts until re-subscribed',
    );
    return { outcome: 'broken', messages: claim.sentParts, detail: error.message };
  }
  const attempts = due.round + 1;
  const backoff = Math.max(error.retryAfterMs ?? 0, Math.min(60_000 * 2 ** due.round, MAX_BACKOFF_MS));
  const notBefore = new Date(now.getTime() + backoff);
  if (localDate(notBefore, sub.timezone) !== due.date) {
    const detail = `gave up for the day after ${attempts} attempts: ${error.message}`;
    await recordResult(store, id, (s) => {
      const { retry: _retry, ...rest } = s;
      return { ...rest, lastResult: result(due.date, now, 'failed', claim.sentParts, detail) };
    });
    logger.error(log, `digest ${detail}`);
    return { outcome: 'failed', messages: claim.sentParts, detail };
  }
  const detail = `${error.message}; next attempt after ${notBefore.toISOString()}`;
  await recordResult(store, id, (s) => ({
    ...s,
    retry: { date: due.date, attempts, notBefore: notBefore.toISOString() },
    lastResult: result(due.date, now, 'retrying', claim.sentParts, detail),
  }));
  logger.warn({ ...log, attempts, notBefore }, 'digest delivery failed; will retry');
  return { outcome: 'retrying', messages: claim.sentParts, detail };
}

function result(
  date: string,
  now: Date,
  outcome: LastResult['outcome'],
  messages: number,
  detail?: string,
): LastResult {
  return { date, at: now.toISOString(), outcome, messages, ...(detail ? { detail } : {}) };
}

/** Read-modify-write of a subscription's state; only the process holding the day's claim writes it. */
async function recordResult(store: Store, id: string, update: (s: DigestState) => DigestState) {
  const current = (await store.get(keys.state(id), DigestState)) ?? {};
  await store.set(keys.state(id), update(current));
}

export async function loadSubscriptions(deps: Pick<DigestDeps, 'store' | 'logger'>, guildId?: string) {
  const subs: Subscription[] = [];
  for (const { key, value } of await deps.store.list(keys.subscriptions(guildId))) {
    const parsed = Subscription.safeParse(value);
    if (parsed.success) subs.push(parsed.data);
    else deps.logger.warn({ key }, 'digest subscription unreadable; skipped');
  }
  return subs;
}

/** Discord drops a second message with the same nonce sent within minutes (≤ 25 characters). */
function nonce(claimKey: string, part: number): string {
  let h = 0x811c9dc5;
  for (const ch of claimKey) h = Math.imul(h ^ ch.charCodeAt(0), 0x01000193) >>> 0;
  return `d${h.toString(36)}${part}`;
}

async function runLimited(tasks: (() => Promise<void>)[], limit: number) {
  let next = 0;
  const worker = async () => {
    while (next < tasks.length) {
      const task = tasks[next++];
      if (task) await task();
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, tasks.length) }, worker));
}
