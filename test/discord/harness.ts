import { cp, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Client } from 'discord.js';
import { expect } from 'vitest';
import { commands, messageCommands } from '../../commands/index.js';
import type { Command, Ctx } from '../../commands/types.js';
import { loadConfig } from '../../src/config.js';
import { createContext, resilientStore } from '../../src/context.js';
import { createDigests } from '../../src/digest/create-digests.js';
import { createDiscordClient } from '../../src/discord/client.js';
import { deployCommands } from '../../src/discord/deploy.js';
import { createRouter, type Router } from '../../src/discord/router.js';
import { gatewayState } from '../../src/health/gateway.js';
import { type HealthServer, startHealthServer } from '../../src/health/health-server.js';
import { createMetrics } from '../../src/health/metrics.js';
import { createKnowledgeHolder, type KnowledgeHolder } from '../../src/kb/knowledge-holder.js';
import { loadKnowledge } from '../../src/knowledge.js';
import { loadKnowledgeOffThread } from '../../src/reload/load-off-thread.js';
import type { AnswerModel } from '../../src/llm/types.js';
import { createLogger } from '../../src/log.js';
import { createMemoryStore } from '../../src/store/memory-store.js';
import { createStore } from '../../src/store/create-store.js';
import { openStore } from '../../src/store/open-store.js';
import type { Store } from '../../src/store/types.js';
import type { PageFetch } from '../../src/suggest/page-metadata.js';
import type { Publisher } from '../../src/suggest/publish.js';
import { type FakeDiscord, type FakeDiscordOptions, startFakeDiscord } from '../fakes/fake-discord.js';

export const FIXTURE_KNOWLEDGE = 'test/fixtures/knowledge';
/** Entries the bot tests add to the shared fixtures: more laws, a letter with many signatories, more statements. */
export const EXTRA_KNOWLEDGE = 'test/fixtures/knowledge-extra';

/**
 * The shared fixture knowledge plus the bot's extra entries, copied into a fresh temporary folder. The
 * caller removes it with removeKnowledgeCopy when done (startBot and startTestConsole do so on stop).
 */
export async function copyFixtureKnowledge(): Promise<string> {
  const dir = join(await mkdtemp(join(tmpdir(), 'dossier-kb-')), 'knowledge');
  await cp(FIXTURE_KNOWLEDGE, dir, { recursive: true });
  await cp(EXTRA_KNOWLEDGE, dir, { recursive: true });
  return dir;
}

/** Removes a copy made by copyFixtureKnowledge, with the temporary folder that holds it. */
export async function removeKnowledgeCopy(dir: string): Promise<void> {
  await rm(join(dir, '..'), { recursive: true, force: true });
}

export interface Bot {
  discord: FakeDiscord;
  client: Client;
  ctx: Ctx;
  router: Router;
  knowledge: KnowledgeHolder;
  /** Parsed log lines the bot wrote. */
  logs: Record<string, unknown>[];
  knowledgeDir: string;
  /** /healthz and /metrics, when the environment sets HTTP_PORT (0: a free port, read it here). */
  health: HealthServer | undefined;
  stop(): Promise<void>;
}

/**
 * What a bot test expects after each test: every payload within Discord's limits and pinging nobody, no
 * request to a route the fake lacks, and nothing logged at `level` or above (40: not even a warning; 50:
 * warnings allowed, where the scenarios warn on purpose, e.g. a page that cannot be fetched).
 */
export function expectCleanRun(bot: Bot, level: 40 | 50): void {
  expect(bot.discord.violations).toEqual([]);
  expect(bot.discord.unhandled).toEqual([]);
  expect(bot.logs.filter((l) => Number(l.level) >= level)).toEqual([]);
}

/**
 * The bot as it runs in production (router, context, the real discord.js client), connected to a fake
 * Discord on loopback, with the fixture knowledge copied to a temporary folder (so reload tests may break it).
 */
export async function startBot(
  options: {
    fake?: FakeDiscordOptions;
    commands?: readonly Command[];
    shardCount?: number;
    guildDeploy?: boolean;
    /** The model behind /ask (e.g. one talking to the fake OpenAI server); none: extractive answers. */
    model?: AnswerModel;
    /** Extra environment for loadConfig (e.g. ASK_USER_LIMIT). */
    env?: Record<string, string>;
    /** Serve this folder as it is instead of a copy of the fixtures (the benchmark uses knowledge/). */
    knowledgeDir?: string;
    logLevel?: string;
    /** How suggested pages are fetched (a local server in tests). */
    fetchPage?: PageFetch;
    publisher?: Publisher;
    /** A store to use instead of a fresh in-memory one (a restart test passes the one it keeps). */
    store?: Store;
    publishLockMs?: number;
    /** The bot's clock (default: the wall clock). */
    clock?: () => Date;
    /** A real store as production opens it (openStore + the resilient wrapper); default in-process memory. */
    storeUrl?: string;
    /** /kb reload reads and indexes in a worker thread, as the bot does (src/reload/). */
    reloadOffThread?: boolean;
    /** Wire /digest (the scheduler is not started), on the bot's clock. */
    digests?: boolean;
    /** The model that writes digest summaries (none: digests go out without one). */
    digestModel?: AnswerModel;
  } = {},
): Promise<Bot> {
  const discord = await startFakeDiscord(options.fake);
  const knowledgeDir = options.knowledgeDir ?? (await copyFixtureKnowledge());
  const logs: Record<string, unknown>[] = [];
  const logger = createLogger(options.logLevel ?? 'debug', {
    write: (line: string) => void logs.push(JSON.parse(line)),
  });
  const config = loadConfig({
    DISCORD_TOKEN: discord.token,
    DISCORD_CLIENT_ID: discord.applicationId,
    DISCORD_API_URL: discord.apiBase,
    SHARD_COUNT: String(options.shardCount ?? 1),
    KNOWLEDGE_DIR: knowledgeDir,
    ...options.env,
  });
  const load = () => loadKnowledge(knowledgeDir);
  const reload = options.reloadOffThread ? () => loadKnowledgeOffThread(knowledgeDir) : load;
  const knowledge = createKnowledgeHolder(await load(), reload, { retireAfterMs: 10 });
  const metrics = config.http ? createMetrics(() => knowledge.current()) : undefined;
  const store =
    options.store ??
    (options.storeUrl
      ? resilientStore(
          await openStore(options.storeUrl, {
            retryMs: 200,
            create: (url) =>
              createStore(url, {
                checkEveryMs: 100,
                onFileProblem: (message, details) => logger.error(details, message),
              }),
          }),
          logger,
          options.storeUrl,
          metrics,
        )
      : createMemoryStore());
  const digests = options.digests
    ? createDigests(config, {
        store,
        library: () => knowledge.current().library,
        logger,
        onOutcome: metrics ? (outcome, messages) => metrics.digest(outcome, messages) : undefined,
        ...(options.clock ? { clock: options.clock } : {}),
        ...(options.digestModel ? { model: options.digestModel } : {}),
      })
    : undefined;
  const ctx = createContext({
    metrics,
    config,
    knowledge,
    store,
    logger,
    model: options.model,
    digests,
    fetchPage: options.fetchPage,
    publisher: options.publisher,
    publishLockMs: options.publishLockMs,
    ...(options.clock ? { clock: options.clock } : {}),
  });
  const list = options.commands ?? commands;
  const router = createRouter(list, ctx, options.commands ? [] : messageCommands);
  await deployCommands({
    token: discord.token,
    clientId: discord.applicationId,
    guildId: options.guildDeploy ? discord.guilds[0]?.id : undefined,
    apiUrl: discord.apiBase,
    commands: list,
    messageCommands: options.commands ? [] : messageCommands,
  });
  const client = createDiscordClient(config, router, logger);
  const health =
    metrics && config.http
      ? await startHealthServer(
          { metrics, gateway: gatewayState(client), store, knowledge: () => knowledge.current() },
          config.http,
        )
      : undefined;
  await client.login(discord.token);
  await discord.waitForReady(options.shardCount ?? 1);
  return {
    discord,
    client,
    ctx,
    router,
    knowledge,
    logs,
    knowledgeDir,
    health,
    async stop() {
      await router.drain();
      await health?.close();
      await client.destroy();
      await discord.stop();
      knowledge.close();
      if (!options.store) await store.close();
      if (!options.knowledgeDir) await removeKnowledgeCopy(knowledgeDir);
    },
  };
}
