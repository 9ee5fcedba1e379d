import { SlashCommandBuilder } from 'discord.js';
import { expect, test } from 'vitest';
import { commands } from '../../commands/index.js';
import type { Command } from '../../commands/types.js';
import { respond } from '../../src/discord/reply.js';
import { createShutdown } from '../../src/shutdown.js';
import { startBot } from './harness.js';

let release: () => void = () => {};
const gate = new Promise<void>((resolve) => {
  release = resolve;
});

const slow: Command = {
  data: new SlashCommandBuilder().setName('slow').setDescription('Waits until the test lets it finish'),
  async execute(interaction) {
    await interaction.deferReply();
    await gate;
    await respond(interaction, { content: 'finished' });
  },
};

test('GIVEN an interaction in flight WHEN SIGTERM arrives THEN new ones are turned away, the in-flight one finishes, the store closes and the exit code is 0', async () => {
  const bot = await startBot({ commands: [...commands, slow] });
  const closed: string[] = [];
  const codes: number[] = [];
  const shutdown = createShutdown({
    logger: bot.ctx.logger,
    stopIntake: () => bot.router.close(),
    drain: () => bot.router.drain(),
    closers: [
      { name: 'discord client', close: async () => closed.push('client') },
      { name: 'store', close: async () => closed.push('store') },
    ],
    exit: (code) => void codes.push(code),
  });
  try {
    const inFlight = bot.discord.sendCommand('slow');
    await inFlight.firstResponse();
    expect(bot.router.inFlight).toBe(1);
    const stopping = shutdown('SIGTERM');
    const late = await bot.discord.sendCommand('about').reply();
    expect(late.ephemeral).toBe(true);
    expect(late.content).toBe('Dossier is restarting. Try again in a moment.');
    expect(closed).toEqual([]);
    release();
    await stopping;
    expect((await inFlight.reply()).content).toBe('finished');
    expect(closed).toEqual(['client', 'store']);
    expect(codes).toEqual([0]);
  } finally {
    await bot.stop();
  }
});
