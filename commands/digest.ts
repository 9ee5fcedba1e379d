import {
  type APIEmbed,
  type AutocompleteInteraction,
  ChannelType,
  type ChatInputCommandInteraction,
  InteractionContextType,
  PermissionFlagsBits,
  SlashCommandBuilder,
  type SlashCommandChannelOption,
} from 'discord.js';
import type { Digest } from '../src/digest/build-digest.js';
import type { DigestService, SubscriptionStatus } from '../src/digest/digest-service.js';
import { SubscriptionError } from '../src/digest/digest-service.js';
import { DeliveryError } from '../src/digest/post-message.js';
import { DIGEST_SECTIONS } from '../src/digest/subscription.js';
import { timeZoneChoices } from '../src/digest/time-zones.js';
import { jurisdictionChoices } from '../src/discord/autocomplete.js';
import { requireManageGuild } from '../src/discord/options.js';
import {
  BRAND_COLOUR,
  ERROR_COLOUR,
  joinWithin,
  kbFooter,
  quoteUserText,
  respond,
  respondAfter,
  respondChoices,
} from '../src/discord/reply.js';
import { UserFacingError } from '../src/errors.js';
import { DOC_TYPES } from '../src/kb/schema.js';
import type { Command, Ctx } from './types.js';

const channelOption = (description: string) => (o: SlashCommandChannelOption) =>
  o
    .setName('channel')
    .setDescription(description)
    .addChannelTypes(ChannelType.GuildText, ChannelType.GuildAnnouncement)
    .setRequired(true);

export default {
  data: new SlashCommandBuilder()
    .setName('digest')
    .setDescription('Daily digests of what is new and coming up (Manage Server)')
    .setDefaultMemberPermissions(PermissionFlagsBits.ManageGuild)
    .setContexts(InteractionContextType.Guild)
    .addSubcommand((s) =>
      s
        .setName('subscribe')
        .setDescription("Post a daily digest in a channel at a time in the channel's time zone")
        .addChannelOption(channelOption('Where to post the digest'))
        .addStringOption((o) =>
          o
            .setName('time')
            .setDescription('Local time, 24-hour, e.g. 09:00')
            .setRequired(true)
            .setMaxLength(5),
        )
        .addStringOption((o) =>
          o
            .setName('timezone')
            .setDescription('Time zone, e.g. Europe/Berlin or America/New_York')
            .setRequired(true)
            .setAutocomplete(true)
            .setMaxLength(64),
        )
        .addStringOption((o) =>
          o
            .setName('types')
            .setDescription('Only these entry types, comma-separated (e.g. law, bill); all when empty')
            .setAutocomplete(true)
            .setMaxLength(100),
        )
        .addStringOption((o) =>
          o
            .setName('jurisdictions')
            .setDescription('Only laws of these places, comma-separated codes (e.g. US-CA, EU)')
            .setAutocomplete(true)
            .setMaxLength(100),
        )
        .addStringOption((o) =>
          o
            .setName('sections')
            .setDescription('Which parts: new, upcoming, anniversaries (all when empty)')
            .setAutocomplete(true)
            .setMaxLength(60),
        )
        .addBooleanOption((o) =>
          o.setName('nothing_new_note').setDescription('Post a short note on days with nothing to say'),
        )
        .addBooleanOption((o) =>
          o
            .setName('map')
            .setDescription(
              'Attach the law map (as /map draws it) on days a law in the digest changed status',
            ),
        )
        .addStringOption((o) =>
          o
            .setName('audience')
            .setDescription(
              'members (default): what is new; curators: what fell due for review, broken links',
            )
            .addChoices({ name: 'members', value: 'members' }, { name: 'curators', value: 'curators' }),
        ),
    )
    .addSubcommand((s) =>
      s
        .setName('unsubscribe')
        .setDescription("Stop a channel's digest")
        .addChannelOption(channelOption('The channel')),
    )
    .addSubcommand((s) =>
      s.setName('list').setDescription("This server's digests, next runs and last results"),
    )
    .addSubcommand((s) =>
      s
        .setName('preview')
        .setDescription('What the digest would post now, and why anything is left out (only you see it)')
        .addChannelOption(channelOption('The subscribed channel')),
    )
    .addSubcommand((s) =>
      s
        .setName('send-now')
        .setDescription("Post the channel's digest now, outside its schedule")
        .addChannelOption(channelOption('The subscribed channel')),
    ),

  async execute(interaction: ChatInputCommandInteraction, ctx: Ctx) {
    requireManageGuild(interaction);
    const digests = ctx.digests;
    if (!digests) throw new UserFacingError('Digests are not enabled in this bot process.');
    const guildId = interaction.guildId ?? '';
    switch (interaction.options.getSubcommand(false)) {
      case 'subscribe':
        return subscribe(interaction, digests, guildId, ctx);
      case 'unsubscribe': {
        const channelId = channelOf(interaction);
        const removed = await digests.unsubscribe(guildId, channelId);
        if (!removed) throw new UserFacingError(`<#${channelId}> has no digest.`);
        return respond(interaction, { content: `Digest stopped for <#${channelId}>.`, ephemeral: true });
      }
      case 'list':
        return respond(interaction, { embeds: [listEmbed(await digests.list(guildId))], ephemeral: true });
      case 'preview':
        return preview(interaction, digests, guildId, ctx);
      case 'send-now':
        return sendNow(interaction, digests, guildId);
      default:
        throw new UserFacingError('Use `/digest subscribe`, `unsubscribe`, `list`, `preview` or `send-now`.');
    }
  },

  async autocomplete(interaction: AutocompleteInteraction, ctx: Ctx) {
    const focused = interaction.options.getFocused(true);
    const typed = String(focused.value);
    if (focused.name === 'timezone') return respondChoices(interaction, timeZoneChoices(typed));
    if (focused.name === 'types') return respondChoices(interaction, listChoices(typed, DOC_TYPES));
    if (focused.name === 'sections') return respondChoices(interaction, listChoices(typed, DIGEST_SECTIONS));
    if (focused.name === 'jurisdictions') {
      const { head, last } = splitLast(typed);
      const choices = jurisdictionChoices(ctx.knowledge().library, last).map((c) => ({
        name: head ? `${head}, ${c.value}` : c.name,
        value: head ? `${head}, ${c.value}` : c.value,
      }));
      return respondChoices(interaction, choices);
    }
    return respondChoices(interaction, []);
  },
} satisfies Command;

/** The channel option's id (present even when Discord sends no resolved channel object). */
function channelOf(interaction: ChatInputCommandInteraction): string {
  return String(interaction.options.get('channel', true).value);
}

/**
 * The channel option's id, refused unless it is a channel of the server the command came from: the id in
 * the payload is not trusted to be. The bot's cache holds every channel it can see in its servers (the
 * Guilds intent); the local console, one server with no client, has nothing to check against.
 */
function ownChannelOf(interaction: ChatInputCommandInteraction, guildId: string): string {
  const channelId = channelOf(interaction);
  const cache = (interaction as { client?: { channels?: { cache?: Map<string, unknown> } } | null }).client
    ?.channels?.cache;
  if (!cache) return channelId;
  const channel = cache.get(channelId) as { guildId?: unknown } | undefined;
  if (channel?.guildId !== guildId)
    throw new UserFacingError(
      `<#${channelId}> is not a channel of this server that I can see. Pick one of this server's text channels.`,
    );
  return channelId;
}

const list = (value: string | null) =>
  (value ?? '')
    .split(/[,\s]+/)
    .map((v) => v.trim())
    .filter(Boolean);

async function subscribe(
  interaction: ChatInputCommandInteraction,
  digests: DigestService,
  guildId: string,
  ctx: Ctx,
) {
  const channelId = ownChannelOf(interaction, guildId);
  try {
    const sub = await digests.subscribe({
      guildId,
      channelId,
      time: interaction.options.getString('time', true).trim(),
      timezone: interaction.options.getString('timezone', true).trim(),
      types: list(interaction.options.getString('types')).map((t) => t.toLowerCase()),
      jurisdictions: list(interaction.options.getString('jurisdictions')).map((j) => j.toUpperCase()),
      ...(interaction.options.getString('sections')
        ? { sections: list(interaction.options.getString('sections')).map((s) => s.toLowerCase()) }
        : {}),
      nothingNewNote: interaction.options.getBoolean('nothing_new_note') ?? false,
      attachMap: interaction.options.getBoolean('map') ?? false,
      audience: interaction.options.getString('audience') === 'curators' ? 'curators' : 'members',
      createdBy: interaction.user.id,
    } as Parameters<DigestService['subscribe']>[0]);
    const [status] = (await digests.list(guildId)).filter((s) => s.subscription.channelId === channelId);
    const next = status?.nextRun ? ` First digest ${stamp(status.nextRun)}.` : '';
    ctx.logger.info(
      { guildId, channelId, userId: interaction.user.id, time: sub.time, timezone: sub.timezone },
      'digest subscribed',
    );
    await respond(interaction, {
      content: `Daily digest set for <#${channelId}> at ${sub.time} ${sub.timezone} (${describeFilters(sub)}).${next} Try \`/digest preview\`.`,
      ephemeral: true,
    });
  } catch (error) {
    if (error instanceof SubscriptionError)
      throw new UserFacingError(`That digest cannot be set up:\n${quoteLines(error.message)}`);
    throw error;
  }
}

async function preview(
  interaction: ChatInputCommandInteraction,
  digests: DigestService,
  guildId: string,
  ctx: Ctx,
) {
  const channelId = ownChannelOf(interaction, guildId);
  let digest: Digest | undefined;
  // With a model configured the summary can take seconds: the reply is deferred if it is not ready in time.
  await respondAfter(
    interaction,
    async () => {
      digest = await digests.preview(guildId, channelId);
      if (!digest)
        throw new UserFacingError(`<#${channelId}> has no digest. Set one up with \`/digest subscribe\`.`);
      const [first] = digest.messages;
      const intro = first
        ? `Preview for <#${channelId}>: this is what would be posted now (${plural(digest.messages.length, 'message')}).`
        : `Preview for <#${channelId}>: nothing would be posted now (nothing new and nothing coming up for this channel).`;
      return {
        content: first?.content ? `${intro}\n\n${first.content}` : intro,
        embeds: first ? (first.embeds as APIEmbed[]) : [],
      };
    },
    { ephemeral: true },
  );
  if (!digest) return;
  const version = ctx.knowledge().library.version;
  const [, ...rest] = digest.messages;
  for (const m of rest)
    await respond(interaction, {
      content: m.content,
      embeds: m.embeds as APIEmbed[],
      ...(m.files ? { files: m.files } : {}),
      ephemeral: true,
    });
  if (digest.leftOut.length > 0)
    await respond(interaction, { embeds: [leftOutEmbed(digest, version)], ephemeral: true });
}

async function sendNow(interaction: ChatInputCommandInteraction, digests: DigestService, guildId: string) {
  const channelId = ownChannelOf(interaction, guildId);
  await respondAfter(
    interaction,
    async () => {
      let digest: Digest | undefined;
      try {
        digest = await digests.sendNow(guildId, channelId);
      } catch (error) {
        if (error instanceof DeliveryError)
          throw new UserFacingError(`Could not post in <#${channelId}>: ${error.message}`);
        throw error;
      }
      if (!digest)
        throw new UserFacingError(`<#${channelId}> has no digest. Set one up with \`/digest subscribe\`.`);
      return {
        content: `Posted the digest in <#${channelId}> (${plural(digest.messages.length, 'message')}).`,
      };
    },
    { ephemeral: true },
  );
}

function listEmbed(statuses: SubscriptionStatus[]): APIEmbed {
  if (statuses.length === 0)
    return {
      title: 'Digests in this server',
      description: 'None yet. Set one up with `/digest subscribe`.',
      color: BRAND_COLOUR,
    };
  const lines = statuses.map(({ subscription: s, state, nextRun }) => {
    const head = `<#${s.channelId}> · ${s.time} ${s.timezone} · ${describeFilters(s)}`;
    if (state.broken)
      return `${head}\n⚠️ **Broken** ${stamp(new Date(state.broken.at))}: ${state.broken.reason}. Fix the channel, then subscribe again.`;
    const last = state.lastResult
      ? `last: ${state.lastResult.outcome} for ${state.lastResult.date}${state.lastResult.messages ? ` (${plural(state.lastResult.messages, 'message')})` : ''}${state.lastResult.detail ? ` · ${state.lastResult.detail}` : ''}`
      : 'last: none yet';
    return `${head}\nnext ${nextRun ? stamp(nextRun) : 'not scheduled'} · ${last}`;
  });
  const broken = statuses.some((s) => s.state.broken);
  return {
    title: 'Digests in this server',
    description: joinWithin(lines, 4000, (n) => `…and ${n} more`, '\n\n'),
    color: broken ? ERROR_COLOUR : BRAND_COLOUR,
  };
}

function leftOutEmbed(digest: Digest, version: string): APIEmbed {
  const lines = digest.leftOut.map((l) => `• ${quoteUserText(l.title, 90)} (${l.section}): ${l.reason}`);
  return {
    title: `Left out (${digest.leftOut.length})`,
    description: joinWithin(lines, 4000),
    color: BRAND_COLOUR,
    footer: kbFooter(version),
  };
}

function describeFilters(s: {
  types: string[];
  jurisdictions: string[];
  sections: string[];
  audience?: string;
  attachMap?: boolean;
}): string {
  if (s.audience === 'curators') return "curators' digest: what fell due for review, broken source links";
  const parts = [
    s.types.length ? s.types.join(', ') : 'all types',
    ...(s.jurisdictions.length ? [s.jurisdictions.join(', ')] : []),
    s.sections.length === DIGEST_SECTIONS.length ? 'all sections' : s.sections.join(', '),
    ...(s.attachMap ? ['with the law map when a law changes status'] : []),
  ];
  return parts.join(' · ');
}

/** A Discord timestamp: each member sees it in their own time zone, with "in 3 hours". */
function stamp(at: Date): string {
  const s = Math.floor(at.getTime() / 1000);
  return `<t:${s}:f> (<t:${s}:R>)`;
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

function quoteLines(text: string): string {
  return text
    .split('\n')
    .map((l) => `> ${l}`)
    .join('\n');
}

function splitLast(typed: string): { head: string; last: string } {
  const parts = typed.split(',');
  const last = (parts.pop() ?? '').trim();
  return {
    head: parts
      .map((p) => p.trim())
      .filter(Boolean)
      .join(', '),
    last,
  };
}

/** Completes the last item of a comma-separated list from `options`. */
function listChoices(typed: string, options: readonly string[]): { name: string; value: string }[] {
  const { head, last } = splitLast(typed);
  const taken = new Set(head.split(', ').filter(Boolean));
  return options
    .filter((o) => !taken.has(o) && o.startsWith(last.toLowerCase()))
    .map((o) => {
      const value = head ? `${head}, ${o}` : o;
      return { name: value, value };
    });
}
