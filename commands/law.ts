import { type ChatInputCommandInteraction, SlashCommandBuilder } from 'discord.js';
import { docChoices, jurisdictionChoices } from '../src/discord/autocomplete.js';
import { readText } from '../src/discord/options.js';
import { cardEmbed, quoteUserText, respond, respondChoices, sourceButtons } from '../src/discord/reply.js';
import { UserFacingError } from '../src/errors.js';
import { entryFreshness } from '../src/freshness/entry-freshness.js';
import { hasLawsIn, lawCard, lawList, resolveJurisdiction } from '../src/kb/law-card.js';
import { resolveOrSuggest } from '../src/kb/resolve-name.js';
import { isLawLike } from '../src/kb/schema.js';
import { officialActionLines } from '../src/tracking/official-line.js';
import { statesOfEntry } from '../src/tracking/tracking-records.js';
import type { Command, Ctx } from './types.js';

const LAW_TYPES = ['law', 'bill'] as const;

export default {
  data: new SlashCommandBuilder()
    .setName('law')
    .setDescription("A law's card, or the laws of a jurisdiction")
    .addStringOption((o) =>
      o
        .setName('name')
        .setDescription('The law, e.g. "BIPA" or "Illinois biometric law"')
        .setAutocomplete(true)
        .setMaxLength(200),
    )
    .addStringOption((o) =>
      o
        .setName('jurisdiction')
        .setDescription('List the laws of this place')
        .setAutocomplete(true)
        .setMaxLength(60),
    ),

  async execute(interaction: ChatInputCommandInteraction, ctx: Ctx) {
    const { library, policy } = ctx.knowledge();
    const name = readText(interaction, 'name');
    const place = readText(interaction, 'jurisdiction');
    if (name) {
      const doc = resolveOrSuggest(library, name, LAW_TYPES, 'law or bill');
      if (!isLawLike(doc)) throw new UserFacingError(`${doc.title} is not a law.`);
      const today = ctx.clock().toISOString().slice(0, 10);
      const freshness = await entryFreshness(doc, { store: ctx.store, policy, today });
      // What official data last said, even before a curator updates the status; a store outage hides it.
      const official =
        doc.tracking.length > 0
          ? officialActionLines(await statesOfEntry(ctx.store, doc.id).catch(() => []))
          : undefined;
      await respond(interaction, {
        embeds: [cardEmbed(lawCard(library, doc, { of: freshness, today }, official), library.version)],
        components: sourceButtons(doc.sources),
      });
      return;
    }
    if (place) {
      const code = resolveJurisdiction(library, place);
      if (!code)
        throw new UserFacingError(
          `Unknown jurisdiction "${quoteUserText(place, 60)}". Pick one from the list as you type.`,
        );
      if (!hasLawsIn(library, code))
        throw new UserFacingError(
          `The knowledge base has no laws or bills for ${library.places.name(code)} yet.`,
        );
      await respond(interaction, { embeds: [cardEmbed(lawList(library, code), library.version)] });
      return;
    }
    throw new UserFacingError('Give a law `name` (e.g. BIPA) or a `jurisdiction` to list its laws.');
  },

  async autocomplete(interaction, ctx) {
    const { library } = ctx.knowledge();
    const focused = interaction.options.getFocused(true);
    if (focused.name === 'name')
      return respondChoices(interaction, docChoices(library, focused.value, LAW_TYPES));
    if (focused.name === 'jurisdiction')
      return respondChoices(interaction, jurisdictionChoices(library, focused.value));
    await respondChoices(interaction, []);
  },
} satisfies Command;
