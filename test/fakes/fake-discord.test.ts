import { DiscordAPIError, REST, Routes } from 'discord.js';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { WebSocket } from 'ws';
import { type FakeDiscord, startFakeDiscord } from './fake-discord.js';

/** The fake Discord answers like Discord does, so code tested against it behaves against the real one. */
let discord: FakeDiscord;
let rest: REST;
beforeAll(async () => {
  discord = await startFakeDiscord();
  rest = new REST({ api: discord.apiBase, retries: 0 }).setToken(discord.token);
});
afterAll(async () => {
  rest.clearHashSweeper();
  rest.clearHandlerSweeper();
  await discord.stop();
});

const message = { content: 'Daily digest', allowed_mentions: { parse: [] } };

describe('channel messages (digests)', () => {
  test('GIVEN a channel WHEN a message is posted THEN it is recorded as sent', async () => {
    const sent = (await rest.post(Routes.channelMessages('300000000000000001'), { body: message })) as {
      id: string;
    };
    expect(discord.messages.get(sent.id)?.content).toBe('Daily digest');
    expect(discord.channelMessages.at(-1)?.channelId).toBe('300000000000000001');
  });

  test('GIVEN scripted failures WHEN posting THEN 403 and 404 come back as Discord errors and 429 is retried', async () => {
    discord.scriptChannel('300000000000000003', 403);
    discord.scriptChannel('300000000000000003', 404);
    const post = () => rest.post(Routes.channelMessages('300000000000000003'), { body: message });
    await expect(post()).rejects.toMatchObject({ status: 403, code: 50001 });
    await expect(post()).rejects.toMatchObject({ status: 404, code: 10003 });
    discord.scriptChannel('300000000000000003', 429, 1, 30);
    const before = discord.channelMessages.length;
    await post();
    expect(discord.channelMessages.length).toBe(before + 1);
    expect(discord.requests.filter((r) => r.status === 429)).toHaveLength(1);
  });

  test('GIVEN a message that breaks a limit or allows mentions WHEN posted THEN Discord refuses it and the violation is recorded', async () => {
    const before = discord.violations.length;
    await expect(
      rest.post(Routes.channelMessages('300000000000000001'), { body: { content: 'x'.repeat(2001) } }),
    ).rejects.toBeInstanceOf(DiscordAPIError);
    expect(discord.violations.slice(before)).toEqual([
      'POST /channels/300000000000000001/messages.content: 2001 chars > 2000',
      'POST /channels/300000000000000001/messages.allowed_mentions: missing (mentions would ping)',
    ]);
    discord.violations.splice(before);
  });
});

describe('files (multipart/form-data, as Discord reads it)', () => {
  const png = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 1, 2, 3]);

  test('GIVEN a message with a file and an embed showing it WHEN posted THEN the bytes, name and alt text are kept', async () => {
    const sent = (await rest.post(Routes.channelMessages('300000000000000001'), {
      body: {
        ...message,
        embeds: [{ title: 'Map', image: { url: 'attachment://map.png' } }],
        attachments: [{ id: 0, description: 'A map of the United States' }],
      },
      files: [{ name: 'map.png', data: png, contentType: 'image/png' }],
    })) as { id: string; attachments: { filename: string; size: number; description?: string }[] };
    expect(sent.attachments).toMatchObject([
      { filename: 'map.png', size: png.length, description: 'A map of the United States' },
    ]);
    const stored = discord.messages.get(sent.id)?.attachments[0];
    expect(stored?.data.equals(png)).toBe(true);
    expect(stored?.content_type).toBe('image/png');
    expect(discord.requests.at(-1)?.uploads).toEqual([
      { index: 0, filename: 'map.png', contentType: 'image/png', size: png.length },
    ]);
    expect(discord.violations).toEqual([]);
  });

  test('GIVEN an embed showing attachment://x WHEN no such file is sent THEN Discord refuses it and says why', async () => {
    const before = discord.violations.length;
    await expect(
      rest.post(Routes.channelMessages('300000000000000001'), {
        body: {
          ...message,
          embeds: [{ image: { url: 'attachment://other.png' } }],
          attachments: [{ id: 0 }],
        },
        files: [{ name: 'map.png', data: png }],
      }),
    ).rejects.toMatchObject({ status: 400 });
    expect(discord.violations.slice(before)).toEqual([
      "POST /channels/300000000000000001/messages.embeds[0].image: attachment://other.png is not one of the message's files",
    ]);
    discord.violations.splice(before);
  });

  test('GIVEN files over the 10 MiB upload limit or alt text over 1,024 characters WHEN posted THEN Discord refuses them', async () => {
    const before = discord.violations.length;
    await expect(
      rest.post(Routes.channelMessages('300000000000000001'), {
        body: message,
        files: [{ name: 'big.png', data: Buffer.alloc(10 * 1024 * 1024 + 1) }],
      }),
    ).rejects.toMatchObject({ status: 413, code: 40005 });
    await expect(
      rest.post(Routes.channelMessages('300000000000000001'), {
        body: { ...message, attachments: [{ id: 0, description: 'x'.repeat(1025) }] },
        files: [{ name: 'map.png', data: png }],
      }),
    ).rejects.toMatchObject({ status: 400 });
    expect(discord.violations.slice(before)).toHaveLength(2);
    discord.violations.splice(before);
  });
});

describe('interaction callbacks', () => {
  test('GIVEN an interaction WHEN acknowledged twice, with a wrong token or too late THEN Discord errors come back', async () => {
    const late = await startFakeDiscord({ ackWindowMs: 0 });
    const sockets: WebSocket[] = [];
    try {
      for (const fake of [discord, late]) {
        const socket = new WebSocket(`${fake.gatewayUrl}?v=10&encoding=json`);
        sockets.push(socket);
        socket.on('message', (raw) => {
          if (JSON.parse(String(raw)).op === 10)
            socket.send(JSON.stringify({ op: 2, d: { token: fake.token, intents: 1, properties: {} } }));
        });
        await fake.waitForReady();
      }
      const interaction = discord.sendCommand('about');
      const callback = (token: string) =>
        rest.post(Routes.interactionCallback(interaction.id, token), {
          body: { type: 4, data: message },
          auth: false,
        });
      await expect(callback('wrong-token')).rejects.toMatchObject({ code: 10062 });
      await callback(interaction.token);
      await expect(callback(interaction.token)).rejects.toMatchObject({ code: 40060 });
      expect((await interaction.reply()).content).toBe('Daily digest');

      const tooLate = late.sendCommand('about');
      await new Promise((r) => setTimeout(r, 5));
      const lateRest = new REST({ api: late.apiBase, retries: 0 });
      await expect(
        lateRest.post(Routes.interactionCallback(tooLate.id, tooLate.token), {
          body: { type: 4, data: message },
          auth: false,
        }),
      ).rejects.toMatchObject({ code: 10062 });
      expect(late.violations[0]).toMatch(/acknowledged after \d+ ms/);
      lateRest.clearHashSweeper();
      lateRest.clearHandlerSweeper();
    } finally {
      for (const socket of sockets) socket.close();
      await late.stop();
    }
  });

  test('GIVEN bot routes WHEN called without the bot token THEN 401', async () => {
    const anonymous = new REST({ api: discord.apiBase, retries: 0 }).setToken('wrong');
    await expect(anonymous.get(Routes.gatewayBot())).rejects.toMatchObject({ status: 401 });
    anonymous.clearHashSweeper();
    anonymous.clearHandlerSweeper();
  });
});
