import { EventEmitter } from 'node:events';
import type { FakeDiscord } from './fake-discord.js';

// What the fake Discord hands a test for one interaction: the messages and modals the bot answers with,
// and the interaction itself, which waits for what the bot sends back (discord-members.ts dispatches it).

export interface FakeMessage {
  id: string;
  channel_id: string;
  content: string;
  embeds: Record<string, unknown>[];
  components: Record<string, unknown>[];
  flags: number;
  interactionId?: string;
  /** Files on the message, with their bytes (the real API gives a CDN URL instead). */
  attachments: FakeAttachment[];
}

/** A file uploaded with a message (multipart/form-data, `files[n]` parts), as Discord keeps it. */
export interface FakeAttachment {
  id: string;
  filename: string;
  size: number;
  content_type: string;
  description?: string;
  data: Buffer;
}

export type CallbackRecord = { type: number; data: Record<string, unknown> | undefined; at: number };

/** One interaction dispatched to the bot, and everything the bot sent back for it. */
export class FakeInteraction extends EventEmitter {
  readonly callbacks: CallbackRecord[] = [];
  readonly edits: { data: Record<string, unknown>; at: number }[] = [];
  readonly followUps: { data: Record<string, unknown>; at: number; message: FakeMessage }[] = [];
  originalMessageId: string | undefined;
  dispatchedAt = 0;
  /** Set by `FakeDiscord.expireInteraction`: the token no longer works. */
  expired = false;

  constructor(
    readonly discord: FakeDiscord,
    readonly id: string,
    readonly token: string,
    readonly type: number,
    readonly payload: Record<string, unknown>,
    /** For buttons: the message the button was on. */
    readonly sourceMessageId?: string,
  ) {
    super();
    this.setMaxListeners(50);
  }

  /** Milliseconds from dispatch to the first callback, once there is one. */
  get firstResponseMs(): number | undefined {
    const first = this.callbacks[0];
    return first ? first.at - this.dispatchedAt : undefined;
  }

  /** Resolves once `done()` holds, or rejects after `timeoutMs` naming what the bot did send. */
  async until<T>(what: string, done: () => T | undefined, timeoutMs = 5000): Promise<T> {
    const now = done();
    if (now !== undefined) return now;
    return new Promise<T>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.off('change', check);
        reject(
          new Error(
            `fake-discord: interaction ${this.id} (${describeInteraction(this.payload)}): no ${what} within ${timeoutMs} ms; callbacks ${JSON.stringify(this.callbacks.map((c) => c.type))}, edits ${this.edits.length}`,
          ),
        );
      }, timeoutMs);
      const check = () => {
        const value = done();
        if (value !== undefined) {
          clearTimeout(timer);
          this.off('change', check);
          resolve(value);
        }
      };
      this.on('change', check);
    });
  }

  firstResponse(timeoutMs?: number): Promise<CallbackRecord> {
    return this.until('response', () => this.callbacks[0], timeoutMs);
  }

  /**
   * What the member sees once the bot has answered: the reply, or for a deferred reply the first edit.
   * `ephemeral` says whether only the member sees it.
   */
  reply(timeoutMs?: number): Promise<FakeMessage & { ephemeral: boolean }> {
    return this.until(
      'reply',
      () => {
        const first = this.callbacks[0];
        if (!first) return undefined;
        if ((first.type === 5 || first.type === 6) && this.edits.length === 0 && this.followUps.length === 0)
          return undefined;
        const id = this.originalMessageId;
        const message = id ? this.discord.messages.get(id) : undefined;
        if (!message) return undefined;
        return { ...message, ephemeral: (message.flags & 64) === 64 };
      },
      timeoutMs,
    );
  }

  /** The modal the bot opened in answer to this interaction (callback type 9). */
  modal(timeoutMs?: number): Promise<FakeModal> {
    return this.until(
      'modal',
      () => {
        const first = this.callbacks[0];
        if (!first) return undefined;
        if (first.type !== 9)
          throw new Error(
            `fake-discord: expected a modal, got callback ${first.type}: ${JSON.stringify(first.data)}`,
          );
        return first.data as unknown as FakeModal;
      },
      timeoutMs,
    );
  }

  /** Autocomplete: the choices offered. */
  choices(timeoutMs?: number): Promise<{ name: string; value: string | number }[]> {
    return this.until(
      'autocomplete result',
      () => {
        const first = this.callbacks[0];
        if (!first) return undefined;
        if (first.type !== 8)
          throw new Error(`fake-discord: expected an autocomplete result, got callback ${first.type}`);
        return (first.data?.choices ?? []) as { name: string; value: string | number }[];
      },
      timeoutMs,
    );
  }
}

/** How an interaction reads in an error: `/law`, `button search:page:…`, `modal suggest:…`. */
export function describeInteraction(payload: Record<string, unknown>): string {
  const data = payload.data as { name?: string; custom_id?: string } | undefined;
  if (payload.type === 5) return `modal ${data?.custom_id ?? '?'}`;
  return data?.name ? `/${data.name}` : `button ${data?.custom_id ?? '?'}`;
}

/** A modal as the bot sent it (Discord API v10): Label components (18) holding text inputs (4) or selects (3). */
export interface FakeModal {
  title: string;
  custom_id: string;
  components: {
    type: number;
    label?: string;
    component?: FakeModalField;
    components?: FakeModalField[];
  }[];
}

export interface FakeModalField {
  type: number;
  custom_id: string;
  style?: number;
  value?: string;
  required?: boolean;
  min_length?: number;
  max_length?: number;
  min_values?: number;
  options?: { label: string; value: string; default?: boolean }[];
}

/** The fields of a modal, by custom_id, whether wrapped in a Label or a legacy action row. */
export function modalFields(modal: FakeModal): FakeModalField[] {
  return modal.components.flatMap((c) => (c.component ? [c.component] : (c.components ?? [])));
}
