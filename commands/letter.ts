import { type ButtonInteraction, type ChatInputCommandInteraction, SlashCommandBuilder } from 'discord.js';
import { docChoices, facetChoices } from '../src/discord/autocomplete.js';
import { readPageNumber, readText } from '../src/discord/options.js';
import {
  actionButton,
  cardEmbed,
  quoteUserText,
  type Reply,
  respond,
  respondChoices,
  row,
  sourceButtons,
  updateMessage,
} from '../src/discord/reply.js';
import { UserFacingError } from '../src/errors.js';
import { letterCard, letterList, lettersSignedBy } from '../src/kb/letter-card.js';
import { normalizeName } from '../src/kb/normalize.js';
import { closestValues, resolveOrSuggest } from '../src/kb/resolve-name.js';
import type { Doc, Letter } from '../src/kb/schema.js';
import type { Command, Ctx } from './types.js';

export default {
  data: new SlashCommandBuilder()
    .setName('letter')
    .setDescription("A coalition letter's card, or the letters an organisation signed")
    .addStringOption((o) =>
      o
        .setName('name')
        .setDescription('The letter, by title or alias')
        .setAutocomplete(true)
        .setMaxLength(200),
    )
    .addStringOption((o) =>
      o
        .setName('signatory')
        .setDescription('List the letters this organisation signed')
        .setAutocomplete(true)
        .setMaxLength(200),
    ),

  async execute(interaction: ChatInputCommandInteraction, ctx: Ctx) {
    const { library } = ctx.knowledge();
    const name = readText(interaction, 'name');
    const signatory = readText(interaction, 'signatory');
    if (name) {
      const doc = resolveOrSuggest(library, name, 'letter', 'letter') as Doc & Letter;
      await respond(interaction, renderLetter(doc, 0, library.version));
      return;
    }
    if (signatory) {
      const letters = lettersSignedBy(library, signatory);
      if (letters.length === 0) {
        const close = closestValues(
          library.signatories().map((f) => f.value),
          signatory,
        );
        const hint = close.length ? ` Did you mean: ${close.join(', ')}?` : '';
        throw new UserFacingError(`No letters signed by "${quoteUserText(signatory, 80)}".${hint}`);
      }
      const label =
        library.signatories().find((f) => normalizeName(f.value) === normalizeName(signatory))?.label ??
        signatory;
      await respond(interaction, { embeds: [cardEmbed(letterList(label, letters), library.version)] });
      return;
    }
    throw new UserFacingError('Give a letter `name`, or a `signatory` to list the letters they signed.');
  },

  async autocomplete(interaction, ctx) {
    const { library } = ctx.knowledge();
    const focused = interaction.options.getFocused(true);
    if (focused.name === 'name')
      return respondChoices(interaction, docChoices(library, focused.value, 'letter'));
    if (focused.name === 'signatory')
      return respondChoices(interaction, facetChoices(library.signatories(), focused.value));
    await respondChoices(interaction, []);
  },

  async button(interaction: ButtonInteraction, ctx: Ctx) {
    const { library } = ctx.knowledge();
    const [, action, id, pageRaw] = interaction.customId.split(':');
    const page = readPageNumber(pageRaw);
    const doc = id ? library.get(id) : undefined;
    if (action !== 'sig' || page === undefined || doc?.type !== 'letter')
      throw new UserFacingError('This letter is no longer in the knowledge base. Run /letter again.');
    await updateMessage(interaction, renderLetter(doc, page, library.version));
  },
} satisfies Command;

function renderLetter(doc: Doc & Letter, page: number, version: string): Reply {
  const { card, page: at, pages } = letterCard(doc, page);
  // Ids are file names and normally short; a very long one simply gets no paging buttons.
  const fits = `letter:sig:${doc.id}:${pages}`.length <= 100;
  const paging =
    pages > 1 && fits
      ? [
          row(
            actionButton(`letter:sig:${doc.id}:${at - 1}`, '◀ Signatories', { disabled: at === 0 }),
            actionButton(`letter:sig:${doc.id}:${at + 1}`, 'More signatories ▶', {
              disabled: at + 1 >= pages,
            }),
          ),
        ]
      : [];
  return { embeds: [cardEmbed(card, version)], components: [...paging, ...sourceButtons(doc.sources)] };
}
