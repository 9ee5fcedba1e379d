import { afterAll, beforeAll, expect, test } from 'vitest';
import { type Bot, startBot } from './harness.js';

let bot: Bot;
beforeAll(async () => {
  bot = await startBot();
});
afterAll(async () => {
  await bot?.stop();
});

test('GIVEN the bot connected to Discord WHEN a member runs /law name:bipa THEN they see the BIPA card', async () => {
  const reply = await bot.discord.sendCommand('law', { name: 'bipa' }).reply();
  expect(reply.embeds[0]?.title).toBe('Illinois Biometric Information Privacy Act (BIPA)');
  expect(bot.discord.violations).toEqual([]);
});
