import { hostname } from 'node:os';
import type { Config } from '../config.js';
import type { Policy } from '../freshness/policy.js';
import type { Library } from '../kb/library.js';
import { createOpenAiModel } from '../llm/openai.js';
import { createPictureCache, type PictureCache } from '../pictures/picture-cache.js';
import type { AnswerModel } from '../llm/types.js';
import type { Store } from '../store/types.js';
import { DigestService } from './digest-service.js';
import { DeliveryError, type MessagePoster } from './post-message.js';
import { createRestPoster } from './rest-poster.js';
import type { DigestDeps, DigestLogger } from './run-digest-tick.js';

/**
 * Digests as configured: posted through Discord's REST API (DISCORD_API_URL if set) with the bot token,
 * claims in the shared store. Used by src/index.ts (the scheduler) and `dossier digest tick` (one pass).
 */
export function createDigests(
  config: Readonly<Config>,
  parts: {
    store: Store;
    library: () => Library;
    /** The review policy, for curators' digests (knowledge/policy.yml as loaded). */
    policy?: () => Policy | undefined;
    logger: DigestLogger;
    clock?: () => Date;
    poster?: MessagePoster;
    /** The model that writes each digest's summary; by default the one config names for /ask (none: no summary). */
    model?: AnswerModel | undefined;
    /** Told how each delivery ended (the bot's /metrics). */
    onOutcome?: DigestDeps['onOutcome'];
    /** Rendered maps, shared with /map in the bot; a cache of its own when not given (`digest tick`). */
    pictures?: PictureCache;
  },
): DigestService {
  const model = 'model' in parts ? parts.model : config.model ? createOpenAiModel(config.model) : undefined;
  const token = config.discord.token;
  const poster =
    parts.poster ??
    (token
      ? createRestPoster({ token, apiUrl: config.discord.apiUrl })
      : {
          // The local console: digests can be set up and previewed, but posting needs the bot token.
          async postMessage() {
            throw new DeliveryError(
              'transient',
              'DISCORD_TOKEN is not set, so digests cannot be posted from here',
            );
          },
        });
  return new DigestService(
    {
      store: parts.store,
      library: parts.library,
      policy: parts.policy,
      poster,
      logger: parts.logger,
      instanceId: `${hostname()}:${process.pid}`,
      catchUpMs: config.digests.catchUpMs,
      claimTimeoutMs: config.digests.claimTimeoutMs,
      model,
      summaryTimeoutMs: config.model?.timeoutMs,
      onOutcome: parts.onOutcome,
      pictures: parts.pictures ?? createPictureCache(),
    },
    parts.clock,
  );
}
