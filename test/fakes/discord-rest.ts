import type { IncomingMessage, ServerResponse } from 'node:http';
import { performance } from 'node:perf_hooks';
import { snowflake } from './discord-objects.js';
import { onCallback, onWebhook } from './discord-interaction-routes.js';
import { type RecordedRequest, UPLOAD_LIMITS } from './discord-store.js';
import type { FakeDiscord } from './fake-discord.js';
import { checkCommands } from './payload-limits.js';
import { invalidBody, readRequestBody, type Reply } from './read-request.js';

// The fake Discord's REST API (v10): every request recorded, bodies and uploads checked against Discord's
// limits, then routed. Here: the gateway URL, application commands, DM channels and channel messages;
// interaction callbacks and webhooks are in discord-interaction-routes.ts.

export async function handleRequest(discord: FakeDiscord, req: IncomingMessage, res: ServerResponse) {
  const { store } = discord;
  const url = new URL(req.url ?? '/', 'http://x');
  const { body, uploads, malformed } = await readRequestBody(req);
  const record: RecordedRequest = {
    method: req.method ?? 'GET',
    path: url.pathname,
    query: Object.fromEntries(url.searchParams),
    body,
    status: 0,
    at: performance.now(),
    ...(uploads.length
      ? {
          uploads: uploads.map((u) => ({
            index: u.index,
            filename: u.filename,
            contentType: u.contentType,
            size: u.data.length,
          })),
        }
      : {}),
  };
  store.requests.push(record);
  store.uploads = uploads;
  const reply: Reply = (status, json, headers = {}) => {
    record.status = status;
    // Like Discord, a 204 has no body and no content type (discord.js would try to parse one).
    res.writeHead(status, status === 204 ? headers : { 'content-type': 'application/json', ...headers });
    res.end(json === undefined ? undefined : JSON.stringify(json));
  };
  if (malformed) {
    store.violations.push(`${req.method} ${url.pathname}: ${malformed}`);
    return reply(400, invalidBody());
  }
  const total = uploads.reduce((n, u) => n + u.data.length, 0);
  if (total > UPLOAD_LIMITS.bytes) {
    store.violations.push(`${req.method} ${url.pathname}: files of ${total} bytes > ${UPLOAD_LIMITS.bytes}`);
    return reply(413, { message: 'Request entity too large', code: 40005 });
  }
  const route = url.pathname.replace(/^\/api\/v10/, '');
  if (route === url.pathname) return reply(404, { message: 'Unknown API version', code: 0 });
  const authorized = req.headers.authorization === `Bot ${discord.token}`;
  const method = req.method ?? 'GET';

  if (method === 'GET' && (route === '/gateway/bot' || route === '/gateway')) {
    if (route === '/gateway/bot' && !authorized) return reply(401, { message: '401: Unauthorized', code: 0 });
    return reply(200, {
      url: discord.gatewayUrl,
      shards: discord.options.shards,
      session_start_limit: {
        total: 1000,
        remaining: 999,
        reset_after: 86_400_000,
        max_concurrency: discord.options.maxConcurrency,
      },
    });
  }
  // Interaction callbacks and webhooks authenticate by the interaction's token, not the bot's.
  const callback = route.match(/^\/interactions\/(\d+)\/([^/]+)\/callback$/);
  if (callback && method === 'POST')
    return onCallback(discord, callback[1] ?? '', decodeURIComponent(callback[2] ?? ''), body, url, reply);
  const webhook = route.match(/^\/webhooks\/(\d+)\/([^/]+)(?:\/messages\/([^/]+))?$/);
  if (webhook)
    return onWebhook(
      discord,
      method,
      webhook[1] ?? '',
      decodeURIComponent(webhook[2] ?? ''),
      webhook[3] === undefined ? undefined : decodeURIComponent(webhook[3]),
      body,
      reply,
    );
  if (!authorized) return reply(401, { message: '401: Unauthorized', code: 0 });
  const commands = route.match(/^\/applications\/(\d+)(?:\/guilds\/(\d+))?\/commands$/);
  if (commands && onCommands(discord, method, route, commands[1] ?? '', commands[2], body, reply)) return;
  if (route === '/users/@me/channels' && method === 'POST') return onOpenDm(discord, body, reply);
  if (/^\/channels\/\d+\/messages$/.test(route) && method === 'POST')
    return onChannelMessage(discord, route, body, reply);
  store.unhandled.push(`${req.method} ${route}`);
  return reply(404, { message: '404: Not Found', code: 0 });
}

/** PUT (bulk overwrite) or GET of global or guild commands; false for another method (unhandled). */
function onCommands(
  discord: FakeDiscord,
  method: string,
  route: string,
  appId: string,
  guildId: string | undefined,
  body: unknown,
  reply: Reply,
): boolean {
  const key = guildId ?? 'global';
  if (appId !== discord.applicationId) {
    reply(403, { message: 'Missing Access', code: 50001 });
    return true;
  }
  if (method === 'PUT') {
    const problems = checkCommands(body, `PUT ${route}`);
    if (problems.length) {
      discord.store.violations.push(...problems);
      reply(400, invalidBody(problems));
      return true;
    }
    const saved = (body as Record<string, unknown>[]).map((c) => ({
      ...c,
      id: snowflake(),
      application_id: discord.applicationId,
      version: snowflake(),
      ...(guildId ? { guild_id: guildId } : {}),
    }));
    discord.store.commands.set(key, saved);
    reply(200, saved);
    return true;
  }
  if (method === 'GET') {
    reply(200, discord.store.commands.get(key) ?? []);
    return true;
  }
  return false;
}

/** POST /users/@me/channels: the DM channel with a member (the same one each time). */
function onOpenDm(discord: FakeDiscord, body: unknown, reply: Reply) {
  const { dmChannels } = discord.store;
  const recipient = String((body as { recipient_id?: unknown } | undefined)?.recipient_id ?? '');
  if (!/^\d+$/.test(recipient)) return reply(400, invalidBody());
  const existing = [...dmChannels].find(([, user]) => user === recipient)?.[0];
  const dmId = existing ?? snowflake();
  dmChannels.set(dmId, recipient);
  return reply(200, {
    id: dmId,
    type: 1,
    last_message_id: null,
    flags: 0,
    recipients: [
      {
        id: recipient,
        username: `user-${recipient.slice(-4)}`,
        discriminator: '0',
        global_name: null,
        avatar: null,
      },
    ],
  });
}

/** Discord's 429 for a channel's bucket, with the rate-limit headers discord.js reads. */
function rateLimited(channelId: string, retryAfterMs: number, reply: Reply) {
  const after = retryAfterMs / 1000;
  return reply(
    429,
    { message: 'You are being rate limited.', retry_after: after, global: false },
    {
      'retry-after': String(Math.ceil(after)),
      'x-ratelimit-limit': '5',
      'x-ratelimit-remaining': '0',
      'x-ratelimit-reset-after': String(after),
      'x-ratelimit-bucket': `bucket-${channelId}`,
      'x-ratelimit-scope': 'user',
    },
  );
}

/**
 * POST /channels/:id/messages: to a DM channel (refused when the member's DMs are closed), or to a guild
 * channel after any scripted failure; checked against Discord's limits, then kept.
 */
function onChannelMessage(discord: FakeDiscord, route: string, body: unknown, reply: Reply) {
  const { store } = discord;
  const channelId = route.split('/')[2] ?? '';
  const dmUser = store.dmChannels.get(channelId);
  if (dmUser === undefined) {
    const script = store.takeScript(channelId);
    if (script?.status === 403) return reply(403, { message: 'Missing Access', code: 50001 });
    if (script?.status === 404) return reply(404, { message: 'Unknown Channel', code: 10003 });
    if (script) return rateLimited(channelId, script.retryAfterMs ?? 50, reply);
  } else if (store.closedDms.has(dmUser))
    return reply(403, { message: 'Cannot send messages to this user', code: 50007 });
  const problems = store.checkOutgoing(body, `POST ${route}`);
  store.violations.push(...problems);
  if (problems.length) return reply(400, invalidBody(problems));
  const message = store.storeMessage(channelId, body as Record<string, unknown>);
  if (dmUser !== undefined)
    store.directMessages.push({ userId: dmUser, body: body as Record<string, unknown> });
  else
    store.channelMessages.push({
      channelId,
      body: body as Record<string, unknown>,
      at: performance.now(),
      message,
    });
  store.events.emit('channel-message');
  return reply(200, discord.messageObject(message));
}
