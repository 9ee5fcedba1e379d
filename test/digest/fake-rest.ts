import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface FakeMessage {
  channelId: string;
  body: {
    content?: string;
    embeds?: { title?: string; description?: string }[];
    nonce?: string;
    [k: string]: unknown;
  };
  at: number;
}

/** What the fake answers for one request: a status and JSON body, or acceptance when undefined. */
export type Scripted = { status: number; body?: unknown; headers?: Record<string, string> } | undefined;

/**
 * A loopback stand-in for Discord's REST API, just enough for digest delivery: `POST
 * /api/v10/channels/:id/messages`. Records accepted messages; `script(channelId, n)` can answer the n-th
 * request to a channel with 403, 404, 429 or 5xx. Point discord.js's REST at `api`.
 */
export async function startFakeRest(script: (channelId: string, n: number) => Scripted = () => undefined) {
  const messages: FakeMessage[] = [];
  const requests = new Map<string, number>();
  let nextId = 1n;
  const server: Server = createServer(async (req, res) => {
    const body = await readBody(req);
    const match = /^\/api\/v10\/channels\/(\d+)\/messages$/.exec(req.url ?? '');
    if (req.method !== 'POST' || !match) {
      res.writeHead(404, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ message: 'Unknown route', code: 0 }));
      return;
    }
    const channelId = match[1] ?? '';
    const n = requests.get(channelId) ?? 0;
    requests.set(channelId, n + 1);
    const answer = script(channelId, n);
    if (answer) {
      res.writeHead(answer.status, { 'content-type': 'application/json', ...answer.headers });
      res.end(JSON.stringify(answer.body ?? { message: `scripted ${answer.status}`, code: 0 }));
      return;
    }
    const parsed = JSON.parse(body) as FakeMessage['body'];
    messages.push({ channelId, body: parsed, at: Date.now() });
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ id: String(900000000000000000n + nextId++), channel_id: channelId, ...parsed }));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    api: `http://127.0.0.1:${port}/api`,
    messages,
    requests,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

export const missingAccess = { status: 403, body: { message: 'Missing Access', code: 50001 } };
export const unknownChannel = { status: 404, body: { message: 'Unknown Channel', code: 10003 } };
export const tooManyRequests = (retryAfterS: number) => ({
  status: 429,
  body: { message: 'You are being rate limited.', retry_after: retryAfterS, global: false },
  headers: { 'retry-after': String(retryAfterS), 'x-ratelimit-scope': 'user' },
});

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    let data = '';
    req.setEncoding('utf8');
    req.on('data', (c: string) => {
      data += c;
    });
    req.on('end', () => resolve(data));
    req.on('error', reject);
  });
}
