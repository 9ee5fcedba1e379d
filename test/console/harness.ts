import { commands } from '../../commands/index.js';
import { loadConfig } from '../../src/config.js';
import type { Ctx } from '../../commands/types.js';
import { type ConsoleSession, createConsoleSession } from '../../src/console/console.js';
import { createContext } from '../../src/context.js';
import { createDigests } from '../../src/digest/create-digests.js';
import { createRouter } from '../../src/discord/router.js';
import { createKnowledgeHolder, type KnowledgeHolder } from '../../src/kb/knowledge-holder.js';
import { loadKnowledge } from '../../src/knowledge.js';
import { silentLogger } from '../../src/log.js';
import { createMemoryStore } from '../../src/store/memory-store.js';
import type { Store } from '../../src/store/types.js';
import type { PageFetch } from '../../src/suggest/page-metadata.js';
import { copyFixtureKnowledge, removeKnowledgeCopy } from '../discord/harness.js';

/** The local console as `npm start` opens it without a Discord token, with what it printed captured. */
export interface ConsoleHarness {
  session: ConsoleSession;
  ctx: Ctx;
  store: Store;
  knowledge: KnowledgeHolder;
  /** The knowledge folder the console reads. */
  dir: string;
  /** Types `line` and returns what the console printed for it. */
  type(line: string): Promise<string>;
  /** Closes the knowledge and removes the copy of the fixtures the harness made. */
  close(): Promise<void>;
}

export async function startTestConsole(
  options: {
    /** The knowledge folder; by default a fresh copy of test/fixtures/knowledge. */
    dir?: string;
    /** A knowledge holder of the test's own (e.g. a search engine that records queries). */
    knowledge?: KnowledgeHolder;
    /** Digests set up as `npm start` sets them up (no token: preview works, posting does not). */
    digests?: boolean;
    /** How suggested pages are read (a fake web server). */
    fetchPage?: PageFetch;
    /** Environment variables besides KNOWLEDGE_DIR (API keys and fake services' addresses). */
    env?: Record<string, string>;
    clock?: () => Date;
  } = {},
): Promise<ConsoleHarness> {
  const copied = options.dir === undefined && options.knowledge === undefined;
  const dir = options.dir ?? (copied ? await copyFixtureKnowledge() : 'knowledge');
  const load = () => loadKnowledge(dir);
  const knowledge = options.knowledge ?? createKnowledgeHolder(await load(), load);
  const config = loadConfig({ KNOWLEDGE_DIR: dir, ...options.env });
  const store = createMemoryStore();
  const logger = silentLogger();
  const digests = options.digests
    ? createDigests(config, { store, library: () => knowledge.current().library, logger })
    : undefined;
  const ctx = createContext({
    config,
    knowledge,
    store,
    logger,
    ...(digests ? { digests } : {}),
    ...(options.fetchPage ? { fetchPage: options.fetchPage } : {}),
    ...(options.clock ? { clock: options.clock } : {}),
  });
  let output: string[] = [];
  const session = createConsoleSession({
    commands,
    router: createRouter(commands, ctx),
    write: (t) => output.push(t),
  });
  return {
    session,
    ctx,
    store,
    knowledge,
    dir,
    async type(line) {
      output = [];
      await session.run(line);
      return output.join('\n');
    },
    async close() {
      knowledge.close();
      if (copied) await removeKnowledgeCopy(dir);
    },
  };
}
