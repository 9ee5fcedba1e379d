import { EventEmitter, once } from 'node:events';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { performance } from 'node:perf_hooks';
import { type WebSocket, WebSocketServer } from 'ws';
import {
  type FakeGuild,
  type FakeUser,
  guildObject,
  interactionPayload,
  messageObject,
  PERMISSIONS,
  snowflake,
} from './discord-objects.js';
import {
  describeInteraction,
  type FakeAttachment,
  FakeInteraction,
  type FakeMessage,
  type FakeModal,
  type FakeModalField,
  modalFields,
} from './fake-interaction.js';
import { checkChoices, checkCommands, checkMessage, checkModal } from './payload-limits.js';
import { readRequestBody, type Upload } from './read-request.js';

export * from './discord-objects.js';
export * from './fake-interaction.js';

/**
 * A fake Discord on loopback: the REST API (v10) and the gateway, faithful enough that the real discord.js
 * client logs in, receives interactions and answers them. Every request is recorded and every outgoing
 * payload is checked against Discord's limits (payload-limits.ts), so tests assert on what a member sees.
 *
 * Connect a client with `new Client({ rest: { api: discord.apiBase } })`: discord.js then asks
 * `GET {api}/v10/gateway/bot` for the gateway URL, which points back here.
 *
 * Typical use (test/discord/harness.ts `startBot` does the wiring):
 *   const sent = discord.sendCommand('law', { name: 'bipa' });      // options typed from the deployed definition
 *   const reply = await sent.reply();                               // what the member sees (after a deferral: the edit)
 *   reply.embeds[0]?.title; reply.ephemeral; sent.callbacks; sent.edits; sent.followUps
 *   await discord.pressButton(reply.id, 'search:page:…:1').reply(); // refuses missing or disabled buttons
 *   await discord.sendAutocomplete('law', { name: 'tex' }, 'name').choices();
 *   const form = await discord.sendCommand('suggest', {}, { subcommand: 'source' }).modal(); // a modal shown (callback 9)
 *   await discord.submitModal(interaction, { link: 'https://…', type: ['letter'] }).reply(); // the member submits it
 *   discord.sendMessageCommand('Suggest as a source', { content: 'see https://…' }); // message context menu
 *   discord.expireInteraction(id); discord.closedDms.add(userId); discord.directMessages // follow-ups and DMs
 *   discord.scriptChannel(channelId, 429);                          // next POST /channels/:id/messages is rate-limited
 *   await discord.waitForChannelMessages(1); discord.channelMessages  // what was posted to channels
 *   expect(discord.violations).toEqual([]);                         // every payload within Discord's limits, no mentions
 */

export interface RecordedRequest {
  method: string;
  path: string;
  query: Record<string, string>;
  body: unknown;
  status: number;
  at: number;
  /** Files sent with a multipart request (`files[n]` parts); the JSON is `body` (from `payload_json`). */
  uploads?: { index: number; filename: string; contentType: string; size: number }[];
}

/** Discord's documented upload limits for a server without boosts (API v10, "Uploading Files"). */
export const UPLOAD_LIMITS = { files: 10, bytes: 10 * 1024 * 1024, description: 1024 } as const;

export interface OptionInput {
  name: string;
  type: number;
  value?: string | number | boolean;
  focused?: boolean;
  options?: OptionInput[];
}

export interface FakeDiscordOptions {
  token?: string;
  applicationId?: string;
  guilds?: FakeGuild[];
  /** Shards the gateway recommends in GET /gateway/bot. */
  shards?: number;
  heartbeatIntervalMs?: number;
  /** Discord refuses callbacks this long after dispatch (real Discord: 3 s). */
  ackWindowMs?: number;
  /** Shards that may identify at once (1 for small bots; larger bots get 16+). Tests use 16 to start fast. */
  maxConcurrency?: number;
}

type ChannelScript = { status: 403 | 404 | 429; times: number; retryAfterMs?: number };

interface Session {
  socket: WebSocket;
  shard: [number, number];
  seq: number;
  ready: boolean;
}

export class FakeDiscord {
  readonly token: string;
  readonly applicationId: string;
  readonly botUser: FakeUser;
  readonly guilds: FakeGuild[];
  readonly requests: RecordedRequest[] = [];
  /** Every payload that broke a documented limit or allowed a mention, with the route. */
  readonly violations: string[] = [];
  /** Requests to routes this fake does not implement. */
  readonly unhandled: string[] = [];
  readonly identifies: Record<string, unknown>[] = [];
  readonly interactions = new Map<string, FakeInteraction>();
  readonly messages = new Map<string, FakeMessage>();
  /** Registered commands: `global` or a guild id → the bodies PUT there. */
  readonly commands = new Map<string, Record<string, unknown>[]>();
  /** Messages posted to channels: the request body, and the message as Discord keeps it (with its files). */
  readonly channelMessages: {
    channelId: string;
    body: Record<string, unknown>;
    at: number;
    message: FakeMessage;
  }[] = [];
  /** Messages the bot sent to members directly (POST /users/@me/channels, then to that channel). */
  readonly directMessages: { userId: string; body: Record<string, unknown> }[] = [];
  /** Members whose privacy settings refuse DMs from the bot (Discord answers 50007). */
  readonly closedDms = new Set<string>();
  private readonly dmChannels = new Map<string, string>();
  /** Files of the request being handled (set before the synchronous handlers run). */
  private uploads: Upload[] = [];
  heartbeats = 0;
  private readonly sessions = new Set<Session>();
  private readonly channelScripts = new Map<string, ChannelScript[]>();
  private readonly events = new EventEmitter();
  private server: Server | undefined;
  private wss: WebSocketServer | undefined;
  private port = 0;
  private readonly options: Required<Omit<FakeDiscordOptions, 'guilds'>>;

  constructor(options: FakeDiscordOptions = {}) {
    this.options = {
      token: options.token ?? 'fake-bot-token',
      applicationId: options.applicationId ?? '100000000000000001',
      shards: options.shards ?? 1,
      heartbeatIntervalMs: options.heartbeatIntervalMs ?? 41_250,
      ackWindowMs: options.ackWindowMs ?? 3000,
      maxConcurrency: options.maxConcurrency ?? 16,
    };
    this.token = this.options.token;
    this.applicationId = this.options.applicationId;
    this.botUser = { id: this.applicationId, username: 'Dossier' };
    this.guilds = options.guilds ?? [
      { id: '200000000000000001', name: 'Coalition', channels: ['300000000000000001'] },
    ];
    this.events.setMaxListeners(100);
  }

  /** The REST base to give discord.js (`rest.api`); it appends /v10. */
  get apiBase(): string {
    return `http://127.0.0.1:${this.port}/api`;
  }

  get gatewayUrl(): string {
    return `ws://127.0.0.1:${this.port}/gateway`;
  }

  async start(): Promise<this> {
    this.server = createServer((req, res) => void this.onRequest(req, res));
    this.wss = new WebSocketServer({ noServer: true });
    this.server.on('upgrade', (req, socket, head) => {
      const url = new URL(req.url ?? '/', 'http://x');
      if (url.pathname !== '/gateway') return void socket.destroy();
      this.wss?.handleUpgrade(req, socket, head, (ws) => this.onGateway(ws, url));
    });
    this.server.listen(0, '127.0.0.1');
    await once(this.server, 'listening');
    this.port = (this.server.address() as AddressInfo).port;
    return this;
  }

  async stop(): Promise<void> {
    for (const s of this.sessions) s.socket.terminate();
    this.wss?.close();
    await new Promise<void>((resolve) => {
      if (!this.server) return resolve();
      this.server.closeAllConnections();
      this.server.close(() => resolve());
    });
  }

  /** Resolves when `count` shards have identified and been sent READY and their guilds. */
  async waitForReady(count = 1, timeoutMs = 10_000): Promise<void> {
    const ready = () => [...this.sessions].filter((s) => s.ready).length >= count;
    if (ready()) return;
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new Error(`fake-discord: ${count} shard(s) not ready in ${timeoutMs} ms`)),
        timeoutMs,
      );
      const check = () => {
        if (ready()) {
          clearTimeout(timer);
          this.events.off('ready', check);
          resolve();
        }
      };
      this.events.on('ready', check);
    });
  }

  /** Makes the next `times` messages posted to `channelId` fail with `status` (403, 404 or 429). */
  scriptChannel(channelId: string, status: 403 | 404 | 429, times = 1, retryAfterMs = 50): void {
    const list = this.channelScripts.get(channelId) ?? [];
    list.push({ status, times, retryAfterMs });
    this.channelScripts.set(channelId, list);
  }

  /** The definition registered for `name` (guild first, then global). */
  commandDefinition(name: string, guildId?: string): Record<string, unknown> | undefined {
    const lists = [guildId ? this.commands.get(guildId) : undefined, this.commands.get('global')];
    for (const list of lists) {
      const found = list?.find((c) => c.name === name);
      if (found) return found;
    }
    return undefined;
  }

  // ---------- sending interactions ----------

  /**
   * A member runs a slash command. `options` are by name; their types come from the registered definition
   * (deploy commands first), or are strings. `subcommand` selects one. Pass `rawOptions` to send exactly
   * those options (the fuzz test).
   */
  sendCommand(
    name: string,
    options: Record<string, string | number | boolean> = {},
    extra: {
      subcommand?: string;
      user?: FakeUser;
      permissions?: bigint;
      /** Role ids the member holds. */
      roles?: string[];
      guildId?: string | null | undefined;
      channelId?: string;
      rawOptions?: OptionInput[];
      focused?: string;
      autocomplete?: boolean;
    } = {},
  ): FakeInteraction {
    const guildId = extra.guildId === undefined ? this.guilds[0]?.id : extra.guildId;
    const definition = this.commandDefinition(name, guildId ?? undefined);
    const defOptions = (definition?.options ?? []) as { name: string; type: number; options?: unknown[] }[];
    let scope = defOptions;
    const sub = extra.subcommand
      ? defOptions.find((o) => o.name === extra.subcommand && o.type === 1)
      : undefined;
    if (sub) scope = (sub.options ?? []) as typeof defOptions;
    const built: OptionInput[] = Object.entries(options).map(([key, value]) => ({
      name: key,
      type:
        scope.find((o) => o.name === key)?.type ??
        (typeof value === 'number' ? 4 : typeof value === 'boolean' ? 5 : 3),
      value,
      ...(extra.focused === key ? { focused: true } : {}),
    }));
    const opts =
      extra.rawOptions ?? (extra.subcommand ? [{ name: extra.subcommand, type: 1, options: built }] : built);
    const data = {
      id: (definition?.id as string | undefined) ?? snowflake(),
      name,
      type: 1,
      ...(guildId && definition && this.commands.get(guildId)?.includes(definition)
        ? { guild_id: guildId }
        : {}),
      options: opts,
    };
    return this.dispatchInteraction(extra.autocomplete ? 4 : 2, data, extra);
  }

  /** A member types in an autocomplete option: `focused` names the option being typed. */
  sendAutocomplete(
    name: string,
    options: Record<string, string>,
    focused: string,
    extra: { subcommand?: string; user?: FakeUser; guildId?: string | null } = {},
  ): FakeInteraction {
    return this.sendCommand(name, options, { ...extra, focused, autocomplete: true });
  }

  /**
   * A member runs a message context-menu command (type 3) on `message`, which need not be the bot's:
   * Discord sends the target's id and the message itself under `resolved.messages`.
   */
  sendMessageCommand(
    name: string,
    message: { id?: string; content: string; author?: FakeUser; channelId?: string },
    extra: { user?: FakeUser; permissions?: bigint; guildId?: string | null | undefined } = {},
  ): FakeInteraction {
    const guildId = extra.guildId === undefined ? this.guilds[0]?.id : extra.guildId;
    const definition = [guildId ? this.commands.get(guildId) : undefined, this.commands.get('global')]
      .flatMap((list) => list ?? [])
      .find((c) => c.name === name && c.type === 3);
    if (!definition) throw new Error(`fake-discord: no message command "${name}" is registered`);
    const channelId =
      message.channelId ?? this.guilds.find((g) => g.id === guildId)?.channels[0] ?? '300000000000000099';
    const author = message.author ?? { id: '400000000000000050', username: 'poster' };
    const target = {
      id: message.id ?? snowflake(),
      channel_id: channelId,
      type: 0,
      content: message.content,
      embeds: [],
      components: [],
      attachments: [],
      author: {
        id: author.id,
        username: author.username,
        discriminator: '0',
        global_name: author.username,
        avatar: null,
      },
      mentions: [],
      mention_roles: [],
      mention_everyone: false,
      pinned: false,
      tts: false,
      flags: 0,
      timestamp: new Date().toISOString(),
      edited_timestamp: null,
    };
    const data = {
      id: definition.id as string,
      name,
      type: 3,
      target_id: target.id,
      resolved: { messages: { [target.id]: target } },
      ...(definition.guild_id ? { guild_id: definition.guild_id } : {}),
    };
    return this.dispatchInteraction(2, data, { ...extra, channelId });
  }

  /**
   * A member fills in and submits the modal the bot opened for `shown`. `values` are by custom_id: a
   * string for a text input, an array for a select. Like Discord's client, refuses to submit a required
   * field left empty, a text outside its length bounds, or a select value that is not an option. Fields
   * not given keep the value the bot prefilled.
   */
  submitModal(
    shown: FakeInteraction,
    values: Record<string, string | string[]>,
    extra: { user?: FakeUser; permissions?: bigint; guildId?: string | null | undefined } = {},
  ): FakeInteraction {
    const first = shown.callbacks[0];
    if (first?.type !== 9) throw new Error(`fake-discord: interaction ${shown.id} opened no modal`);
    const modal = first.data as unknown as FakeModal;
    const known = new Set(modalFields(modal).map((f) => f.custom_id));
    for (const key of Object.keys(values))
      if (!known.has(key)) throw new Error(`fake-discord: the modal has no field "${key}"`);
    const submitted = (field: FakeModalField) => {
      const given = values[field.custom_id];
      if (field.type === 3) {
        const chosen = Array.isArray(given)
          ? given
          : (field.options ?? []).filter((o) => o.default).map((o) => o.value);
        for (const v of chosen)
          if (!(field.options ?? []).some((o) => o.value === v))
            throw new Error(`fake-discord: "${v}" is not an option of ${field.custom_id}`);
        if ((field.required ?? true) && chosen.length < Math.max(1, field.min_values ?? 1))
          throw new Error(`fake-discord: ${field.custom_id} is required`);
        return { type: 3, id: 0, custom_id: field.custom_id, values: chosen };
      }
      const value = typeof given === 'string' ? given : (field.value ?? '');
      if ((field.required ?? true) && value.length === 0)
        throw new Error(`fake-discord: ${field.custom_id} is required`);
      if (value.length > 0 && value.length < (field.min_length ?? 0))
        throw new Error(`fake-discord: ${field.custom_id} is shorter than ${field.min_length}`);
      if (value.length > (field.max_length ?? 4000))
        throw new Error(`fake-discord: ${field.custom_id} is longer than ${field.max_length}`);
      return { type: 4, id: 0, custom_id: field.custom_id, value };
    };
    let n = 0;
    const components = modal.components.map((c) => {
      n++;
      if (c.component) return { type: 18, id: n, component: { ...submitted(c.component), id: ++n } };
      return { type: 1, id: n, components: (c.components ?? []).map((f) => ({ ...submitted(f), id: ++n })) };
    });
    const source = shown.sourceMessageId ? this.messages.get(shown.sourceMessageId) : undefined;
    const guildId =
      extra.guildId === undefined ? ((shown.payload.guild_id as string | undefined) ?? null) : extra.guildId;
    const user =
      extra.user ??
      (shown.payload.member as { user?: FakeUser } | undefined)?.user ??
      (shown.payload.user as FakeUser | undefined);
    return this.dispatchInteraction(
      5,
      { custom_id: modal.custom_id, components },
      {
        ...extra,
        guildId,
        ...(user ? { user: { id: user.id, username: user.username } } : {}),
        // The same member submits: their permissions come with the submit, as Discord sends them.
        permissions:
          extra.permissions ??
          BigInt(
            String(
              (shown.payload.member as { permissions?: string } | undefined)?.permissions ??
                PERMISSIONS.member,
            ),
          ),
        channelId: String(shown.payload.channel_id),
      },
      source,
    );
  }

  /** The interaction's token has expired (15 minutes in Discord): follow-ups and edits get 404 Unknown Webhook. */
  expireInteraction(id: string): void {
    const interaction = this.interactions.get(id);
    if (interaction) interaction.expired = true;
  }

  /**
   * A member presses a button on a message the bot sent. Like Discord, refuses buttons that are not on
   * the message or are disabled.
   */
  pressButton(
    messageId: string,
    customId: string,
    extra: {
      user?: FakeUser;
      permissions?: bigint;
      /** Role ids the member holds. */
      roles?: string[];
      guildId?: string | null | undefined;
      force?: boolean;
      /** 2 for a button (default); 3 for a string select menu, sent with `values`. */
      componentType?: 2 | 3;
      values?: string[];
    } = {},
  ): FakeInteraction {
    const message = this.messages.get(messageId);
    if (!message) throw new Error(`fake-discord: no message ${messageId}`);
    if (!extra.force) {
      const buttons = message.components.flatMap((r) => (r.components ?? []) as Record<string, unknown>[]);
      const button = buttons.find((b) => b.custom_id === customId);
      if (!button) throw new Error(`fake-discord: message ${messageId} has no button "${customId}"`);
      if (button.disabled) throw new Error(`fake-discord: button "${customId}" is disabled`);
    }
    return this.dispatchInteraction(
      3,
      {
        custom_id: customId,
        component_type: extra.componentType ?? 2,
        ...(extra.componentType === 3 ? { values: extra.values ?? [] } : {}),
      },
      { ...extra, channelId: message.channel_id },
      message,
    );
  }

  private dispatchInteraction(
    type: number,
    data: Record<string, unknown>,
    extra: {
      user?: FakeUser;
      permissions?: bigint;
      roles?: string[];
      guildId?: string | null | undefined;
      channelId?: string;
    },
    message?: FakeMessage,
  ): FakeInteraction {
    const guildId = extra.guildId === undefined ? this.guilds[0]?.id : extra.guildId;
    const guild = this.guilds.find((g) => g.id === guildId);
    const channelId = extra.channelId ?? guild?.channels[0] ?? '300000000000000099';
    const user = extra.user ?? { id: '400000000000000001', username: 'member' };
    const permissions = (extra.permissions ?? PERMISSIONS.member).toString();
    const id = snowflake();
    const token = `itoken-${id}-${Math.random().toString(36).slice(2)}`;
    const payload = interactionPayload({
      id,
      token,
      applicationId: this.applicationId,
      type,
      data,
      guildId,
      channelId,
      user,
      permissions,
      roles: extra.roles ?? [],
      message: message ? this.messageObject(message) : undefined,
    });
    const interaction = new FakeInteraction(this, id, token, type, payload, message?.id);
    this.interactions.set(id, interaction);
    const shardCount = Math.max(1, ...[...this.sessions].map((s) => s.shard[1]));
    const shardId = guildId ? Number((BigInt(guildId) >> 22n) % BigInt(shardCount)) : 0;
    const session =
      [...this.sessions].find((s) => s.ready && s.shard[0] === shardId) ??
      [...this.sessions].find((s) => s.ready);
    if (!session) throw new Error('fake-discord: no client connected to the gateway');
    interaction.dispatchedAt = performance.now();
    this.dispatch(session, 'INTERACTION_CREATE', payload);
    return interaction;
  }

  /** A stored message as the REST API returns it. */
  messageObject(m: FakeMessage): Record<string, unknown> {
    return messageObject(m, {
      botUser: this.botUser,
      apiBase: this.apiBase,
      applicationId: this.applicationId,
    });
  }

  // ---------- gateway ----------

  private onGateway(socket: WebSocket, url: URL) {
    if (url.searchParams.get('v') !== '10' || url.searchParams.get('encoding') !== 'json') {
      socket.close(4012, 'Invalid API version');
      return;
    }
    const session: Session = { socket, shard: [0, 1], seq: 0, ready: false };
    this.sessions.add(session);
    socket.on('close', () => this.sessions.delete(session));
    socket.on('message', (raw) => {
      let packet: { op: number; d: unknown };
      try {
        packet = JSON.parse(String(raw));
      } catch {
        return void socket.close(4002, 'Decode error');
      }
      this.onPacket(session, packet);
    });
    this.send(session, { op: 10, d: { heartbeat_interval: this.options.heartbeatIntervalMs } });
  }

  private onPacket(session: Session, packet: { op: number; d: unknown }) {
    switch (packet.op) {
      case 1:
        this.heartbeats++;
        this.send(session, { op: 11 });
        return;
      case 2: {
        const d = packet.d as { token?: string; shard?: [number, number]; intents?: number };
        this.identifies.push(d as Record<string, unknown>);
        if (d.token !== this.token && d.token !== `Bot ${this.token}`)
          return void session.socket.close(4004, 'Authentication failed');
        session.shard = d.shard ?? [0, 1];
        const [shardId, shardCount] = session.shard;
        const mine = this.guilds.filter(
          (g) => Number((BigInt(g.id) >> 22n) % BigInt(shardCount)) === shardId,
        );
        this.dispatch(session, 'READY', {
          v: 10,
          user: {
            ...this.botUser,
            discriminator: '0',
            bot: true,
            avatar: null,
            global_name: null,
            verified: true,
            flags: 0,
          },
          guilds: mine.map((g) => ({ id: g.id, unavailable: true })),
          session_id: `session-${snowflake()}`,
          resume_gateway_url: this.gatewayUrl,
          shard: session.shard,
          application: { id: this.applicationId, flags: 0 },
        });
        for (const g of mine) this.dispatch(session, 'GUILD_CREATE', guildObject(g));
        session.ready = true;
        this.events.emit('ready');
        return;
      }
      case 6:
        // No resume state is kept: tell the client to identify afresh, as Discord does for a stale session.
        this.send(session, { op: 9, d: false });
        return;
      default:
        return;
    }
  }

  private send(session: Session, packet: Record<string, unknown>) {
    if (session.socket.readyState === session.socket.OPEN) session.socket.send(JSON.stringify(packet));
  }

  private dispatch(session: Session, t: string, d: unknown) {
    session.seq++;
    this.send(session, { op: 0, t, s: session.seq, d });
  }

  // ---------- REST ----------

  private async onRequest(req: IncomingMessage, res: ServerResponse) {
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
    this.requests.push(record);
    this.uploads = uploads;
    const reply = (status: number, json?: unknown, headers: Record<string, string> = {}) => {
      record.status = status;
      // Like Discord, a 204 has no body and no content type (discord.js would try to parse one).
      res.writeHead(status, status === 204 ? headers : { 'content-type': 'application/json', ...headers });
      res.end(json === undefined ? undefined : JSON.stringify(json));
    };
    if (malformed) {
      this.violations.push(`${req.method} ${url.pathname}: ${malformed}`);
      return reply(400, { message: 'Invalid Form Body', code: 50035 });
    }
    const total = uploads.reduce((n, u) => n + u.data.length, 0);
    if (total > UPLOAD_LIMITS.bytes) {
      this.violations.push(`${req.method} ${url.pathname}: files of ${total} bytes > ${UPLOAD_LIMITS.bytes}`);
      return reply(413, { message: 'Request entity too large', code: 40005 });
    }
    const route = url.pathname.replace(/^\/api\/v10/, '');
    if (route === url.pathname) return reply(404, { message: 'Unknown API version', code: 0 });
    const authorized = req.headers.authorization === `Bot ${this.token}`;
    const m = (re: RegExp) => route.match(re);

    if (req.method === 'GET' && (route === '/gateway/bot' || route === '/gateway')) {
      if (route === '/gateway/bot' && !authorized)
        return reply(401, { message: '401: Unauthorized', code: 0 });
      return reply(200, {
        url: this.gatewayUrl,
        shards: this.options.shards,
        session_start_limit: {
          total: 1000,
          remaining: 999,
          reset_after: 86_400_000,
          max_concurrency: this.options.maxConcurrency,
        },
      });
    }
    const callback = m(/^\/interactions\/(\d+)\/([^/]+)\/callback$/);
    if (callback && req.method === 'POST') {
      const match = callback;
      return this.onCallback(match[1] ?? '', decodeURIComponent(match[2] ?? ''), body, url, reply);
    }
    const webhook = m(/^\/webhooks\/(\d+)\/([^/]+)(?:\/messages\/([^/]+))?$/);
    if (webhook) {
      const match = webhook;
      return this.onWebhook(
        req.method ?? 'GET',
        match[1] ?? '',
        decodeURIComponent(match[2] ?? ''),
        match[3] === undefined ? undefined : decodeURIComponent(match[3]),
        body,
        reply,
      );
    }
    if (!authorized) return reply(401, { message: '401: Unauthorized', code: 0 });
    const commands = m(/^\/applications\/(\d+)(?:\/guilds\/(\d+))?\/commands$/);
    if (commands) {
      const match = commands;
      const key = match[2] ?? 'global';
      if (match[1] !== this.applicationId) return reply(403, { message: 'Missing Access', code: 50001 });
      if (req.method === 'PUT') {
        const problems = checkCommands(body, `PUT ${route}`);
        if (problems.length) {
          this.violations.push(...problems);
          return reply(400, { message: 'Invalid Form Body', code: 50035, errors: problems });
        }
        const saved = (body as Record<string, unknown>[]).map((c) => ({
          ...c,
          id: snowflake(),
          application_id: this.applicationId,
          version: snowflake(),
          ...(match[2] ? { guild_id: match[2] } : {}),
        }));
        this.commands.set(key, saved);
        return reply(200, saved);
      }
      if (req.method === 'GET') return reply(200, this.commands.get(key) ?? []);
    }
    if (route === '/users/@me/channels' && req.method === 'POST') {
      const recipient = String((body as { recipient_id?: unknown } | undefined)?.recipient_id ?? '');
      if (!/^\d+$/.test(recipient)) return reply(400, { message: 'Invalid Form Body', code: 50035 });
      const existing = [...this.dmChannels].find(([, user]) => user === recipient)?.[0];
      const dmId = existing ?? snowflake();
      this.dmChannels.set(dmId, recipient);
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
    const channel = m(/^\/channels\/(\d+)\/messages$/);
    if (channel && req.method === 'POST') {
      const match = channel;
      const channelId = match[1] ?? '';
      const dmUser = this.dmChannels.get(channelId);
      if (dmUser !== undefined) {
        if (this.closedDms.has(dmUser))
          return reply(403, { message: 'Cannot send messages to this user', code: 50007 });
        const problems = this.checkOutgoing(body, `POST ${route}`);
        this.violations.push(...problems);
        if (problems.length)
          return reply(400, { message: 'Invalid Form Body', code: 50035, errors: problems });
        const message = this.storeMessage(channelId, body as Record<string, unknown>);
        this.directMessages.push({ userId: dmUser, body: body as Record<string, unknown> });
        this.events.emit('channel-message');
        return reply(200, this.messageObject(message));
      }
      const script = this.channelScripts.get(channelId)?.[0];
      if (script) {
        script.times--;
        if (script.times <= 0) this.channelScripts.get(channelId)?.shift();
        if (script.status === 403) return reply(403, { message: 'Missing Access', code: 50001 });
        if (script.status === 404) return reply(404, { message: 'Unknown Channel', code: 10003 });
        const after = (script.retryAfterMs ?? 50) / 1000;
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
      const problems = this.checkOutgoing(body, `POST ${route}`);
      this.violations.push(...problems);
      if (problems.length) return reply(400, { message: 'Invalid Form Body', code: 50035, errors: problems });
      const message = this.storeMessage(channelId, body as Record<string, unknown>);
      this.channelMessages.push({
        channelId,
        body: body as Record<string, unknown>,
        at: performance.now(),
        message,
      });
      this.events.emit('channel-message');
      return reply(200, this.messageObject(message));
    }
    this.unhandled.push(`${req.method} ${route}`);
    return reply(404, { message: '404: Not Found', code: 0 });
  }

  private onCallback(
    id: string,
    token: string,
    body: unknown,
    url: URL,
    reply: (status: number, json?: unknown) => void,
  ) {
    const interaction = this.interactions.get(id);
    if (!interaction || interaction.token !== token)
      return reply(404, { message: 'Unknown interaction', code: 10062 });
    const at = performance.now();
    if (interaction.callbacks.length > 0)
      return reply(400, { message: 'Interaction has already been acknowledged.', code: 40060 });
    if (at - interaction.dispatchedAt > this.options.ackWindowMs) {
      this.violations.push(
        `interaction ${id}: acknowledged after ${Math.round(at - interaction.dispatchedAt)} ms`,
      );
      return reply(404, { message: 'Unknown interaction', code: 10062 });
    }
    const { type, data } = (body ?? {}) as { type: number; data?: Record<string, unknown> };
    const where = `callback ${type} for ${describeInteraction(interaction.payload)}`;
    // Modals (9) answer commands and components, never a modal submit; a submit may update the message
    // (6, 7) only when its modal was opened from a component on that message.
    const allowed: Record<number, number[]> = {
      2: [4, 5, 9],
      3: [4, 5, 6, 7, 9],
      4: [8],
      5: interaction.sourceMessageId ? [4, 5, 6, 7] : [4, 5],
    };
    if (!allowed[interaction.type]?.includes(type)) {
      this.violations.push(
        `${where}: callback type ${type} is not valid for interaction type ${interaction.type}`,
      );
      return reply(400, { message: 'Interaction callback type invalid', code: 50035 });
    }
    const problems =
      type === 8
        ? checkChoices(data, where)
        : type === 9
          ? checkModal(data, where)
          : type === 4 || type === 7
            ? this.checkOutgoing(data, where)
            : [];
    this.violations.push(...problems);
    if (problems.length) return reply(400, { message: 'Invalid Form Body', code: 50035, errors: problems });
    interaction.callbacks.push({ type, data, at });
    const channelId = String(interaction.payload.channel_id);
    if (type === 4 || type === 5) {
      const message = this.storeMessage(
        channelId,
        type === 4 ? (data ?? {}) : { content: '', flags: ((data?.flags as number) ?? 0) | 128 },
        id,
      );
      interaction.originalMessageId = message.id;
    } else if (type !== 9) {
      interaction.originalMessageId = interaction.sourceMessageId;
      if (type === 7 && interaction.sourceMessageId)
        this.editMessage(interaction.sourceMessageId, data ?? {});
    }
    interaction.emit('change');
    if (url.searchParams.get('with_response') === 'true') {
      const message = interaction.originalMessageId
        ? this.messages.get(interaction.originalMessageId)
        : undefined;
      return reply(200, {
        interaction: {
          id,
          type: interaction.type,
          response_message_id: message?.id,
          response_message_loading: type === 5,
          response_message_ephemeral: false,
        },
        resource: { type, ...(message ? { message: this.messageObject(message) } : {}) },
      });
    }
    return reply(204);
  }

  private onWebhook(
    method: string,
    appId: string,
    token: string,
    messageRef: string | undefined,
    body: unknown,
    reply: (status: number, json?: unknown) => void,
  ) {
    const interaction = [...this.interactions.values()].find((i) => i.token === token);
    if (appId !== this.applicationId || !interaction || interaction.expired)
      return reply(404, { message: 'Unknown Webhook', code: 10015 });
    if (interaction.callbacks.length === 0) return reply(404, { message: 'Unknown Webhook', code: 10015 });
    const where = `${method} webhook ${messageRef ?? ''} for ${describeInteraction(interaction.payload)}`;
    const messageId = messageRef === '@original' ? interaction.originalMessageId : messageRef;
    if (method === 'POST' && !messageRef) {
      const problems = this.checkOutgoing(body, where);
      this.violations.push(...problems);
      if (problems.length) return reply(400, { message: 'Invalid Form Body', code: 50035, errors: problems });
      const message = this.storeMessage(
        String(interaction.payload.channel_id),
        body as Record<string, unknown>,
        interaction.id,
      );
      interaction.followUps.push({ data: body as Record<string, unknown>, at: performance.now(), message });
      interaction.emit('change');
      return reply(200, this.messageObject(message));
    }
    const message = messageId ? this.messages.get(messageId) : undefined;
    if (!message) return reply(404, { message: 'Unknown Message', code: 10008 });
    if (method === 'GET') return reply(200, this.messageObject(message));
    if (method === 'DELETE') {
      this.messages.delete(message.id);
      return reply(204);
    }
    if (method === 'PATCH') {
      const problems = this.checkOutgoing(body, where);
      this.violations.push(...problems);
      if (problems.length) return reply(400, { message: 'Invalid Form Body', code: 50035, errors: problems });
      this.editMessage(message.id, body as Record<string, unknown>);
      interaction.edits.push({ data: body as Record<string, unknown>, at: performance.now() });
      interaction.emit('change');
      return reply(200, this.messageObject(this.messages.get(message.id) as FakeMessage));
    }
    this.unhandled.push(`${method} webhook`);
    return reply(405, { message: '405: Method Not Allowed', code: 0 });
  }

  /**
   * checkMessage, plus what Discord checks of files: at most 10, each `attachments[]` entry naming an
   * uploaded `files[n]` (by n) or a file the message already has (by id), alt text ≤ 1,024 characters, and
   * every `attachment://name` an embed shows being one of the message's files.
   */
  private checkOutgoing(body: unknown, where: string): string[] {
    const problems = checkMessage(body, where);
    const data = (body ?? {}) as { attachments?: unknown; embeds?: unknown };
    const uploads = this.uploads;
    if (uploads.length > UPLOAD_LIMITS.files)
      problems.push(`${where}: ${uploads.length} files > ${UPLOAD_LIMITS.files}`);
    const listed = Array.isArray(data.attachments) ? (data.attachments as Record<string, unknown>[]) : [];
    const names = new Set(uploads.map((u) => u.filename));
    for (const [i, a] of listed.entries()) {
      const id = String(a.id ?? '');
      const upload = uploads.find((u) => String(u.index) === id);
      const existing = [...this.messages.values()].some((m) => m.attachments.some((x) => x.id === id));
      if (!upload && !existing) problems.push(`${where}.attachments[${i}]: id ${id} names no uploaded file`);
      if (typeof a.filename === 'string') names.add(a.filename);
      if (typeof a.description === 'string' && a.description.length > UPLOAD_LIMITS.description)
        problems.push(
          `${where}.attachments[${i}].description: ${a.description.length} chars > ${UPLOAD_LIMITS.description}`,
        );
    }
    const embeds = Array.isArray(data.embeds) ? (data.embeds as { image?: { url?: unknown } }[]) : [];
    for (const [i, e] of embeds.entries()) {
      const url = typeof e.image?.url === 'string' ? e.image.url : '';
      const name = url.startsWith('attachment://') ? url.slice('attachment://'.length) : undefined;
      if (name !== undefined && !names.has(name) && uploads.length + listed.length > 0)
        problems.push(`${where}.embeds[${i}].image: attachment://${name} is not one of the message's files`);
      if (name !== undefined && uploads.length + listed.length === 0)
        problems.push(`${where}.embeds[${i}].image: attachment://${name} but no file was sent`);
    }
    return problems;
  }

  /** A message's files after a create or edit: the `attachments` it keeps by id, then the new uploads. */
  private attachmentsFor(data: Record<string, unknown>, current: FakeAttachment[]): FakeAttachment[] {
    const listed = Array.isArray(data.attachments)
      ? (data.attachments as { id?: unknown; description?: unknown }[])
      : undefined;
    const kept = listed ? current.filter((a) => listed.some((l) => String(l.id) === a.id)) : current;
    const added = this.uploads.map((u) => {
      const meta = listed?.find((l) => String(l.id) === String(u.index));
      return {
        id: snowflake(),
        filename: u.filename,
        size: u.data.length,
        content_type: u.contentType,
        ...(typeof meta?.description === 'string' ? { description: meta.description } : {}),
        data: u.data,
      };
    });
    return [...kept, ...added];
  }

  private storeMessage(
    channelId: string,
    data: Record<string, unknown>,
    interactionId?: string,
  ): FakeMessage {
    const message: FakeMessage = {
      id: snowflake(),
      channel_id: channelId,
      content: (data.content as string | undefined) ?? '',
      embeds: (data.embeds as Record<string, unknown>[] | undefined) ?? [],
      components: (data.components as Record<string, unknown>[] | undefined) ?? [],
      flags: (data.flags as number | undefined) ?? 0,
      ...(interactionId ? { interactionId } : {}),
      attachments: this.attachmentsFor(data, []),
    };
    this.messages.set(message.id, message);
    return message;
  }

  private editMessage(id: string, data: Record<string, unknown>) {
    const message = this.messages.get(id);
    if (!message) return;
    if (data.content !== undefined) message.content = (data.content as string | null) ?? '';
    if (data.embeds !== undefined) message.embeds = (data.embeds as Record<string, unknown>[] | null) ?? [];
    if (data.components !== undefined)
      message.components = (data.components as Record<string, unknown>[] | null) ?? [];
    message.attachments = this.attachmentsFor(data, message.attachments);
    // Editing a deferred ("thinking…") message replaces it: the loading flag goes, ephemeral stays.
    message.flags &= ~128;
  }

  async waitForChannelMessages(count: number, timeoutMs = 5000): Promise<void> {
    if (this.channelMessages.length >= count) return;
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new Error(`fake-discord: ${count} channel messages not posted in ${timeoutMs} ms`)),
        timeoutMs,
      );
      const check = () => {
        if (this.channelMessages.length >= count) {
          clearTimeout(timer);
          this.events.off('channel-message', check);
          resolve();
        }
      };
      this.events.on('channel-message', check);
    });
  }
}

export async function startFakeDiscord(options: FakeDiscordOptions = {}): Promise<FakeDiscord> {
  return new FakeDiscord(options).start();
}
