import { afterAll, beforeAll, describe, expect, test, vi } from 'vitest';
import { pngSize } from '../../src/pictures/render.js';
import { type Bot, startBot } from '../discord/harness.js';

/** /map through the real discord.js client and the fake Discord: the picture arrives as Discord keeps files. */
// Rendering takes a second or two on a busy machine; each test renders at most twice.
vi.setConfig({ testTimeout: 60_000 });
let bot: Bot;
beforeAll(async () => {
  bot = await startBot({
    knowledgeDir: 'knowledge',
    clock: () => new Date('2026-11-29T12:00:00Z'),
    logLevel: 'warn',
  });
});
afterAll(async () => {
  await bot.stop();
});

describe('/map', () => {
  test('GIVEN /map WHEN run THEN the reply carries map.png (a PNG under 1 MB) shown in the embed, its alt text, the places per colour and layer buttons', async () => {
    const reply = await bot.discord
      .sendCommand('map', { layer: 'government', as_of: '2021-01-01' })
      .reply(30_000);
    expect(reply.attachments).toHaveLength(1);
    const file = reply.attachments[0];
    expect(file?.filename).toBe('map.png');
    expect(pngSize(file?.data ?? Buffer.alloc(0)).width).toBe(1200);
    expect(file?.size).toBeLessThan(1024 * 1024);
    expect(file?.description).toMatch(
      /^Map of the United States: laws on police and government face recognition, as of 1 January 2021\./,
    );
    const embed = reply.embeds[0] as { title: string; description: string; image: { url: string } };
    expect(embed.image.url).toBe('attachment://map.png');
    expect(embed.title).toBe('Laws on police and government face recognition, as of 1 January 2021');
    expect(embed.description).toContain('**Ban or moratorium on government use** (21): [California](');
    expect(embed.description).toMatch(/\[Jackson, Mississippi\]\(https?:\/\//);
    const labels = (reply.components[0] as { components: { label: string; disabled: boolean }[] }).components;
    expect(labels.map((b) => [b.label, b.disabled])).toEqual([
      ['Businesses', false],
      ['Police and government', true],
      ['Light background', false],
    ]);
    expect(bot.discord.violations).toEqual([]);
  });

  test('GIVEN the map WHEN another layer is pressed THEN the message is edited with the new picture in place of the old', async () => {
    const first = await bot.discord.sendCommand('map', {}).reply(30_000);
    const before = first.attachments[0]?.data;
    const buttons = (first.components[0] as { components: { custom_id: string; label: string }[] })
      .components;
    const police = buttons.find((b) => b.label === 'Police and government');
    await bot.discord.pressButton(first.id, police?.custom_id ?? '').reply(30_000);
    const edited = bot.discord.messages.get(first.id);
    expect(edited?.attachments).toHaveLength(1);
    expect(edited?.attachments[0]?.data.equals(before ?? Buffer.alloc(0))).toBe(false);
    expect((edited?.embeds[0] as { title: string }).title).toMatch(
      /^Laws on police and government face recognition/,
    );
    expect(bot.discord.violations).toEqual([]);
  });

  test('GIVEN a topic nothing is about WHEN /map runs THEN it says so privately', async () => {
    const reply = await bot.discord.sendCommand('map', { topic: 'zzzqqq' }).reply(30_000);
    expect(reply.ephemeral).toBe(true);
    expect(reply.content).toMatch(/^No law in the knowledge base about "zzzqqq"/);
  });
});
