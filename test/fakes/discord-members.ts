import { performance } from 'node:perf_hooks';
import { type FakeUser, interactionPayload, PERMISSIONS, snowflake } from './discord-objects.js';
import type { FakeDiscord } from './fake-discord.js';
import {
  FakeInteraction,
  type FakeMessage,
  type FakeModal,
  type FakeModalField,
  modalFields,
} from './fake-interaction.js';

// What members do, as Discord delivers it to the bot: slash commands and autocomplete typed from the
// deployed definitions, message context-menu commands, modal submits and button presses, each refused
// where Discord's client would refuse it, then sent as INTERACTION_CREATE to the guild's shard.

export interface OptionInput {
  name: string;
  type: number;
  value?: string | number | boolean;
  focused?: boolean;
  options?: OptionInput[];
}

/** Who acts and where: a member of the first guild in its first channel unless said otherwise. */
export interface MemberExtra {
  user?: FakeUser;
  permissions?: bigint;
  /** Role ids the member holds. */
  roles?: string[];
  guildId?: string | null | undefined;
  channelId?: string;
}

export interface CommandExtra extends MemberExtra {
  subcommand?: string;
  rawOptions?: OptionInput[];
  focused?: string;
  autocomplete?: boolean;
}

export interface ButtonExtra extends Omit<MemberExtra, 'channelId'> {
  force?: boolean;
  /** 2 for a button (default); 3 for a string select menu, sent with `values`. */
  componentType?: 2 | 3;
  values?: string[];
}

/** A slash command (or, with `autocomplete`, its autocomplete), options typed from the registered definition. */
export function sendCommand(
  discord: FakeDiscord,
  name: string,
  options: Record<string, string | number | boolean>,
  extra: CommandExtra,
): FakeInteraction {
  const guildId = extra.guildId === undefined ? discord.guilds[0]?.id : extra.guildId;
  const definition = discord.commandDefinition(name, guildId ?? undefined);
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
    ...(guildId && definition && discord.commands.get(guildId)?.includes(definition)
      ? { guild_id: guildId }
      : {}),
    options: opts,
  };
  return dispatchInteraction(discord, extra.autocomplete ? 4 : 2, data, extra);
}

/** A message context-menu command (type 3) on `message`, sent with the target under `resolved.messages`. */
export function sendMessageCommand(
  discord: FakeDiscord,
  name: string,
  message: { id?: string; content: string; author?: FakeUser; channelId?: string },
  extra: Omit<MemberExtra, 'roles' | 'channelId'>,
): FakeInteraction {
  const guildId = extra.guildId === undefined ? discord.guilds[0]?.id : extra.guildId;
  const definition = [guildId ? discord.commands.get(guildId) : undefined, discord.commands.get('global')]
    .flatMap((list) => list ?? [])
    .find((c) => c.name === name && c.type === 3);
  if (!definition) throw new Error(`fake-discord: no message command "${name}" is registered`);
  const channelId =
    message.channelId ?? discord.guilds.find((g) => g.id === guildId)?.channels[0] ?? '300000000000000099';
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
  return dispatchInteraction(discord, 2, data, { ...extra, channelId });
}

/** One field of a modal as the member submits it; throws where Discord's client would refuse to submit. */
function submittedField(field: FakeModalField, given: string | string[] | undefined) {
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
}

/** The member submits the modal `shown` opened (type 5), with its permissions and channel. */
export function submitModal(
  discord: FakeDiscord,
  shown: FakeInteraction,
  values: Record<string, string | string[]>,
  extra: Omit<MemberExtra, 'roles' | 'channelId'>,
): FakeInteraction {
  const first = shown.callbacks[0];
  if (first?.type !== 9) throw new Error(`fake-discord: interaction ${shown.id} opened no modal`);
  const modal = first.data as unknown as FakeModal;
  const known = new Set(modalFields(modal).map((f) => f.custom_id));
  for (const key of Object.keys(values))
    if (!known.has(key)) throw new Error(`fake-discord: the modal has no field "${key}"`);
  let n = 0;
  const components = modal.components.map((c) => {
    n++;
    if (c.component)
      return {
        type: 18,
        id: n,
        component: { ...submittedField(c.component, values[c.component.custom_id]), id: ++n },
      };
    return {
      type: 1,
      id: n,
      components: (c.components ?? []).map((f) => ({ ...submittedField(f, values[f.custom_id]), id: ++n })),
    };
  });
  const source = shown.sourceMessageId ? discord.messages.get(shown.sourceMessageId) : undefined;
  const guildId =
    extra.guildId === undefined ? ((shown.payload.guild_id as string | undefined) ?? null) : extra.guildId;
  const member = shown.payload.member as { user?: FakeUser; permissions?: string } | undefined;
  const user = extra.user ?? member?.user ?? (shown.payload.user as FakeUser | undefined);
  return dispatchInteraction(
    discord,
    5,
    { custom_id: modal.custom_id, components },
    {
      ...extra,
      guildId,
      ...(user ? { user: { id: user.id, username: user.username } } : {}),
      // The same member submits: their permissions come with the submit, as Discord sends them.
      permissions: extra.permissions ?? BigInt(String(member?.permissions ?? PERMISSIONS.member)),
      channelId: String(shown.payload.channel_id),
    },
    source,
  );
}

/** A press of a button (or a choice in a select menu) on `messageId`; refuses one not there or disabled. */
export function pressButton(
  discord: FakeDiscord,
  messageId: string,
  customId: string,
  extra: ButtonExtra,
): FakeInteraction {
  const message = discord.messages.get(messageId);
  if (!message) throw new Error(`fake-discord: no message ${messageId}`);
  if (!extra.force) {
    const buttons = message.components.flatMap((r) => (r.components ?? []) as Record<string, unknown>[]);
    const button = buttons.find((b) => b.custom_id === customId);
    if (!button) throw new Error(`fake-discord: message ${messageId} has no button "${customId}"`);
    if (button.disabled) throw new Error(`fake-discord: button "${customId}" is disabled`);
  }
  return dispatchInteraction(
    discord,
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

/** Records the interaction and sends it as INTERACTION_CREATE to the shard of its guild. */
function dispatchInteraction(
  discord: FakeDiscord,
  type: number,
  data: Record<string, unknown>,
  extra: MemberExtra,
  message?: FakeMessage,
): FakeInteraction {
  const guildId = extra.guildId === undefined ? discord.guilds[0]?.id : extra.guildId;
  const guild = discord.guilds.find((g) => g.id === guildId);
  const channelId = extra.channelId ?? guild?.channels[0] ?? '300000000000000099';
  const user = extra.user ?? { id: '400000000000000001', username: 'member' };
  const permissions = (extra.permissions ?? PERMISSIONS.member).toString();
  const id = snowflake();
  const token = `itoken-${id}-${Math.random().toString(36).slice(2)}`;
  const payload = interactionPayload({
    id,
    token,
    applicationId: discord.applicationId,
    type,
    data,
    guildId,
    channelId,
    user,
    permissions,
    roles: extra.roles ?? [],
    message: message ? discord.messageObject(message) : undefined,
  });
  const interaction = new FakeInteraction(discord, id, token, type, payload, message?.id);
  discord.interactions.set(id, interaction);
  discord.store.interactionsByToken.set(token, interaction);
  interaction.dispatchedAt = performance.now();
  discord.gateway.dispatchToGuild(guildId, 'INTERACTION_CREATE', payload);
  return interaction;
}
