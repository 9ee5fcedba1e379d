import { MessageFlags, SlashCommandBuilder } from 'discord.js';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { commands } from '../../commands/index.js';
import type { Command } from '../../commands/types.js';
import { respond, respondAfter } from '../../src/discord/reply.js';
import { UserFacingError } from '../../src/errors.js';
import { type Bot, startBot } from './harness.js';

/** Commands that exist only in this test, to drive the router's error boundary and the reply layer. */
const testCommands: Command[] = [
  {
    data: new SlashCommandBuilder().setName('explode').setDescription('Throws an unexpected error'),
    async execute() {
      throw new Error('database exploded');
    },
  },
  {
    data: new SlashCommandBuilder().setName('slow').setDescription('Works longer than the defer threshold'),
    async execute(interaction) {
      await respondAfter(
        interaction,
        async () => {
          await new Promise((r) => setTimeout(r, 150));
          return { content: 'done after a while' };
        },
        { deferAfterMs: 20 },
      );
    },
  },
  {
    data: new SlashCommandBuilder().setName('slowfail').setDescription('Defers, then fails as expected'),
    async execute(interaction) {
      await interaction.deferReply({ flags: MessageFlags.Ephemeral });
      throw new UserFacingError('Nothing found after looking hard.');
    },
  },
  {
    data: new SlashCommandBuilder().setName('twice').setDescription('Replies, then fails unexpectedly'),
    async execute(interaction) {
      await respond(interaction, { content: 'first part' });
      throw new Error('second part failed');
    },
  },
  {
    data: new SlashCommandBuilder().setName('mentions').setDescription('Tries to ping'),
    async execute(interaction) {
      await respond(interaction, { content: '@everyone @here <@&123456789012345678> <@400000000000000001>' });
    },
  },
];

let bot: Bot;
beforeAll(async () => {
  bot = await startBot({ commands: [...commands, ...testCommands] });
});
afterAll(async () => {
  await bot?.stop();
});

test('GIVEN a command that throws WHEN run THEN the member sees an error id privately and the log carries it with the ids', async () => {
  const sent = bot.discord.sendCommand('explode');
  const reply = await sent.reply();
  expect(reply.ephemeral).toBe(true);
  const id = reply.content.match(/error id `([0-9a-f]{8})`/)?.[1];
  expect(id).toBeDefined();
  expect(reply.content).not.toContain('database exploded');
  const entry = bot.logs.find((l) => l.errorId === id);
  expect(entry).toMatchObject({
    level: 50,
    msg: 'command failed',
    command: 'explode',
    interactionId: sent.id,
    guildId: bot.discord.guilds[0]?.id,
    userId: '400000000000000001',
  });
  expect(JSON.stringify(entry)).toContain('database exploded');
});

test('GIVEN slow work WHEN run THEN the interaction is deferred first and the answer edits the deferred reply', async () => {
  const sent = bot.discord.sendCommand('slow');
  const reply = await sent.reply();
  expect(sent.callbacks.map((c) => c.type)).toEqual([5]);
  expect(sent.edits).toHaveLength(1);
  expect(reply.content).toBe('done after a while');
});

test('GIVEN a deferred reply WHEN an expected failure follows THEN the deferred reply says why', async () => {
  const sent = bot.discord.sendCommand('slowfail');
  const reply = await sent.reply();
  expect(reply.ephemeral).toBe(true);
  expect(reply.content).toBe('Nothing found after looking hard.');
});

test('GIVEN a reply already sent WHEN the command then fails THEN the error comes as a private follow-up', async () => {
  const sent = bot.discord.sendCommand('twice');
  await sent.until('follow-up', () => sent.followUps[0]);
  expect(sent.followUps[0]?.data.flags).toBe(MessageFlags.Ephemeral);
  expect(String(sent.followUps[0]?.data.content)).toMatch(/error id `[0-9a-f]{8}`/);
});

test('GIVEN text with mentions WHEN sent THEN allowed_mentions pings nobody', async () => {
  const sent = bot.discord.sendCommand('mentions');
  await sent.reply();
  expect(sent.callbacks[0]?.data?.allowed_mentions).toEqual({ parse: [], replied_user: false });
});

test('GIVEN a command this build does not know WHEN run THEN the member is told privately, not shown an error id', async () => {
  const reply = await bot.discord.sendCommand('retired-command').reply();
  expect(reply.ephemeral).toBe(true);
  expect(reply.content).toMatch(/I don't know `retired-command` any more/);
});

test('GIVEN everything logged WHEN read back THEN no token appears anywhere', () => {
  const all = JSON.stringify(bot.logs);
  expect(bot.logs.length).toBeGreaterThan(0);
  expect(all).not.toContain(bot.discord.token);
  expect(all).not.toContain('itoken-');
  expect(bot.discord.violations).toEqual([]);
});
