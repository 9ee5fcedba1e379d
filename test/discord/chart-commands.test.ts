import { afterAll, afterEach, beforeAll, describe, expect, test } from 'vitest';
import { MAX_IMAGE_BYTES, pngSize } from '../../src/pictures/render.js';
import { UPLOAD_LIMITS } from '../fakes/fake-discord.js';
import { type Bot, expectCleanRun, startBot } from './harness.js';
import { textOf } from './view.js';

let bot: Bot;
beforeAll(async () => {
  bot = await startBot({ clock: () => new Date('2026-11-29T12:00:00Z') });
});
afterAll(async () => {
  await bot?.stop();
});
// Files, alt text and attachment:// names are among the limits checked.
afterEach(() => expectCleanRun(bot, 40));

const run = (name: string, options: Record<string, string | boolean>) =>
  bot.discord.sendCommand(name, options).reply(30_000);

describe('pictures of /timeline and /statement', () => {
  test('GIVEN image:true WHEN a timeline is asked THEN the same list comes with a PNG chart shown in the embed, with alt text', async () => {
    const plain = await run('timeline', { type: 'statement' });
    const reply = await run('timeline', { type: 'statement', image: true, lanes: 'company', theme: 'light' });
    expect(textOf(reply)).toBe(textOf(plain));
    expect(reply.embeds[0]?.image).toMatchObject({ url: 'attachment://timeline.png' });
    expect(reply.attachments).toHaveLength(1);
    const file = reply.attachments[0];
    expect(file?.filename).toBe('timeline.png');
    expect(file?.data.subarray(1, 4).toString()).toBe('PNG');
    expect(pngSize(file?.data ?? Buffer.alloc(0)).width).toBe(1200);
    expect(file?.size).toBeLessThanOrEqual(Math.min(MAX_IMAGE_BYTES, UPLOAD_LIMITS.bytes));
    expect(file?.description).toMatch(
      /^Timeline chart statement: \d+ events from .* in lanes by company \(Amazon \d+, Microsoft \d+/,
    );
    expect(file?.description?.length).toBeLessThanOrEqual(UPLOAD_LIMITS.description);
  });

  test('GIVEN the same picture asked twice WHEN the knowledge base has not changed THEN it is rendered once', async () => {
    const before = bot.ctx.pictures?.size ?? 0;
    const a = await run('timeline', { topic: 'rekognition', image: true });
    const b = await run('timeline', { topic: 'rekognition', image: true });
    expect(bot.ctx.pictures?.size).toBe(before + 1);
    expect(a.attachments[0]?.data.equals(b.attachments[0]?.data ?? Buffer.alloc(0))).toBe(true);
  });

  test('GIVEN image:true WHEN a company is asked THEN its card comes with a pledge chart: one bar, extended, no end recorded', async () => {
    const reply = await run('statement', { company: 'Amazon', image: true });
    expect(textOf(reply)).toMatch(/Amazon: statements/);
    expect(reply.embeds[0]?.image).toMatchObject({ url: 'attachment://pledges.png' });
    const file = reply.attachments[0];
    expect(file?.filename).toBe('pledges.png');
    expect(pngSize(file?.data ?? Buffer.alloc(0)).width).toBe(1200);
    expect(file?.description).toMatch(
      /^Chart of Amazon's pledges over time: .*\(2020-06-10; extended 2021-05-18; no end recorded\)/,
    );
    expect(file?.description).toMatch(/1 coalition letter shown as markers/);
  });

  test('GIVEN no image option THEN replies carry no files', async () => {
    const reply = await run('statement', { company: 'Amazon' });
    expect(reply.attachments).toEqual([]);
    expect(reply.embeds[0]?.image).toBeUndefined();
  });
});
