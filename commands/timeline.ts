import { type ChatInputCommandInteraction, SlashCommandBuilder } from 'discord.js';
import { jurisdictionChoices } from '../src/discord/autocomplete.js';
import { addFilterOptions, readFilters, readText } from '../src/discord/options.js';
import {
  BRAND_COLOUR,
  joinWithin,
  kbFooter,
  quoteUserText,
  respond,
  respondChoices,
} from '../src/discord/reply.js';
import { UserFacingError } from '../src/errors.js';
import { buildTimeline } from '../src/kb/build-timeline.js';
import { TYPE_LABELS } from '../src/kb/doc-line.js';
import type { Command, Ctx } from './types.js';

export default {
  data: addFilterOptions(
    new SlashCommandBuilder()
      .setName('timeline')
      .setDescription('What happened when: documents and milestones in date order')
      .addStringOption((o) =>
        o
          .setName('topic')
          .setDescription('Only entries about this, e.g. "face recognition police"')
          .setMaxLength(200),
      ),
  ),

  async execute(interaction: ChatInputCommandInteraction, ctx: Ctx) {
    const { library, search } = ctx.knowledge();
    const topic = readText(interaction, 'topic');
    const { type, jurisdiction, from, to } = readFilters(interaction, library);
    const items = buildTimeline(library, search, { topic, type, jurisdiction, from, to });
    const scope = [
      topic ? `about "${quoteUserText(topic, 80)}"` : '',
      type ? TYPE_LABELS[type].toLowerCase() : '',
      jurisdiction ? library.places.name(jurisdiction) : '',
      from ? `from ${from}` : '',
      to ? `to ${to}` : '',
    ].filter(Boolean);
    if (items.length === 0)
      throw new UserFacingError(
        `Nothing in the knowledge base${scope.length ? ` ${scope.join(', ')}` : ''}.`,
      );
    const lines = items.map((i) => `\`${i.date}\` ${i.label}`);
    await respond(interaction, {
      embeds: [
        {
          title: `Timeline${scope.length ? `: ${scope.join(', ')}` : ''}`,
          description: joinWithin(lines, 4000, (n) => `…and ${n} more (narrow with topic, type or dates)`),
          color: BRAND_COLOUR,
          footer: kbFooter(library.version),
        },
      ],
    });
  },

  async autocomplete(interaction, ctx) {
    const focused = interaction.options.getFocused(true);
    if (focused.name !== 'jurisdiction') return respondChoices(interaction, []);
    await respondChoices(interaction, jurisdictionChoices(ctx.knowledge().library, focused.value));
  },
} satisfies Command;
