import { type ChatInputCommandInteraction, SlashCommandBuilder } from 'discord.js';
import { docChoices } from '../src/discord/autocomplete.js';
import { entryFreshness } from '../src/freshness/entry-freshness.js';
import { readText } from '../src/discord/options.js';
import { cardEmbed, respond, respondChoices, sourceButtons } from '../src/discord/reply.js';
import { resolveOrSuggest } from '../src/kb/resolve-name.js';
import { DOC_TYPES } from '../src/kb/schema.js';
import { sourceCard } from '../src/kb/source-card.js';
import type { Command, Ctx } from './types.js';

export default {
  data: new SlashCommandBuilder()
    .setName('source')
    .setDescription('A full entry with every source link and a citation to copy')
    .addStringOption((o) =>
      o
        .setName('id')
        .setDescription('The entry, by id, title or alias')
        .setRequired(true)
        .setAutocomplete(true)
        .setMaxLength(200),
    ),

  async execute(interaction: ChatInputCommandInteraction, ctx: Ctx) {
    const { library, policy } = ctx.knowledge();
    const doc = resolveOrSuggest(library, readText(interaction, 'id', true) ?? '', DOC_TYPES, 'entry');
    const today = ctx.clock().toISOString().slice(0, 10);
    const freshness = await entryFreshness(doc, { store: ctx.store, policy, today });
    await respond(interaction, {
      embeds: [cardEmbed(sourceCard(doc, library.version, { of: freshness, today }), library.version)],
      components: sourceButtons(doc.sources),
    });
  },

  async autocomplete(interaction, ctx) {
    const focused = interaction.options.getFocused(true);
    await respondChoices(interaction, docChoices(ctx.knowledge().library, focused.value));
  },
} satisfies Command;
