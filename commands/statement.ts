import { type ChatInputCommandInteraction, SlashCommandBuilder } from 'discord.js';
import { facetChoices } from '../src/discord/autocomplete.js';
import { readText } from '../src/discord/options.js';
import { cardEmbed, quoteUserText, respond, respondChoices, sourceButtons } from '../src/discord/reply.js';
import { UserFacingError } from '../src/errors.js';
import { closestValues } from '../src/kb/resolve-name.js';
import { statementHistory } from '../src/kb/statement-history.js';
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
    await respond(interaction, {
      embeds: [cardEmbed(card, library.version)],
      components: sourceButtons(sources),
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
