import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { PERMISSIONS } from '../fakes/fake-discord.js';
import { type Bot, startBot } from './harness.js';
import { button, textOf } from './view.js';

const HOME = '200000000000000001';
const ELSEWHERE = '200000000000000002';
const member = { id: '400000000000000011', username: 'member' };
const other = { id: '400000000000000012', username: 'other' };
const admin = { permissions: PERMISSIONS.admin };

describe('payloads that claim more than they should', () => {
  let bot: Bot;
  beforeAll(async () => {
    bot = await startBot({
      fake: {
        guilds: [
          { id: HOME, name: 'Coalition', channels: ['300000000000000001'] },
          { id: ELSEWHERE, name: 'Elsewhere', channels: ['300000000000000009'] },
        ],
      },
    });
  });
  afterAll(async () => bot?.stop());

  test("GIVEN a public answer in one server WHEN a vote on it arrives from another server THEN it is refused and the question stays out of that server's /kb feedback", async () => {
    const answer = await bot.discord
      .sendCommand('ask', { question: 'Who signed the 2019 coalition letters?' }, { user: member })
      .reply();
    const notHelpful = button(answer, /^Not helpful$/).customId ?? '';
    const forged = await bot.discord
      .pressButton(answer.id, notHelpful, { user: other, guildId: ELSEWHERE })
      .reply();
    expect(forged.ephemeral).toBe(true);
    expect(forged.content).toBe('Only members who were given this answer, where it was given, can rate it.');
    const there = await bot.discord
      .sendCommand('kb', {}, { subcommand: 'feedback', guildId: ELSEWHERE, ...admin })
      .reply();
    expect(textOf(there)).not.toContain('Who signed the 2019 coalition letters?');
    // In the server that got it, any member may rate it.
    // (the vote counts on the press; the form that opens asks only for an optional reason)
    const real = bot.discord.pressButton(answer.id, notHelpful, { user: other });
    await real.modal();
    const thanks = await bot.discord.submitModal(real, {}).reply();
    expect(thanks.content).toMatch(/noted as not helpful/);
  });

  test('GIVEN a private answer WHEN another member votes on it THEN the vote is refused; the member who asked may vote', async () => {
    const answer = await bot.discord
      .sendCommand('ask', { question: 'What is the penalty under BIPA?', private: true }, { user: member })
      .reply();
    expect(answer.ephemeral).toBe(true);
    const helpful = button(answer, /^Helpful$/).customId ?? '';
    const forged = await bot.discord.pressButton(answer.id, helpful, { user: other }).reply();
    expect(forged.content).toBe('Only members who were given this answer, where it was given, can rate it.');
    const own = await bot.discord.pressButton(answer.id, helpful, { user: member }).reply();
    expect(own.content).toBe('Thanks: noted as helpful.');
  });
});

describe('numbers and text read back from the payload', () => {
  let bot: Bot;
  beforeAll(async () => {
    bot = await startBot();
  });
  afterAll(async () => bot?.stop());

  test('GIVEN a paging button whose page is 1e308, -1 or 0x10 WHEN pressed THEN the member is told the button is unknown, not "something went wrong"', async () => {
    const results = await bot.discord.sendCommand('search', { query: 'face recognition' }).reply();
    const next = button(results, /Next/).customId ?? '';
    for (const page of ['1e308', '-1', '0x10', '99999']) {
      const forged = next.replace(/:\d+$/, `:${page}`);
      const reply = await bot.discord.pressButton(results.id, forged, { force: true }).reply();
      expect(reply.content, page).toBe('This button is not one I know. Run /search again.');
    }
    expect(bot.logs.filter((l) => Number(l.level) >= 50)).toEqual([]);
  });

  test('GIVEN a query with Markdown WHEN the results are shown THEN the title shows it as typed, not formatted', async () => {
    const results = await bot.discord
      .sendCommand('search', { query: 'face recognition **now** [x](https://evil.example)' })
      .reply();
    const title = (results.embeds[0] as { title?: string }).title;
    expect(title).toBe('Search: face recognition \\*\\*now\\*\\* [x](https://evil.example)');
  });
});
