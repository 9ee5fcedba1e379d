import type { Client } from 'discord.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { commands } from '../../commands/index.js';
import { loadConfig } from '../../src/config.js';
import { createContext } from '../../src/context.js';
import { buildDigest } from '../../src/digest/build-digest.js';
import { createDigests } from '../../src/digest/create-digests.js';
import type { DigestService } from '../../src/digest/digest-service.js';
import { digestPassages } from '../../src/digest/summarize-digest.js';
import { createDiscordClient } from '../../src/discord/client.js';
import { deployCommands } from '../../src/discord/deploy.js';
import { createRouter, type Router } from '../../src/discord/router.js';
import type { KnowledgeHolder } from '../../src/kb/knowledge-holder.js';
import { createKnowledgeHolder } from '../../src/kb/knowledge-holder.js';
import { loadKnowledge } from '../../src/knowledge.js';
import { createOpenAiModel } from '../../src/llm/openai.js';
import type { AnswerModel } from '../../src/llm/types.js';
import { silentLogger } from '../../src/log.js';
import { createMemoryStore } from '../../src/store/memory-store.js';
import { type FakeDiscord, PERMISSIONS, startFakeDiscord } from '../fakes/fake-discord.js';
import { type FakeOpenAi, startFakeOpenAi } from '../fakes/fake-openai.js';

/**
 * /digest preview with a model that takes longer than Discord's 3 seconds allow an unanswered
 * interaction: the bot, connected to the fake Discord, must acknowledge first and then show the summary.
 */
let discord: FakeDiscord;
let openai: FakeOpenAi;
let client: Client;
let router: Router;
let digests: DigestService;
let knowledge: KnowledgeHolder;
const now = new Date('2026-11-20T07:00:00Z');
const CHANNEL = '300000000000000001';
/** Longer than the reply layer waits before deferring (1 s). */
const MODEL_DELAY_MS = 1_300;

beforeAll(async () => {
  [discord, openai] = await Promise.all([startFakeDiscord(), startFakeOpenAi()]);
  const config = loadConfig({
    DISCORD_TOKEN: discord.token,
    DISCORD_CLIENT_ID: discord.applicationId,
    DISCORD_API_URL: discord.apiBase,
    SHARD_COUNT: '1',
    KNOWLEDGE_DIR: 'test/fixtures/knowledge',
  });
  const load = () => loadKnowledge('test/fixtures/knowledge');
  knowledge = createKnowledgeHolder(await load(), load, { retireAfterMs: 10 });
  const store = createMemoryStore();
  const logger = silentLogger();
  const clock = () => now;
  // The real client against the fake server, behind a model that is slow to start.
  const real = createOpenAiModel({ model: 'fake-model', baseUrl: openai.baseUrl, timeoutMs: 5_000 });
  const slow: AnswerModel = {
    name: real.name,
    answer: async (request) => {
      await new Promise((resolve) => setTimeout(resolve, MODEL_DELAY_MS));
      return real.answer(request);
    },
  };
  digests = createDigests(config, {
    store,
    library: () => knowledge.current().library,
    logger,
    clock,
    model: slow,
  });
  const ctx = createContext({ config, knowledge, store, logger, clock, digests, model: undefined });
  router = createRouter(commands, ctx);
  await deployCommands({
    token: discord.token,
    clientId: discord.applicationId,
    apiUrl: discord.apiBase,
    commands,
  });
  client = createDiscordClient(config, router, logger);
  await client.login(discord.token);
  await discord.waitForReady();
}, 30_000);

afterAll(async () => {
  await router?.drain();
  await client?.destroy();
  await Promise.all([discord?.stop(), openai?.close()]);
});

describe('/digest preview with a model', () => {
  it('GIVEN a model slower than the interaction allows WHEN an admin previews THEN the reply is deferred and then shows the cited summary', async () => {
    const guildId = discord.guilds[0]?.id ?? '';
    const sub = await digests.subscribe({
      guildId,
      channelId: CHANNEL,
      time: '09:00',
      timezone: 'Europe/Berlin',
    });
    const [first] = digestPassages(buildDigest(knowledge.current().library, sub, undefined, now));
    if (!first) throw new Error('fixture: the preview lists nothing');
    const sentence = `${first.item.doc.title} is new in the knowledge base.`;
    openai.enqueue({ kind: 'answer', sentences: [{ text: sentence, citations: [first.n] }] });

    const interaction = discord.sendCommand(
      'digest',
      { channel: CHANNEL },
      { subcommand: 'preview', permissions: PERMISSIONS.admin },
    );
    const reply = await interaction.reply(10_000);

    expect(interaction.callbacks[0]?.type).toBe(5); // deferred, within Discord's 3 seconds
    expect(reply.ephemeral).toBe(true);
    expect(reply.content).toContain('Preview for <#300000000000000001>: this is what would be posted now');
    expect(reply.content).toContain(`${sentence} [${first.n}]`);
    expect(reply.content).toContain(`[${first.n}] [${first.item.doc.title}](<`);
    expect(openai.requests).toHaveLength(1);
    expect(discord.channelMessages).toEqual([]);
    expect(discord.violations).toEqual([]);
  }, 20_000);
});
