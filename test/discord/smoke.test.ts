import { afterAll, beforeAll, expect, test } from 'vitest';
import { type Bot, startBot } from './harness.js';

let bot: Bot;
beforeAll(async () => {
  bot = await startBot({ fake: { heartbeatIntervalMs: 40 } });
});
afterAll(async () => {
  await bot?.stop();
});

test('GIVEN the bot started WHEN it logs in THEN it identifies with the Guilds intent only, learns its application and guilds, and keeps the gateway alive', async () => {
  expect(bot.discord.identifies).toHaveLength(1);
  expect(bot.discord.identifies[0]?.intents).toBe(1);
  expect(bot.discord.requests.some((r) => r.method === 'GET' && r.path === '/api/v10/gateway/bot')).toBe(
    true,
  );
  expect(bot.client.application?.id).toBe(bot.discord.applicationId);
  expect([...bot.client.guilds.cache.keys()]).toEqual(bot.discord.guilds.map((g) => g.id));
  await expect.poll(() => bot.discord.heartbeats, { timeout: 2000 }).toBeGreaterThanOrEqual(2);
  expect(bot.client.options.allowedMentions).toEqual({ parse: [], repliedUser: false });
});

test('GIVEN the bot connected to Discord WHEN a member runs /law name:bipa THEN they see the BIPA card', async () => {
  const reply = await bot.discord.sendCommand('law', { name: 'bipa' }).reply();
  expect(reply.embeds[0]?.title).toBe('Illinois Biometric Information Privacy Act (BIPA)');
  expect(bot.discord.violations).toEqual([]);
});
