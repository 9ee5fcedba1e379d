import { EventEmitter } from 'node:events';
import { snowflake } from './discord-objects.js';
import type { FakeAttachment, FakeInteraction, FakeMessage } from './fake-interaction.js';
import { checkMessage } from './payload-limits.js';
import type { Upload } from './read-request.js';

// What the fake Discord keeps: every request, the interactions and messages, registered commands, DM
// channels and scripted channel failures, and the checks of a message's files against what was uploaded.
// The REST routes (discord-rest.ts, discord-interaction-routes.ts) and member actions read and write it.

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

export type ChannelScript = { status: 403 | 404 | 429; times: number; retryAfterMs?: number };

export interface ChannelMessage {
  channelId: string;
  body: Record<string, unknown>;
  at: number;
  message: FakeMessage;
}

export class DiscordStore {
  readonly requests: RecordedRequest[] = [];
  /** Every payload that broke a documented limit or allowed a mention, with the route. */
  readonly violations: string[] = [];
  /** Requests to routes this fake does not implement. */
  readonly unhandled: string[] = [];
  readonly interactions = new Map<string, FakeInteraction>();
  /** The same interactions by token: follow-ups and edits name the interaction by its token alone. */
  readonly interactionsByToken = new Map<string, FakeInteraction>();
  readonly messages = new Map<string, FakeMessage>();
  /** Registered commands: `global` or a guild id → the bodies PUT there. */
  readonly commands = new Map<string, Record<string, unknown>[]>();
  /** Messages posted to channels: the request body, and the message as Discord keeps it (with its files). */
  readonly channelMessages: ChannelMessage[] = [];
  /** Messages the bot sent to members directly (POST /users/@me/channels, then to that channel). */
  readonly directMessages: { userId: string; body: Record<string, unknown> }[] = [];
  /** Members whose privacy settings refuse DMs from the bot (Discord answers 50007). */
  readonly closedDms = new Set<string>();
  /** DM channel id → the member it reaches. */
  readonly dmChannels = new Map<string, string>();
  readonly channelScripts = new Map<string, ChannelScript[]>();
  /** Files of the request being handled (set before the synchronous handlers run). */
  uploads: Upload[] = [];
  /** `channel-message` when a message is posted to a channel or a DM. */
  readonly events = new EventEmitter();

  constructor() {
    this.events.setMaxListeners(100);
  }

  /** Makes the next `times` messages posted to `channelId` fail with `status` (403, 404 or 429). */
  scriptChannel(channelId: string, status: 403 | 404 | 429, times = 1, retryAfterMs = 50): void {
    const list = this.channelScripts.get(channelId) ?? [];
    list.push({ status, times, retryAfterMs });
    this.channelScripts.set(channelId, list);
  }

  /** The scripted failure the next message to `channelId` meets, used up as it is taken. */
  takeScript(channelId: string): ChannelScript | undefined {
    const script = this.channelScripts.get(channelId)?.[0];
    if (!script) return undefined;
    script.times--;
    if (script.times <= 0) this.channelScripts.get(channelId)?.shift();
    return script;
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

  /**
   * checkMessage, plus what Discord checks of files: at most 10, each `attachments[]` entry naming an
   * uploaded `files[n]` (by n) or a file the message already has (by id), alt text ≤ 1,024 characters, and
   * every `attachment://name` an embed shows being one of the message's files.
   */
  checkOutgoing(body: unknown, where: string): string[] {
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

  storeMessage(channelId: string, data: Record<string, unknown>, interactionId?: string): FakeMessage {
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

  editMessage(id: string, data: Record<string, unknown>): void {
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
