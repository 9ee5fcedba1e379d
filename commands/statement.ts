import { type ChatInputCommandInteraction, SlashCommandBuilder } from 'discord.js';
import { facetChoices } from '../src/discord/autocomplete.js';
import { readText } from '../src/discord/options.js';
import { attachmentUrl, readPictureOptions, THEME_CHOICES } from '../src/discord/picture-options.js';
import {
  cardEmbed,
  quoteUserText,
  type Reply,
  respond,
  respondAfter,
  respondChoices,
  sourceButtons,
} from '../src/discord/reply.js';
import { UserFacingError } from '../src/errors.js';
import { closestValues } from '../src/kb/resolve-name.js';
import { normalizeName } from '../src/kb/normalize.js';
import { statementHistory } from '../src/kb/statement-history.js';
import { chartColours } from '../src/pictures/charts/chart-theme.js';
import { drawPledges } from '../src/pictures/charts/draw-charts.js';
import { renderChart } from '../src/pictures/charts/render-chart.js';
import { THEMES } from '../src/pictures/theme.js';
import type { Command, Ctx } from './types.js';

export default {
  data: new SlashCommandBuilder()
    .setName('statement')
    .setDescription("A company's public statements and promises, in date order")
    .addStringOption((o) =>
      o
        .setName('company')
        .setDescription('The company, e.g. Amazon')
        .setRequired(true)
        .setAutocomplete(true)
        .setMaxLength(200),
    )
    .addBooleanOption((o) =>
      o
        .setName('image')
        .setDescription('Also draw the pledges as bars over time, with the letters before them'),
    )
    .addStringOption((o) =>
      o
        .setName('theme')
        .setDescription('Chart background (default dark)')
        .addChoices(...THEME_CHOICES),
    ),

  async execute(interaction: ChatInputCommandInteraction, ctx: Ctx) {
    const { library } = ctx.knowledge();
    const company = readText(interaction, 'company', true) ?? '';
    const card = statementHistory(library, company);
    if (!card) {
      const close = closestValues(
        library.statementOrganizations().map((f) => f.value),
        company,
      );
      const hint = close.length ? ` Did you mean: ${close.join(', ')}?` : '';
      throw new UserFacingError(
        `No statements from "${quoteUserText(company, 80)}" in the knowledge base.${hint}`,
      );
    }
    const sources = library.statementsOf(company).flatMap((s) => s.sources.slice(0, 1));
    const reply = { embeds: [cardEmbed(card, library.version)], components: sourceButtons(sources) };
    const picture = readPictureOptions(interaction);
    if (!picture.image) return respond(interaction, reply);
    const asOf = ctx.clock().toISOString().slice(0, 10);
    await respondAfter(interaction, async (): Promise<Reply> => {
      const chart = await renderChart(
        ctx.pictures,
        {
          kind: 'pledges',
          version: library.version,
          params: { company: normalizeName(company), theme: picture.theme, asOf },
        },
        () => {
          const drawn = drawPledges(library, company, asOf, { colours: chartColours(THEMES[picture.theme]) });
          // statementHistory found statements a moment ago; the library cannot change underneath.
          if (!drawn) throw new Error('statement: no pledges to draw for a company with statements');
          return drawn;
        },
      );
      return {
        ...reply,
        embeds: reply.embeds.map((e) => ({ ...e, image: { url: attachmentUrl('pledges.png') } })),
        files: [{ name: 'pledges.png', data: chart.png, description: chart.alt }],
      };
    });
  },

  async autocomplete(interaction, ctx) {
    const focused = interaction.options.getFocused(true);
    await respondChoices(
      interaction,
      facetChoices(ctx.knowledge().library.statementOrganizations(), focused.value),
    );
  },
} satisfies Command;
