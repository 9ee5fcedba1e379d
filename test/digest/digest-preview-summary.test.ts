import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildDigest } from '../../src/digest/build-digest.js';
import type { DigestService } from '../../src/digest/digest-service.js';
import { digestPassages } from '../../src/digest/summarize-digest.js';
import type { KnowledgeHolder } from '../../src/kb/knowledge-holder.js';
import { createOpenAiModel } from '../../src/llm/openai.js';
import type { AnswerModel } from '../../src/llm/types.js';
import { type Bot, startBot } from '../discord/harness.js';
import { type FakeDiscord, PERMISSIONS } from '../fakes/fake-discord.js';
import { type FakeOpenAi, startFakeOpenAi } from '../fakes/fake-openai.js';

/**
 * /digest preview with a model that takes longer than Discord's 3 seconds allow an unanswered
 * interaction: the bot, connected to the fake Discord, must acknowledge first and then show the summary.
 */
let bot: Bot;
let discord: FakeDiscord;
let openai: FakeOpenAi;
let digests: DigestService;
let knowledge: KnowledgeHolder;
const now = new Date('2026-11-20T07:00:00Z');
const CHANNEL = '300000000000000001';
/** Longer than the reply layer waits before deferring (1 s). */
const MODEL_DELAY_MS = 1_300;

beforeAll(async () => {
  openai = await startFakeOpenAi();
  // The real client against the fake server, behind a model that is slow to start.
  const real = createOpenAiModel({ model: 'fake-model', baseUrl: openai.baseUrl, timeoutMs: 5_000 });
  const slow: AnswerModel = {
    name: real.name,
    answer: async (request) => {
      await new Promise((resolve) => setTimeout(resolve, MODEL_DELAY_MS));
      return real.answer(request);
    },
  };
  // The slow model writes the digest's summary; /ask has none.
  bot = await startBot({
    knowledgeDir: 'test/fixtures/knowledge',
    digests: true,
    digestModel: slow,
    clock: () => now,
  });
  ({ discord, knowledge } = bot);
  if (!bot.ctx.digests) throw new Error('startBot: digests were asked for');
  digests = bot.ctx.digests;
}, 30_000);

afterAll(async () => {
  await bot?.stop();
  await openai?.close();
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
