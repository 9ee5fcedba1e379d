import { randomBytes } from 'node:crypto';
import {
  type APIApplicationCommandOptionChoice,
  CommandInteractionOptionResolver,
  MessageFlags,
  PermissionsBitField,
} from 'discord.js';
import type { SentOption } from './parse-line.js';

/**
 * Interactions made by the local console, shaped like discord.js's so the same command modules and router
 * run unchanged. What they implement (and so what commands may use): `options` (discord.js's own
 * resolver), `user`, `guildId`/`channelId`, `memberPermissions` (the console user is a server admin),
 * `inGuild()`, the type guards, `reply`/`deferReply`/`editReply`/`followUp`, `update`/`deferUpdate` for
 * buttons, `respond` for autocomplete, `customId`, `message.id`, `replied`/`deferred`.
 */

export type ConsoleEvent =
  | { kind: 'reply' | 'edit' | 'followUp' | 'update'; message: Record<string, unknown>; ephemeral: boolean }
  | { kind: 'modal'; modal: ConsoleModal; fromMessageId: string | undefined }
  | { kind: 'defer'; ephemeral: boolean }
  | { kind: 'choices'; choices: APIApplicationCommandOptionChoice[] };

/** A form (modal) as the bot sent it: Label components holding a text input (4) or a select (3). */
export interface ConsoleModal {
  title: string;
  custom_id: string;
  components: {
    label?: string;
    component?: {
      type: number;
      custom_id: string;
      value?: string;
      required?: boolean;
      options?: { label: string; value: string; default?: boolean }[];
    };
  }[];
}

export interface ConsoleUser {
  id: string;
  username: string;
}

const CONSOLE_USER: ConsoleUser = { id: '0', username: 'console' };

type Resolver = new (
  client: null,
  options: readonly SentOption[],
  resolved: null,
) => CommandInteractionOptionResolver;
const makeResolver = (options: readonly SentOption[]) =>
  new (CommandInteractionOptionResolver as unknown as Resolver)(null, options, null);

const isEphemeral = (o: { flags?: unknown }) =>
  typeof o.flags === 'number' && (o.flags & MessageFlags.Ephemeral) === MessageFlags.Ephemeral;

class ConsoleInteraction {
  readonly id = `console-${randomBytes(4).toString('hex')}`;
  readonly guildId = 'console';
  readonly channelId = 'console';
  readonly locale = 'en-US';
  readonly createdTimestamp = Date.now();
  readonly memberPermissions = new PermissionsBitField(PermissionsBitField.All);
  readonly applicationId = 'console';
  readonly token = 'console';
  /** No Discord client in the console: members are not notified (the curator's reply says so). */
  readonly client = undefined;
  readonly member = null;
  readonly guild = null;
  replied = false;
  deferred = false;
  ephemeral: boolean | null = null;

  constructor(
    readonly emit: (event: ConsoleEvent) => void,
    readonly user: ConsoleUser = CONSOLE_USER,
  ) {}

  inGuild() {
    return true;
  }
  isChatInputCommand() {
    return false;
  }
  isAutocomplete() {
    return false;
  }
  isButton() {
    return false;
  }
  isMessageComponent() {
    return false;
  }
  isMessageContextMenuCommand() {
    return false;
  }
  isModalSubmit() {
    return false;
  }
  isRepliable() {
    return true;
  }

  /** Discord takes one answer per interaction: a second reply, defer, form or update is refused. */
  protected acknowledge(as: 'replied' | 'deferred') {
    if (this.replied || this.deferred) throw new Error('console: interaction already acknowledged');
    this[as] = true;
  }

  async reply(options: Record<string, unknown>) {
    this.acknowledge('replied');
    this.ephemeral = isEphemeral(options);
    this.emit({ kind: 'reply', message: options, ephemeral: this.ephemeral });
  }

  async deferReply(options: { flags?: unknown } = {}) {
    this.acknowledge('deferred');
    this.ephemeral = isEphemeral(options);
    this.emit({ kind: 'defer', ephemeral: this.ephemeral });
  }

  async editReply(options: Record<string, unknown>) {
    if (!this.replied && !this.deferred) throw new Error('console: editReply before reply');
    this.replied = true;
    this.emit({ kind: 'edit', message: options, ephemeral: this.ephemeral ?? false });
  }

  /** Opens a form: the console asks its fields one by one, then submits it like Discord would. */
  async showModal(modal: unknown) {
    this.acknowledge('replied');
    const json = (
      typeof (modal as { toJSON?: unknown }).toJSON === 'function'
        ? (modal as { toJSON(): unknown }).toJSON()
        : modal
    ) as ConsoleModal;
    this.emit({
      kind: 'modal',
      modal: json,
      fromMessageId: (this as { message?: { id: string } }).message?.id,
    });
  }

  async followUp(options: Record<string, unknown>) {
    if (!this.replied && !this.deferred) throw new Error('console: followUp before reply');
    this.emit({ kind: 'followUp', message: options, ephemeral: isEphemeral(options) });
  }
}

export class ConsoleCommandInteraction extends ConsoleInteraction {
  readonly options: CommandInteractionOptionResolver;
  constructor(
    emit: (event: ConsoleEvent) => void,
    readonly commandName: string,
    options: readonly SentOption[],
    user?: ConsoleUser,
  ) {
    super(emit, user);
    this.options = makeResolver(options);
  }
  override isChatInputCommand() {
    return true;
  }
}

export class ConsoleAutocompleteInteraction extends ConsoleInteraction {
  readonly options: CommandInteractionOptionResolver;
  responded = false;
  constructor(
    emit: (event: ConsoleEvent) => void,
    readonly commandName: string,
    options: readonly SentOption[],
  ) {
    super(emit);
    this.options = makeResolver(options);
  }
  override isAutocomplete() {
    return true;
  }
  override isRepliable() {
    return false;
  }
  async respond(choices: APIApplicationCommandOptionChoice[]) {
    this.responded = true;
    this.emit({ kind: 'choices', choices });
  }
}

/** A button or a form answered on a message: it may update that message instead of replying. */
class ConsoleMessageInteraction extends ConsoleInteraction {
  async update(options: Record<string, unknown>) {
    this.acknowledge('replied');
    this.emit({ kind: 'update', message: options, ephemeral: false });
  }
  async deferUpdate() {
    this.deferred = true;
  }
}

export class ConsoleButtonInteraction extends ConsoleMessageInteraction {
  readonly message: { id: string };
  constructor(
    emit: (event: ConsoleEvent) => void,
    readonly customId: string,
    messageId: string,
  ) {
    super(emit);
    this.message = { id: messageId };
  }
  override isButton() {
    return true;
  }
  override isMessageComponent() {
    return true;
  }
}

/** A submitted form: `fields` answers discord.js's getTextInputValue / getStringSelectValues. */
export class ConsoleModalSubmitInteraction extends ConsoleMessageInteraction {
  readonly fields: {
    getTextInputValue(id: string): string;
    getStringSelectValues(id: string): readonly string[];
  };
  readonly message: { id: string } | null;
  constructor(
    emit: (event: ConsoleEvent) => void,
    readonly customId: string,
    answers: Record<string, string | string[]>,
    fromMessageId: string | undefined,
  ) {
    super(emit);
    this.message = fromMessageId ? { id: fromMessageId } : null;
    this.fields = {
      getTextInputValue: (id) => {
        const v = answers[id];
        if (typeof v !== 'string') throw new Error(`console: no text field ${id}`);
        return v;
      },
      getStringSelectValues: (id) => {
        const v = answers[id];
        if (!Array.isArray(v)) throw new Error(`console: no select ${id}`);
        return v;
      },
    };
  }
  override isModalSubmit() {
    return true;
  }
  isFromMessage() {
    return this.message !== null;
  }
}
