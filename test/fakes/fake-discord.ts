import { once } from 'node:events';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { WebSocketServer } from 'ws';
import { type FakeGuild, type FakeUser, messageObject } from './discord-objects.js';
import { FakeGateway } from './discord-gateway.js';
import {
  type ButtonExtra,
  type CommandExtra,
  type MemberExtra,
  pressButton,
  sendCommand,
  sendMessageCommand,
  submitModal,
} from './discord-members.js';
import { handleRequest } from './discord-rest.js';
import { DiscordStore } from './discord-store.js';
import type { FakeInteraction, FakeMessage } from './fake-interaction.js';

export * from './discord-objects.js';
export * from './fake-interaction.js';
export type { ButtonExtra, CommandExtra, MemberExtra, OptionInput } from './discord-members.js';
export { type ChannelMessage, type RecordedRequest, UPLOAD_LIMITS } from './discord-store.js';

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

/**
 * The fake's face to tests: its identity and server, what it recorded (kept in `store`, see
 * discord-store.ts), and what members do (discord-members.ts). The gateway is discord-gateway.ts, the REST
 * routes discord-rest.ts and discord-interaction-routes.ts.
 */
export class FakeDiscord {
  readonly token: string;
  readonly applicationId: string;
  readonly botUser: FakeUser;
  readonly guilds: FakeGuild[];
  readonly options: Required<Omit<FakeDiscordOptions, 'guilds'>>;
  /** Everything the fake keeps: requests, interactions, messages, commands, DMs, scripted failures. */
  readonly store = new DiscordStore();
  readonly gateway: FakeGateway;
  readonly requests = this.store.requests;
  /** Every payload that broke a documented limit or allowed a mention, with the route. */
  readonly violations = this.store.violations;
  /** Requests to routes this fake does not implement. */
  readonly unhandled = this.store.unhandled;
  readonly interactions = this.store.interactions;
  readonly messages = this.store.messages;
  /** Registered commands: `global` or a guild id → the bodies PUT there. */
  readonly commands = this.store.commands;
  /** Messages posted to channels: the request body, and the message as Discord keeps it (with its files). */
  readonly channelMessages = this.store.channelMessages;
  /** Messages the bot sent to members directly (POST /users/@me/channels, then to that channel). */
  readonly directMessages = this.store.directMessages;
  /** Members whose privacy settings refuse DMs from the bot (Discord answers 50007). */
  readonly closedDms = this.store.closedDms;
  private server: Server | undefined;
  private wss: WebSocketServer | undefined;
  private port = 0;

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
    this.gateway = new FakeGateway({
      token: this.token,
      applicationId: this.applicationId,
      botUser: this.botUser,
      guilds: this.guilds,
      heartbeatIntervalMs: this.options.heartbeatIntervalMs,
      gatewayUrl: () => this.gatewayUrl,
    });
  }

  /** The REST base to give discord.js (`rest.api`); it appends /v10. */
  get apiBase(): string {
    return `http://127.0.0.1:${this.port}/api`;
  }

  get gatewayUrl(): string {
    return `ws://127.0.0.1:${this.port}/gateway`;
  }

  /** Identify payloads the gateway received, in order. */
  get identifies(): Record<string, unknown>[] {
    return this.gateway.identifies;
  }

  /** Heartbeats the gateway received. */
  get heartbeats(): number {
    return this.gateway.heartbeats;
  }

  async start(): Promise<this> {
    this.server = createServer((req, res) => void handleRequest(this, req, res));
    this.wss = new WebSocketServer({ noServer: true });
    this.server.on('upgrade', (req, socket, head) => {
      const url = new URL(req.url ?? '/', 'http://x');
      if (url.pathname !== '/gateway') return void socket.destroy();
      this.wss?.handleUpgrade(req, socket, head, (ws) => this.gateway.accept(ws, url));
    });
    this.server.listen(0, '127.0.0.1');
    await once(this.server, 'listening');
    this.port = (this.server.address() as AddressInfo).port;
    return this;
  }

  async stop(): Promise<void> {
    this.gateway.terminate();
    this.wss?.close();
    await new Promise<void>((resolve) => {
      if (!this.server) return resolve();
      this.server.closeAllConnections();
      this.server.close(() => resolve());
    });
  }

  /** Resolves when `count` shards have identified and been sent READY and their guilds. */
  waitForReady(count = 1, timeoutMs = 10_000): Promise<void> {
    return this.gateway.waitForReady(count, timeoutMs);
  }

  /** Makes the next `times` messages posted to `channelId` fail with `status` (403, 404 or 429). */
  scriptChannel(channelId: string, status: 403 | 404 | 429, times = 1, retryAfterMs = 50): void {
    this.store.scriptChannel(channelId, status, times, retryAfterMs);
  }

  /** The definition registered for `name` (guild first, then global). */
  commandDefinition(name: string, guildId?: string): Record<string, unknown> | undefined {
    return this.store.commandDefinition(name, guildId);
  }

  /** Resolves once `count` messages have been posted to channels. */
  waitForChannelMessages(count: number, timeoutMs = 5000): Promise<void> {
    return this.store.waitForChannelMessages(count, timeoutMs);
  }

  // ---------- what members do ----------

  /**
   * A member runs a slash command. `options` are by name; their types come from the registered definition
   * (deploy commands first), or are strings. `subcommand` selects one. Pass `rawOptions` to send exactly
   * those options (the fuzz test).
   */
  sendCommand(
    name: string,
    options: Record<string, string | number | boolean> = {},
    extra: CommandExtra = {},
  ): FakeInteraction {
    return sendCommand(this, name, options, extra);
  }

  /** A member types in an autocomplete option: `focused` names the option being typed. */
  sendAutocomplete(
    name: string,
    options: Record<string, string>,
    focused: string,
    extra: { subcommand?: string; user?: FakeUser; guildId?: string | null } = {},
  ): FakeInteraction {
    return sendCommand(this, name, options, { ...extra, focused, autocomplete: true });
  }

  /**
   * A member runs a message context-menu command (type 3) on `message`, which need not be the bot's:
   * Discord sends the target's id and the message itself under `resolved.messages`.
   */
  sendMessageCommand(
    name: string,
    message: { id?: string; content: string; author?: FakeUser; channelId?: string },
    extra: Omit<MemberExtra, 'roles' | 'channelId'> = {},
  ): FakeInteraction {
    return sendMessageCommand(this, name, message, extra);
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
    extra: Omit<MemberExtra, 'roles' | 'channelId'> = {},
  ): FakeInteraction {
    return submitModal(this, shown, values, extra);
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
  pressButton(messageId: string, customId: string, extra: ButtonExtra = {}): FakeInteraction {
    return pressButton(this, messageId, customId, extra);
  }

  /** A stored message as the REST API returns it. */
  messageObject(m: FakeMessage): Record<string, unknown> {
    return messageObject(m, {
      botUser: this.botUser,
      apiBase: this.apiBase,
      applicationId: this.applicationId,
    });
  }
}

export async function startFakeDiscord(options: FakeDiscordOptions = {}): Promise<FakeDiscord> {
  return new FakeDiscord(options).start();
}
