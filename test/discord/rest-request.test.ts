import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { DiscordAPIError, REST, Routes } from 'discord.js';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { makeRequest } from '../../src/discord/rest-request.js';
import { type FakeDiscord, startFakeDiscord } from '../fakes/fake-discord.js';

/**
 * The bot's REST calls go through src/discord/rest-request.ts under discord.js's REST client: what members
 * and channels receive, and the errors, retries and timeouts the bot sees, are those of discord.js's own.
 */
let discord: FakeDiscord;
const clients: REST[] = [];
const restWith = (options: ConstructorParameters<typeof REST>[0] = {}) => {
  const rest = new REST({ api: discord.apiBase, retries: 0, makeRequest, ...options }).setToken(
    discord.token,
  );
  clients.push(rest);
  return rest;
};
beforeAll(async () => {
  discord = await startFakeDiscord();
});
afterAll(async () => {
  for (const rest of clients) {
    rest.clearHashSweeper();
    rest.clearHandlerSweeper();
  }
  await discord.stop();
});

const message = { content: 'Daily digest · “quoted” …', allowed_mentions: { parse: [] } };

describe('REST through the dispatcher', () => {
  test('GIVEN a channel WHEN a message is posted THEN Discord gets it whole and its answer is read as JSON', async () => {
    const sent = (await restWith().post(Routes.channelMessages('300000000000000001'), { body: message })) as {
      id: string;
      content: string;
    };
    expect(sent.content).toBe(message.content);
    expect(discord.messages.get(sent.id)?.content).toBe(message.content);
    expect(discord.violations).toEqual([]);
  });

  test('GIVEN Discord refuses WHEN posting THEN the error is a DiscordAPIError with its status and code, and 429 is retried after Retry-After', async () => {
    const rest = restWith();
    discord.scriptChannel('300000000000000003', 403);
    discord.scriptChannel('300000000000000003', 404);
    const post = () => rest.post(Routes.channelMessages('300000000000000003'), { body: message });
    await expect(post()).rejects.toBeInstanceOf(DiscordAPIError);
    await expect(post()).rejects.toMatchObject({ status: 404, code: 10003 });
    discord.scriptChannel('300000000000000003', 429, 1, 30);
    const before = discord.channelMessages.length;
    await post();
    expect(discord.channelMessages.length).toBe(before + 1);
  });

  test('GIVEN a file WHEN posted THEN its bytes and name arrive as multipart, as without the dispatcher', async () => {
    const png = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 1, 2, 3]);
    const sent = (await restWith().post(Routes.channelMessages('300000000000000001'), {
      body: { ...message, attachments: [{ id: 0, description: 'A chart' }] },
      files: [{ name: 'chart.png', data: png, contentType: 'image/png' }],
    })) as { id: string };
    expect(discord.messages.get(sent.id)?.attachments[0]?.data.equals(png)).toBe(true);
    expect(discord.violations).toEqual([]);
  });
});

describe('REST through the dispatcher, against a server that misbehaves', () => {
  let server: Server;
  let api = '';
  const seen: { method: string; url: string; auth: string | undefined; body: string }[] = [];
  beforeAll(async () => {
    server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        seen.push({
          method: req.method ?? '',
          url: req.url ?? '',
          auth: req.headers.authorization,
          body: Buffer.concat(chunks).toString('utf8'),
        });
        if (req.url?.includes('/silent')) return; // never answers
        if (req.url?.includes('/broken')) {
          res.writeHead(500).end('oops');
          return;
        }
        res.writeHead(200, { 'content-type': 'application/json', 'set-cookie': ['a=1', 'b=2'] });
        res.end(JSON.stringify({ ok: true, query: req.url }));
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    api = `http://127.0.0.1:${(server.address() as AddressInfo).port}/api`;
  });
  afterAll(async () => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  });

  test('GIVEN a GET with a query WHEN sent THEN the path, query and token arrive and the JSON comes back', async () => {
    const rest = restWith({ api });
    const got = await rest.get('/channels/300000000000000001/messages', {
      query: new URLSearchParams({ limit: '5', around: 'x y' }),
    });
    expect(got).toEqual({
      ok: true,
      query: '/api/v10/channels/300000000000000001/messages?limit=5&around=x+y',
    });
    expect(seen.at(-1)).toMatchObject({ method: 'GET', auth: `Bot ${discord.token}`, body: '' });
  });

  test('GIVEN a server that never answers WHEN the timeout passes THEN the request is aborted', async () => {
    const rest = restWith({ api, timeout: 100 });
    await expect(rest.post('/channels/300000000000000001/silent', { body: message })).rejects.toMatchObject({
      name: 'AbortError',
    });
  });

  test('GIVEN a server error WHEN no retries are left THEN the error is an HTTPError with its status', async () => {
    const rest = restWith({ api });
    await expect(rest.post('/channels/300000000000000001/broken', { body: message })).rejects.toMatchObject({
      name: 'HTTPError',
      status: 500,
      method: 'POST',
    });
  });
});
