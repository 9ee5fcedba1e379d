import type { Ctx } from '../commands/types.js';
import type { Config } from './config.js';
import type { DigestService } from './digest/digest-service.js';
import type { KnowledgeHolder } from './kb/knowledge-holder.js';
import type { Logger } from './log.js';
import type { Store } from './store/types.js';

/** The context every command gets, built once per process (src/index.ts, the console, tests). */
export function createContext(parts: {
  config: Readonly<Config>;
  knowledge: KnowledgeHolder;
  store: Store;
  logger: Logger;
  clock?: () => Date;
  digests?: DigestService | undefined;
}): Ctx {
  return {
    knowledge: () => parts.knowledge.current(),
    reloadKnowledge: () => parts.knowledge.reload(),
    store: parts.store,
    config: parts.config,
    logger: parts.logger,
    clock: parts.clock ?? (() => new Date()),
    digests: parts.digests,
  };
}
