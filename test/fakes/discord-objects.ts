import type { FakeMessage } from './fake-interaction.js';

// Discord's wire objects as the fake sends them (API v10): servers, messages and interactions, built from
// the fake's own records. Pure: the gateway and REST routes (discord-gateway.ts, discord-rest.ts) decide when each is sent.

/** A role every fake server has besides @everyone (members hold it when a test passes `roles`). */
export const CURATOR_ROLE_ID = '500000000000000001';

export const PERMISSIONS = {
  member: 0x400n | 0x800n | 0x10000n | 0x80000000n, // view channel, send messages, read history, use app commands
  admin: 0x400n | 0x800n | 0x10000n | 0x80000000n | 0x20n, // the same plus Manage Server
} as const;

export interface FakeGuild {
  id: string;
  name: string;
  channels: string[];
}

export interface FakeUser {
  id: string;
  username: string;
}

let counter = 0n;
/** A Discord snowflake for now: ms since the Discord epoch in the top bits, a counter below. */
export function snowflake(): string {
  counter = (counter + 1n) & 0xfffn;
  return (((BigInt(Date.now()) - 1420070400000n) << 22n) | (1n << 17n) | counter).toString();
}

/** A server as GUILD_CREATE carries it: @everyone and the curator role, a text channel per `channels`. */
export function guildObject(g: FakeGuild): Record<string, unknown> {
  return {
    id: g.id,
    name: g.name,
    icon: null,
    owner_id: '400000000000000999',
    afk_timeout: 300,
    verification_level: 0,
    default_message_notifications: 0,
    explicit_content_filter: 0,
    mfa_level: 0,
    nsfw_level: 0,
    premium_tier: 0,
    system_channel_flags: 0,
    preferred_locale: 'en-US',
    premium_progress_bar_enabled: false,
    features: [],
    roles: [
      {
        id: g.id,
        name: '@everyone',
        permissions: PERMISSIONS.member.toString(),
        position: 0,
        color: 0,
        hoist: false,
        managed: false,
        mentionable: false,
        flags: 0,
      },
      {
        id: CURATOR_ROLE_ID,
        name: 'Curators',
        permissions: PERMISSIONS.member.toString(),
        position: 1,
        color: 0,
        hoist: false,
        managed: false,
        mentionable: false,
        flags: 0,
      },
    ],
    emojis: [],
    stickers: [],
    member_count: 3,
    large: false,
    unavailable: false,
    joined_at: '2024-01-01T00:00:00.000000+00:00',
    channels: g.channels.map((id, position) => ({
      id,
      type: 0,
      name: `channel-${position}`,
      position,
      permission_overwrites: [],
      nsfw: false,
      parent_id: null,
      guild_id: g.id,
    })),
    threads: [],
    members: [],
    voice_states: [],
    presences: [],
    stage_instances: [],
    guild_scheduled_events: [],
  };
}

/** A stored message as the REST API returns it, written by `app`'s bot (files get URLs on `apiBase`). */
export function messageObject(
  m: FakeMessage,
  app: { botUser: FakeUser; apiBase: string; applicationId: string },
): Record<string, unknown> {
  return {
    id: m.id,
    channel_id: m.channel_id,
    type: m.interactionId ? 20 : 0,
    content: m.content,
    embeds: m.embeds,
    components: m.components,
    flags: m.flags,
    author: {
      id: app.botUser.id,
      username: app.botUser.username,
      discriminator: '0',
      bot: true,
      avatar: null,
      global_name: null,
    },
    attachments: m.attachments.map(({ data: _data, ...a }) => ({
      ...a,
      url: `${app.apiBase}/attachments/${a.id}/${a.filename}`,
      proxy_url: `${app.apiBase}/attachments/${a.id}/${a.filename}`,
    })),
    mentions: [],
    mention_roles: [],
    mention_everyone: false,
    pinned: false,
    tts: false,
    timestamp: new Date().toISOString(),
    edited_timestamp: null,
    application_id: app.applicationId,
    webhook_id: m.interactionId ? app.applicationId : undefined,
  };
}

/** What INTERACTION_CREATE carries: in a server (member, guild, channel) or, with no `guildId`, in a DM. */
export function interactionPayload(o: {
  id: string;
  token: string;
  applicationId: string;
  type: number;
  data: Record<string, unknown>;
  guildId: string | null | undefined;
  channelId: string;
  user: FakeUser;
  /** The member's permissions in the channel, as Discord sends them (a decimal string). */
  permissions: string;
  roles: string[];
  /** For a button or a form on a message: that message, as the REST API returns it. */
  message: Record<string, unknown> | undefined;
}): Record<string, unknown> {
  const { id, token, type, data, guildId, channelId, user, permissions } = o;
  const discordUser = {
    id: user.id,
    username: user.username,
    discriminator: '0',
    global_name: user.username,
    avatar: null,
  };
  return {
    id,
    application_id: o.applicationId,
    type,
    token,
    version: 1,
    data,
    channel_id: channelId,
    channel: guildId
      ? {
          id: channelId,
          type: 0,
          guild_id: guildId,
          name: 'general',
          position: 0,
          permission_overwrites: [],
          nsfw: false,
          parent_id: null,
        }
      : { id: channelId, type: 1, recipients: [discordUser] },
    app_permissions: PERMISSIONS.member.toString(),
    locale: 'en-US',
    entitlements: [],
    authorizing_integration_owners: guildId ? { '0': guildId } : { '1': user.id },
    context: guildId ? 0 : 1,
    attachment_size_limit: 10485760,
    ...(guildId
      ? {
          guild_id: guildId,
          guild_locale: 'en-US',
          guild: { id: guildId, locale: 'en-US', features: [] },
          member: {
            user: discordUser,
            roles: o.roles,
            permissions,
            joined_at: '2024-01-01T00:00:00.000000+00:00',
            deaf: false,
            mute: false,
            flags: 0,
            pending: false,
            nick: null,
            avatar: null,
          },
        }
      : { user: discordUser }),
    ...(o.message ? { message: o.message } : {}),
  };
}
