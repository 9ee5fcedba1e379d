import {
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
    ),

  async execute(interaction: ChatInputCommandInteraction, ctx: Ctx) {
    requireManageGuild(interaction);
    const run = SUBCOMMANDS[interaction.options.getSubcommand(false) ?? ''];
    if (!run)
      throw new UserFacingError(
        `Use one of: ${Object.keys(SUBCOMMANDS)
          .map((s) => `/kb ${s}`)
          .join(', ')}.`,
      );
    await run(interaction, ctx);
  },
} satisfies Command;

/** Each /kb subcommand (all of them require Manage Server, checked above). */
const SUBCOMMANDS: Record<string, (interaction: ChatInputCommandInteraction, ctx: Ctx) => Promise<void>> = {
  reload: kbReload,
  stats,
  feedback: kbFeedback,
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
