import { randomBytes } from 'node:crypto';
import {
  type AutocompleteInteraction,
  type ButtonInteraction,
  ButtonStyle,
  type ChatInputCommandInteraction,
  InteractionContextType,
  MessageFlags,
  type ModalSubmitInteraction,
  SlashCommandBuilder,
} from 'discord.js';
import { z } from 'zod';
import { docChoices } from '../src/discord/autocomplete.js';
import { buildModal, selectValue, textValue } from '../src/discord/modals.js';
import { readText } from '../src/discord/options.js';
import {
  actionButton,
  BRAND_COLOUR,
  joinWithin,
  quoteUserText,
  respond,
  respondChoices,
  row,
} from '../src/discord/reply.js';
import { UserFacingError } from '../src/errors.js';
import { TYPE_LABELS } from '../src/kb/doc-line.js';
import { DOC_TYPES } from '../src/kb/schema.js';
import type { Suggestion } from '../src/suggest/suggestion.js';
import { inboxButton, inboxModal } from './suggest-inbox.js';
import type { Command, Ctx } from './types.js';

/**
 * /suggest source opens a form (link, what it is, what it says, the entry it updates); /suggest status lists
 * the member's suggestions and what curators decided. Buttons and forms of the curator inbox (/kb inbox)
 * are `suggest:` ids too, handled in suggest-inbox.ts.
 */
export default {
  data: new SlashCommandBuilder()
    .setName('suggest')
    .setDescription('Suggest a source for the knowledge base, or see what happened to your suggestions')
    .setContexts(InteractionContextType.Guild)
    .addSubcommand((s) =>
      s
        .setName('source')
        .setDescription('Suggest a link: a letter, statement, law, ruling or report curators should add')
        .addStringOption((o) =>
          o
            .setName('updates')
            .setDescription('The entry it updates, if any')
            .setAutocomplete(true)
            .setMaxLength(100),
        ),
    )
    .addSubcommand((s) => s.setName('status').setDescription('Your suggestions and what curators decided')),

  async execute(interaction: ChatInputCommandInteraction, ctx: Ctx) {
    const suggestions = needSuggestions(ctx);
    if (interaction.options.getSubcommand(false) === 'status') {
      const mine = await suggestions.mine(guildOf(interaction), interaction.user.id);
      await respond(interaction, { ephemeral: true, embeds: [statusEmbed(mine)] });
      return;
    }
    const typed = readText(interaction, 'updates');
    const { library } = ctx.knowledge();
    const entry = typed ? (library.get(typed) ?? library.resolve(typed)) : undefined;
    if (typed && !entry)
      throw new UserFacingError(
        `No entry is called "${quoteUserText(typed, 60)}". Pick one from the list as you type.`,
      );
    await interaction.showModal(suggestModal('suggest:new', { updates: entry?.id }));
  },

  async autocomplete(interaction: AutocompleteInteraction, ctx: Ctx) {
    const typed = String(interaction.options.getFocused()).slice(0, 100);
    await respondChoices(interaction, docChoices(ctx.knowledge().library, typed));
  },

  async button(interaction: ButtonInteraction, ctx: Ctx) {
    const [, action, key] = interaction.customId.split(':');
    if (action === 'open') {
      needSuggestions(ctx);
      await interaction.showModal(suggestModal('suggest:new', {}));
      return;
    }
    if (action === 'retry' && key) {
      const kept = await ctx.store.get(`suggest:retry:${key}`, KeptInput);
      if (!kept) throw new UserFacingError('That form has expired. Run /suggest source again.');
      await interaction.showModal(suggestModal(kept.customId, kept));
      return;
    }
    await inboxButton(interaction, ctx);
  },

  async modal(interaction: ModalSubmitInteraction, ctx: Ctx) {
    const [, action, channelId, messageId] = interaction.customId.split(':');
    if (action !== 'new') return inboxModal(interaction, ctx);
    const suggestions = needSuggestions(ctx);
    const input = {
      link: textValue(interaction, 'link'),
      type: selectValue(interaction, 'type') ?? '',
      note: textValue(interaction, 'note'),
      updates: textValue(interaction, 'updates'),
    };
    // Reading the page may take a few seconds; Discord allows three before the first response.
    await interaction.deferReply({ flags: MessageFlags.Ephemeral });
    const outcome = await suggestions.submit({
      guildId: guildOf(interaction),
      userId: interaction.user.id,
      userName: interaction.user.username,
      ...input,
      ...(channelId && messageId ? { fromMessage: { channelId, messageId } } : {}),
      reply: { applicationId: interaction.applicationId, token: interaction.token },
    });
    if (outcome.ok) {
      await respond(interaction, { ephemeral: true, embeds: [receivedEmbed(outcome.suggestion)] });
      return;
    }
    if (outcome.reason === 'rate-limited') {
      const who = outcome.scope === 'user' ? 'You have' : 'This server has';
      throw new UserFacingError(
        `${who} made the maximum number of suggestions for now. Try again <t:${Math.ceil(outcome.retryAt.getTime() / 1000)}:R>.`,
      );
    }
    if (outcome.reason === 'duplicate') throw new UserFacingError(outcome.message);
    // Nothing the member typed is lost: it is kept for an hour behind a "Fix and send again" button.
    const key = randomBytes(6).toString('hex');
    await ctx.store.set(`suggest:retry:${key}`, { ...input, customId: interaction.customId }, 60 * 60_000);
    await respond(interaction, {
      ephemeral: true,
      content: `Your suggestion was not sent:\n${outcome.problems.map((p) => `• ${p}`).join('\n')}\n\nWhat you typed is kept: press the button to fix it.`,
      components: [
        row(actionButton(`suggest:retry:${key}`, 'Fix and send again', { style: ButtonStyle.Primary })),
      ],
    });
  },
} satisfies Command;

const KeptInput = z.object({
  customId: z.string(),
  link: z.string(),
  type: z.string(),
  note: z.string(),
  updates: z.string(),
});

/** The suggestion form; `customId` carries where it came from (`suggest:new[:channel:message]`). */
export function suggestModal(
  customId: string,
  prefill: {
    link?: string | undefined;
    type?: string | undefined;
    note?: string | undefined;
    updates?: string | undefined;
  },
) {
  return buildModal(customId, 'Suggest a source', [
    {
      id: 'link',
      label: 'Link',
      description: 'The page, document or post (https://…)',
      value: prefill.link,
      maxLength: 500,
      placeholder: 'https://…',
    },
    {
      kind: 'select',
      id: 'type',
      label: 'What it is',
      options: DOC_TYPES.map((t) => ({ label: TYPE_LABELS[t], value: t })),
      selected: prefill.type,
    },
    {
      id: 'note',
      label: 'What it says',
      description: 'One or two sentences, in your words',
      paragraph: true,
      value: prefill.note,
      minLength: 10,
      maxLength: 600,
    },
    {
      id: 'updates',
      label: 'Entry it updates (optional)',
      description: 'An entry id or name, if this updates one',
      value: prefill.updates,
      required: false,
      maxLength: 100,
    },
  ]);
}

export function receivedEmbed(s: Suggestion) {
  const page = s.page?.title
    ? `The page says: **${quoteUserText(s.page.title, 150)}**${s.page.publisher ? ` (${quoteUserText(s.page.publisher, 60)})` : ''}${s.page.date ? `, ${s.page.date}` : ''}.`
    : s.pageProblem
      ? `I could not read the page (${s.pageProblem}); it is saved anyway and a curator will check the link.`
      : undefined;
  return {
    title: 'Thanks: your suggestion is in the curators’ inbox',
    color: BRAND_COLOUR,
    description: [
      `Suggestion \`${s.id}\`: ${TYPE_LABELS[s.type].toLowerCase()} · ${s.url}`,
      ...(s.updates ? [`Updates \`${s.updates}\`.`] : []),
      ...(page ? [page] : []),
      '',
      'You will hear here (or by DM) when a curator decides. `/suggest status` shows all yours.',
    ].join('\n'),
  };
}

const STATUS_WORDS: Record<Suggestion['status'], string> = {
  open: 'waiting for a curator',
  drafted: 'accepted, being drafted',
  publishing: 'being published',
  published: 'published',
  rejected: 'not added',
  duplicate: 'duplicate',
};

function statusEmbed(mine: Suggestion[]) {
  return {
    title: 'Your suggestions',
    color: BRAND_COLOUR,
    description:
      mine.length === 0
        ? 'You have not suggested anything in this server yet. `/suggest source` opens the form.'
        : joinWithin(
            mine.map(
              (s) =>
                `\`${s.id}\` · <t:${Math.floor(Date.parse(s.createdAt) / 1000)}:d> · **${STATUS_WORDS[s.status]}** · ${s.url}${s.outcome ? `\n  ${quoteUserText(s.outcome, 300)}` : ''}`,
            ),
            3900,
          ),
  };
}

function needSuggestions(ctx: Ctx) {
  if (!ctx.suggestions) throw new UserFacingError('Suggestions are not set up on this bot.');
  return ctx.suggestions;
}

function guildOf(interaction: { guildId: string | null }): string {
  if (!interaction.guildId) throw new UserFacingError('Suggestions are made in a server, not in DMs.');
  return interaction.guildId;
}
