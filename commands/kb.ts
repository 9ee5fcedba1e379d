import {
  type ButtonInteraction,
  type ChatInputCommandInteraction,
  InteractionContextType,
  PermissionFlagsBits,
  SlashCommandBuilder,
} from 'discord.js';
import { requireManageGuild } from '../src/discord/options.js';
import { BRAND_COLOUR, kbFooter, respond } from '../src/discord/reply.js';
import { UserFacingError } from '../src/errors.js';
import { describeKnowledge } from '../src/kb/describe-knowledge.js';
import { askStatsField, kbFeedback } from './kb-feedback.js';
import { kbReload } from './kb-reload.js';
import { kbReview, kbReviewButton, kbSettings } from './kb-review.js';
import { kbInbox } from './suggest-inbox.js';
import type { Command, Ctx } from './types.js';

export default {
  data: new SlashCommandBuilder()
    .setName('kb')
    .setDescription('Knowledge base administration (Manage Server)')
    .setDefaultMemberPermissions(PermissionFlagsBits.ManageGuild)
    .setContexts(InteractionContextType.Guild)
    .addSubcommand((s) => s.setName('reload').setDescription('Reload the knowledge folder from disk'))
    .addSubcommand((s) => s.setName('stats').setDescription('What is loaded and how it is indexed'))
    .addSubcommand((s) =>
      s.setName('feedback').setDescription('Recent /ask answers members marked not helpful'),
    )
    .addSubcommand((s) =>
      s
        .setName('review')
        .setDescription('Curators: page through entries due for review, and record decisions'),
    )
    .addSubcommand((s) =>
      s
        .setName('settings')
        .setDescription('Who may curate: a curator role besides Manage Server')
        .addRoleOption((o) =>
          o.setName('curator-role').setDescription('Members with this role may use /kb review'),
        )
        .addBooleanOption((o) =>
          o.setName('clear-curator-role').setDescription('Only Manage Server may review again'),
        ),
    )
    .addSubcommand((s) =>
      s
        .setName('inbox')
        .setDescription('Curators: suggested sources, unanswered questions, not-helpful reasons'),
    ),

  async execute(interaction: ChatInputCommandInteraction, ctx: Ctx) {
    const name = interaction.options.getSubcommand(false) ?? '';
    // Curators (Manage Server or the curator role) review and work the inbox; the rest is Manage Server only.
    if (name === 'review') return kbReview(interaction, ctx);
    if (name === 'inbox') return kbInbox(interaction, ctx);
    requireManageGuild(interaction);
    const run = SUBCOMMANDS[name];
    if (!run)
      throw new UserFacingError(
        `Use one of: ${Object.keys(SUBCOMMANDS)
          .map((s) => `/kb ${s}`)
          .join(', ')}.`,
      );
    await run(interaction, ctx);
  },

  async button(interaction: ButtonInteraction, ctx: Ctx) {
    if (interaction.customId.startsWith('kb:rv:')) return kbReviewButton(interaction, ctx);
    throw new UserFacingError('This button is not one I know.');
  },
} satisfies Command;

/** Each /kb subcommand (all of them require Manage Server, checked above). */
const SUBCOMMANDS: Record<string, (interaction: ChatInputCommandInteraction, ctx: Ctx) => Promise<void>> = {
  reload: kbReload,
  stats,
  feedback: kbFeedback,
  settings: kbSettings,
};

async function stats(interaction: ChatInputCommandInteraction, ctx: Ctx) {
  const { library, search } = ctx.knowledge();
  const about = describeKnowledge(library);
  const ask = await askStatsField(ctx);
  await respond(interaction, {
    ephemeral: true,
    embeds: [
      {
        title: 'Knowledge base stats',
        color: BRAND_COLOUR,
        fields: [
          { name: 'Version', value: `\`${library.version}\``, inline: true },
          { name: 'Entries', value: String(library.size), inline: true },
          { name: 'Passages indexed', value: String(search.size), inline: true },
          { name: 'By type', value: about.counts || 'empty' },
          { name: 'Organisations', value: String(library.organizations().length), inline: true },
          { name: 'Signatories', value: String(library.signatories().length), inline: true },
          { name: 'Jurisdictions with laws', value: String(library.jurisdictions().length), inline: true },
          { name: 'Last update', value: about.lastUpdated ?? 'never', inline: true },
          { name: 'Knowledge folder', value: `\`${ctx.config.knowledgeDir}\``, inline: true },
          ...(ask ? [ask] : []),
        ],
        footer: kbFooter(library.version),
      },
    ],
  });
}
