import { createHash, randomUUID } from 'node:crypto';
import { z } from 'zod';
import type { Config } from '../config.js';
import { normalizeName } from '../kb/normalize.js';
import type { Knowledge } from '../knowledge.js';
import type { AnswerModel, TokenUsage } from '../llm/types.js';
import type { SearchFilters } from '../search/types.js';
import { StoreUnavailableError } from '../store/errors.js';
import type { Store } from '../store/types.js';
import { answerQuestion } from './answer-question.js';
import { AnswerResult } from './types.js';

/** The part of a pino logger /ask uses, so tests can pass a recorder. */
export interface AskLogger {
  info(fields: object, message: string): void;
  warn(fields: object, message: string): void;
}

export type AskSettings = Config['ask'];

export interface AnswererDeps {
  /** Read per question: a knowledge reload swaps library and index together. */
  knowledge: () => Knowledge;
  store: Store;
  clock: () => Date;
  model?: AnswerModel | undefined;
  logger?: AskLogger | undefined;
  settings: AskSettings;
  /** Told of every call to the model: its outcome and the tokens it reported (src/health counts them). */
  onModelCall?: ((outcome: string, tokens: { prompt: number; completion: number }) => void) | undefined;
}

export interface AskRequest {
  question: string;
  /** Where it was asked, when that says what it is about: a Discord thread's title. */
  context?: string | undefined;
  filters?: SearchFilters | undefined;
  /** Discord ids; absent (CLI, console) means no rate limit applies. */
  userId?: string | undefined;
  guildId?: string | undefined;
  signal?: AbortSignal | undefined;
  /** The caller already counted this question against the limits with `admit` (the Discord command does, before deferring). */
  admitted?: boolean | undefined;
}

export interface RateLimited {
  ok: false;
  reason: 'rate-limited';
  scope: 'user' | 'server';
  /** When the member may ask again. */
  retryAt: Date;
}

export type AskOutcome =
  | {
      ok: true;
      /** Identifies this answer for feedback; a cache hit carries the id of the answer it repeats. */
      answerId: string;
      result: AnswerResult;
      cached: boolean;
      usage: TokenUsage;
      /** The knowledge base version that answered (for the reply's footer). */
      version: string;
    }
  | RateLimited;

const CachedAnswer = z.object({ answerId: z.string(), result: AnswerResult });
const AnswerRecord = z.object({
  answerId: z.string(),
  question: z.string(),
  answer: z.string(),
  covered: z.boolean(),
  mode: z.enum(['extractive', 'model']),
  at: z.string(),
});
export type AnswerRecord = z.infer<typeof AnswerRecord>;
const FeedbackRecord = AnswerRecord.extend({
  helpful: z.boolean(),
  userId: z.string(),
  votedAt: z.string(),
  /** Why the member found it not helpful, when they said (the "Not helpful" modal). */
  reason: z.string().optional(),
});
const UnansweredRecord = z.object({ question: z.string(), at: z.string() });
export type UnansweredQuestion = z.infer<typeof UnansweredRecord>;
const Totals = z.object({
  answers: z.number(),
  cacheHits: z.number(),
  modelCalls: z.number(),
  promptTokens: z.number(),
  completionTokens: z.number(),
  totalTokens: z.number(),
});
export type AskTotals = z.infer<typeof Totals>;

const ANSWER_RECORD_TTL_MS = 90 * 24 * 60 * 60_000;
const TOTALS_KEY = 'ask:totals';

export interface NotHelpfulAnswer {
  answerId: string;
  question: string;
  answer: string;
  votes: number;
  lastVotedAt: string;
  /** The reasons members gave, most recent first. */
  reasons: string[];
}

export interface Answerer {
  /** The model's name, or undefined when answers are extractive only. */
  readonly model: string | undefined;
  /**
   * Counts a question against the member's and the server's limits; the refusal, if over. Cheap (store
   * counters only), so a command can call it before deferring and refuse privately.
   */
  admit(request: Pick<AskRequest, 'userId' | 'guildId'>): Promise<RateLimited | undefined>;
  /** The answer (cached or new). Counts against the limits first unless `admitted`; a cache hit is free. */
  ask(request: AskRequest): Promise<AskOutcome>;
  /** One vote per member per answer; voting again replaces the vote. False when the answer is unknown or expired. */
  recordFeedback(vote: {
    answerId: string;
    userId: string;
    guildId?: string | undefined;
    helpful: boolean;
  }): Promise<boolean>;
  /** Adds the member's reason to their not-helpful vote; false when there is no such vote. */
  recordReason(vote: {
    answerId: string;
    userId: string;
    guildId?: string | undefined;
    reason: string;
  }): Promise<boolean>;
  /** Questions the knowledge base could not answer in a server, most recent first (90 days). */
  listUnanswered(guildId: string | undefined): Promise<UnansweredQuestion[]>;
  /** Answers members marked not helpful, most recent first: what curators should fix. */
  listNotHelpful(guildId: string | undefined, limit?: number): Promise<NotHelpfulAnswer[]>;
  /** Answers given, cache hits, model calls and tokens, since the store began (for /kb stats). */
  totals(): Promise<AskTotals>;
}

/**
 * /ask with its effects: rate limits, the answer cache, token accounting, and the records feedback
 * refers to. The answering itself is answerQuestion (pure apart from the model call).
 */
export function createAnswerer(deps: AnswererDeps): Answerer {
  const { store, settings } = deps;
  const modelName = deps.model?.name;

  async function ask(request: AskRequest): Promise<AskOutcome> {
    const { library } = deps.knowledge();
    const key = cacheKey(request, library.version, modelName);
    // While the store is down a lookup fails: that is a cache miss, not a reason to leave a member unanswered.
    const hit = await store.get(key, CachedAnswer).catch(unlessUnavailable(undefined));
    if (hit) {
      await addToTotals({ answers: 1, cacheHits: 1 });
      if (!hit.result.covered) await recordUnanswered(request);
      deps.logger?.info({ answerId: hit.answerId, cached: true }, 'ask: answered from cache');
      return {
        ok: true,
        answerId: hit.answerId,
        result: hit.result,
        cached: true,
        usage: { prompt: 0, completion: 0, total: 0 },
        version: library.version,
      };
    }
    const limited = request.admitted ? undefined : await admit(request);
    if (limited) return limited;
    const outcome = await answerFresh(request, key);
    if (!outcome.result.covered) await recordUnanswered(request);
    return outcome;
  }

  /** Kept per asking, cache hits included, so curators see how often the base could not answer. */
  async function recordUnanswered(request: AskRequest) {
    const at = deps.clock().toISOString();
    await store.set(
      `ask:unanswered:${request.guildId ?? 'dm'}:${at}:${randomUUID().slice(0, 8)}`,
      { question: request.question, at },
      ANSWER_RECORD_TTL_MS,
    );
  }

  async function answerFresh(request: AskRequest, key: string): Promise<AskOutcome & { ok: true }> {
    const { library, search } = deps.knowledge();

    const outcome = await answerQuestion(
      { question: request.question, context: request.context, filters: request.filters },
      {
        search,
        model: deps.model,
        signal: request.signal,
        retrieval: { maxChars: settings.maxPromptChars },
        places: library.places,
      },
    );
    const answerId = randomUUID().replaceAll('-', '').slice(0, 16);
    const { result, usage } = outcome;
    const at = deps.clock().toISOString();
    await store.set(
      `ask:answer:${answerId}`,
      {
        answerId,
        question: request.question,
        answer: result.answer,
        covered: result.covered,
        mode: result.mode,
        at,
      },
      ANSWER_RECORD_TTL_MS,
    );
    // A fallback after a model fault is not cached: the next member should get the model's answer.
    const modelFault = outcome.model !== undefined && !['answer', 'refusal'].includes(outcome.model);
    if (!modelFault) await store.set(key, { answerId, result }, settings.cacheTtlMs);
    if (outcome.model !== undefined)
      deps.onModelCall?.(outcome.model, { prompt: usage.prompt, completion: usage.completion });
    await addToTotals({
      answers: 1,
      modelCalls: outcome.model === undefined ? 0 : 1,
      promptTokens: usage.prompt,
      completionTokens: usage.completion,
      totalTokens: usage.total,
    });
    deps.logger?.info(
      {
        answerId,
        cached: false,
        covered: result.covered,
        mode: result.mode,
        model: modelName,
        modelOutcome: outcome.model,
        dropped: outcome.dropped,
        tokens: usage,
      },
      'ask: answered',
    );
    if (modelFault)
      deps.logger?.warn(
        { answerId, modelOutcome: outcome.model },
        'ask: model unavailable, answered extractively',
      );
    return { ok: true, answerId, result, cached: false, usage, version: library.version };
  }

  /** Fixed windows: the counter key names its window, so the retry time is the window's end. */
  async function admit(request: Pick<AskRequest, 'userId' | 'guildId'>): Promise<RateLimited | undefined> {
    const now = deps.clock().getTime();
    const checks = [
      {
        scope: 'user' as const,
        id: request.userId,
        limit: settings.userLimit,
        window: settings.userWindowMs,
      },
      {
        scope: 'server' as const,
        id: request.guildId,
        limit: settings.guildLimit,
        window: settings.guildWindowMs,
      },
    ];
    for (const c of checks) {
      if (!c.id) continue;
      const slot = Math.floor(now / c.window);
      const count = await store.increment(`ask:rate:${c.scope}:${c.id}:${slot}`, c.window);
      if (count > c.limit)
        return {
          ok: false,
          reason: 'rate-limited',
          scope: c.scope,
          retryAt: new Date((slot + 1) * c.window),
        };
    }
    return undefined;
  }

  /**
   * Read-modify-write, not atomic: two processes answering in the same instant can lose one increment.
   * Acceptable for a cost gauge; the Store contract's atomic increment only adds one.
   */
  async function addToTotals(add: Partial<AskTotals>) {
    const current = await totals();
    const next = { ...current };
    for (const [k, v] of Object.entries(add) as [keyof AskTotals, number][]) next[k] += v;
    await store.set(TOTALS_KEY, next);
  }

  async function totals(): Promise<AskTotals> {
    return (
      (await store.get(TOTALS_KEY, Totals).catch(unlessUnavailable(undefined))) ?? {
        answers: 0,
        cacheHits: 0,
        modelCalls: 0,
        promptTokens: 0,
        completionTokens: 0,
        totalTokens: 0,
      }
    );
  }

  async function recordFeedback(vote: {
    answerId: string;
    userId: string;
    guildId?: string | undefined;
    helpful: boolean;
  }) {
    const record = await store.get(`ask:answer:${vote.answerId}`, AnswerRecord);
    if (!record) return false;
    await store.set(
      `ask:feedback:${vote.guildId ?? 'dm'}:${vote.answerId}:${vote.userId}`,
      { ...record, helpful: vote.helpful, userId: vote.userId, votedAt: deps.clock().toISOString() },
      ANSWER_RECORD_TTL_MS,
    );
    return true;
  }

  async function listNotHelpful(guildId: string | undefined, limit = 10): Promise<NotHelpfulAnswer[]> {
    const byAnswer = new Map<string, NotHelpfulAnswer>();
    for (const { value } of await store.list(`ask:feedback:${guildId ?? 'dm'}:`)) {
      const parsed = FeedbackRecord.safeParse(value);
      if (!parsed.success || parsed.data.helpful) continue;
      const f = parsed.data;
      const entry = byAnswer.get(f.answerId) ?? {
        answerId: f.answerId,
        question: f.question,
        answer: f.answer,
        votes: 0,
        lastVotedAt: f.votedAt,
        reasons: [],
      };
      entry.votes++;
      if (f.reason) entry.reasons.push(f.reason);
      if (f.votedAt > entry.lastVotedAt) entry.lastVotedAt = f.votedAt;
      byAnswer.set(f.answerId, entry);
    }
    return [...byAnswer.values()].sort((a, b) => b.lastVotedAt.localeCompare(a.lastVotedAt)).slice(0, limit);
  }

  async function recordReason(vote: {
    answerId: string;
    userId: string;
    guildId?: string | undefined;
    reason: string;
  }) {
    const key = `ask:feedback:${vote.guildId ?? 'dm'}:${vote.answerId}:${vote.userId}`;
    const record = await store.get(key, FeedbackRecord);
    if (!record || record.helpful) return false;
    await store.set(key, { ...record, reason: vote.reason.slice(0, 500) }, ANSWER_RECORD_TTL_MS);
    return true;
  }

  async function listUnanswered(guildId: string | undefined): Promise<UnansweredQuestion[]> {
    const out: UnansweredQuestion[] = [];
    for (const { value } of await store.list(`ask:unanswered:${guildId ?? 'dm'}:`)) {
      const parsed = UnansweredRecord.safeParse(value);
      if (parsed.success) out.push(parsed.data);
    }
    return out.sort((a, b) => b.at.localeCompare(a.at));
  }

  return {
    model: modelName,
    admit,
    ask,
    recordFeedback,
    recordReason,
    listUnanswered,
    listNotHelpful,
    totals,
  };
}

/** A catch handler: `fallback` when the store is unavailable; any other error goes on. */
function unlessUnavailable<T>(fallback: T) {
  return (error: unknown): T => {
    if (error instanceof StoreUnavailableError) return fallback;
    throw error;
  };
}

/** Same question (case, punctuation and spacing aside), same filters, same knowledge, same model: same answer. */
export function cacheKey(
  request: Pick<AskRequest, 'question' | 'filters' | 'context'>,
  kbVersion: string,
  model: string | undefined,
) {
  const filters = Object.entries(request.filters ?? {})
    .filter(([, v]) => v !== undefined)
    .sort(([a], [b]) => a.localeCompare(b));
  const material = JSON.stringify([
    normalizeName(request.question),
    filters,
    ...(request.context ? [normalizeName(request.context)] : []),
    kbVersion,
    model ?? 'extractive',
  ]);
  return `ask:cache:${createHash('sha256').update(material).digest('hex').slice(0, 32)}`;
}
