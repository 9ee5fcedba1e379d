import { type ChatInputCommandInteraction, SlashCommandBuilder } from 'discord.js';
import { BRAND_COLOUR, kbFooter, respond } from '../src/discord/reply.js';
import { describeKnowledge } from '../src/kb/describe-knowledge.js';
import { trackingSourcesLine } from '../src/tracking/create-tracking.js';
import type { Command, Ctx } from './types.js';

export default {
  data: new SlashCommandBuilder()
    .setName('about')
    .setDescription('The knowledge base: version, what it holds, when it last changed'),

  async execute(interaction: ChatInputCommandInteraction, ctx: Ctx) {
    const { library } = ctx.knowledge();
    const about = describeKnowledge(library);
    await respond(interaction, {
      embeds: [
        {
          title: 'About Dossier',
          description:
            'A curated, cited knowledge base of coalition letters, corporate statements, laws and court cases, kept in git and reviewed by the coalition.',
          color: BRAND_COLOUR,
          fields: [
            { name: 'Knowledge base version', value: `\`${library.version}\``, inline: true },
            { name: 'Entries', value: String(library.size), inline: true },
            { name: 'Last update', value: about.lastUpdated ?? 'never', inline: true },
            { name: 'By type', value: about.counts || 'empty' },
            {
              name: 'Official bill data',
              value: trackingSourcesLine(ctx.config.tracking).replace(/^Bill tracking: /, ''),
            },
          ],
          footer: kbFooter(library.version),
        },
      ],
    });
  },
} satisfies Command;
