import type { Ctx } from '../commands/types.js';
import { createAnswerer } from './answer/answerer.js';
import type { Config } from './config.js';
import type { DigestService } from './digest/digest-service.js';
import type { Metrics } from './health/metrics.js';
import type { KnowledgeHolder } from './kb/knowledge-holder.js';
import { createOpenAiModel } from './llm/openai.js';
import type { AnswerModel } from './llm/types.js';
import type { Logger } from './log.js';
import { createPictureCache, type PictureCache } from './pictures/picture-cache.js';
import { createResilientStore } from './store/resilient-store.js';
import type { Store } from './store/types.js';
import { createPublisher } from './suggest/create-publisher.js';
import type { PageFetch } from './suggest/page-metadata.js';
import type { Publisher } from './suggest/publish.js';
import { createSuggestions } from './suggest/suggestion-service.js';
import { createInteractiveSources } from './tracking/create-tracking.js';

/**
 * Keys that may live in process memory while the store is down (src/store/resilient-store.ts): /search's
 * paging state, /ask's rate-limit counters, answer cache, answer records and deliveries (what
 * feedback refers to) and totals. Losing them in a restart costs a member a re-run, never a subscription.
 */
export const VOLATILE_KEY_PREFIXES = [
  'search:state:',
  'ask:rate:',
  'ask:cache:',
  'ask:answer:',
  'ask:delivery:',
  'ask:totals',
] as const;

/**
 * The process's store as commands and digests use it: an outage never stops a lookup or /ask. Failed
 * operations are counted in `metrics` when given.
 */
export function resilientStore(store: Store, logger: Logger, where?: string, metrics?: Metrics): Store {
  return createResilientStore(store, {
    volatilePrefixes: VOLATILE_KEY_PREFIXES,
    logger,
    ...(where ? { where } : {}),
    onError: metrics ? (operation) => metrics.storeError(operation) : undefined,
  });
}

/** The context every command gets, built once per process (src/index.ts, the console, tests). */
export function createContext(parts: {
  config: Readonly<Config>;
  knowledge: KnowledgeHolder;
  store: Store;
  logger: Logger;
  clock?: () => Date;
  /** The model /ask uses; by default the one config names (none: extractive answers). */
  model?: AnswerModel | undefined;
  digests?: DigestService | undefined;
  /** Rendered pictures; the bot shares one cache between /map and digests' maps. */
  pictures?: PictureCache | undefined;
  /** Where accepted suggestions go; by default the one PUBLISH_MODE names. */
  publisher?: Publisher | undefined;
  /** How suggested pages are read (tests point it at a local server). */
  fetchPage?: PageFetch | undefined;
  /** How long a publication in progress is held before another process may resume it. */
  publishLockMs?: number | undefined;
  /** What /metrics reports (src/health/metrics.ts); none: nothing is counted. */
  metrics?: Metrics | undefined;
}): Ctx {
  const clock = parts.clock ?? (() => new Date());
  const model =
    'model' in parts ? parts.model : parts.config.model ? createOpenAiModel(parts.config.model) : undefined;
  return {
    knowledge: () => parts.knowledge.current(),
    reloadKnowledge: () => parts.knowledge.reload(),
    store: parts.store,
    config: parts.config,
    logger: parts.logger,
    clock,
    answerer: createAnswerer({
      knowledge: () => parts.knowledge.current(),
      store: parts.store,
      clock,
      model,
      logger: parts.logger,
      settings: parts.config.ask,
      onModelCall: parts.metrics ? (outcome, tokens) => parts.metrics?.modelCall(outcome, tokens) : undefined,
    }),
    digests: parts.digests,
    metrics: parts.metrics,
    pictures: parts.pictures ?? createPictureCache(),
    officialData: createInteractiveSources(parts.config.tracking, { store: parts.store }),
    suggestions: createSuggestions({
      store: parts.store,
      clock,
      knowledge: () => parts.knowledge.current(),
      knowledgeDir: parts.config.knowledgeDir,
      settings: parts.config.suggest,
      publisher: parts.publisher ?? createPublisher(parts.config, () => parts.knowledge.reload()),
      fetchPage: parts.fetchPage,
      logger: parts.logger,
      lockTtlMs: parts.publishLockMs,
    }),
  };
}
