import type { Places } from '../src/kb/places.js';
import { type ButtonInteraction, type ChatInputCommandInteraction, SlashCommandBuilder } from 'discord.js';
import { z } from 'zod';
import { jurisdictionChoices } from '../src/discord/autocomplete.js';
import { addFilterOptions, readFilters, readPageNumber, readText } from '../src/discord/options.js';
import {
  actionButton,
  BRAND_COLOUR,
  kbFooter,
  oneLine,
  quoteUserText,
  type Reply,
  respond,
  respondChoices,
  row,
  sourceButtons,
  truncate,
  updateMessage,
} from '../src/discord/reply.js';
import { UserFacingError } from '../src/errors.js';
import { docMeta, TYPE_LABELS } from '../src/kb/doc-line.js';
import { DocType } from '../src/kb/schema.js';
import type { Command, Ctx } from './types.js';

const PAGE_SIZE = 5;
/**
 * Pages ranked by one search: the first page's search also ranks the second, so the Next a member presses
 * right after searching reuses it (src/search/memoize-search.ts) instead of ranking again, and the two
 * pages never overlap. Ranking ten costs about what ranking five does.
 */
const PAGES_PER_SEARCH = 2;
const STATE_TTL_MS = 15 * 60_000;

/** What a results message's paging buttons need, kept in the store (shared by shards) under its id. */
const SearchState = z.object({
  text: z.string(),
  type: DocType.optional(),
  jurisdiction: z.string().optional(),
  from: z.string().optional(),
  to: z.string().optional(),
  userId: z.string(),
});
type SearchState = z.infer<typeof SearchState>;

const stateKey = (id: string) => `search:state:${id}`;

export default {
  data: addFilterOptions(
    new SlashCommandBuilder()
      .setName('search')
      .setDescription('Search the knowledge base: laws, letters, statements, cases')
      .addStringOption((o) =>
        o
          .setName('query')
          .setDescription('What to look for, e.g. "texas biometric"')
          .setRequired(true)
          .setMaxLength(200),
      ),
  ),

  async execute(interaction: ChatInputCommandInteraction, ctx: Ctx) {
    const { library } = ctx.knowledge();
    const text = readText(interaction, 'query', true) ?? '';
    if (!text) throw new UserFacingError('Type something to search for.');
    const state: SearchState = {
      text,
      userId: interaction.user.id,
      ...readFilters(interaction, library),
    };
    const reply = renderPage(ctx, state, interaction.id, 0);
    await ctx.store.set(stateKey(interaction.id), state, STATE_TTL_MS);
    await respond(interaction, reply);
  },

  async autocomplete(interaction, ctx) {
    const focused = interaction.options.getFocused(true);
    if (focused.name !== 'jurisdiction') return respondChoices(interaction, []);
    await respondChoices(interaction, jurisdictionChoices(ctx.knowledge().library, focused.value));
  },

  async button(interaction: ButtonInteraction, ctx: Ctx) {
    const [, action, id, pageRaw] = interaction.customId.split(':');
    const page = readPageNumber(pageRaw);
    if (action !== 'page' || !id || page === undefined)
      throw new UserFacingError('This button is not one I know. Run /search again.');
    const state = await ctx.store.get(stateKey(id), SearchState);
    if (!state) throw new UserFacingError('These results have expired. Run /search again.');
    if (state.userId !== interaction.user.id)
      throw new UserFacingError('Only the member who searched can turn these pages. Run /search yourself.');
    await updateMessage(interaction, renderPage(ctx, state, id, page));
  },
} satisfies Command;

function renderPage(ctx: Ctx, state: SearchState, id: string, page: number): Reply {
  const { library, search } = ctx.knowledge();
  const filters = {
    type: state.type,
    jurisdiction: state.jurisdiction,
    from: state.from,
    to: state.to,
  };
  const ranked = PAGE_SIZE * PAGES_PER_SEARCH;
  const first = Math.floor(page / PAGES_PER_SEARCH) * ranked;
  const result = search.search({ text: state.text, filters, limit: ranked, offset: first });
  const shown = result.hits.slice(page * PAGE_SIZE - first, (page + 1) * PAGE_SIZE - first);
  // `total` is exact unless `more`: then it is a lower bound and the last page is not known yet.
  const known = Math.max(1, Math.ceil(result.total / PAGE_SIZE));
  const pages = result.more ? Math.max(known, page + 2) : known;
  const count = `${result.total}${result.more ? '+' : ''} result${result.total === 1 && !result.more ? '' : 's'}`;
  const pageOf = result.more ? `page ${page + 1}` : `page ${page + 1} of ${pages}`;
  if (result.total === 0 || (page === 0 && shown.length === 0))
    throw new UserFacingError(
      `Nothing in the knowledge base matches "${quoteUserText(state.text)}"${describeFilters(state, library.places)}.`,
    );
  if (shown.length === 0)
    throw new UserFacingError('That page is past the end of the results. Run /search again.');
  const lines = shown.map((hit, i) => {
    const n = page * PAGE_SIZE + i + 1;
    const url = hit.doc.sources[0]?.url;
    const title = url ? `[${hit.doc.title}](${url})` : hit.doc.title;
    return `**${n}. ${title}**\n${docMeta(hit.doc)} · \`${hit.doc.id}\`\n> ${truncate(oneLine(hit.snippet), 300)}`;
  });
  const note = result.confident ? '' : '\n\n*Nothing matched all of your words; these are the closest.*';
  const embed = {
    title: `Search: ${quoteUserText(state.text, 240)}`,
    description: `${count}${describeFilters(state, library.places)} · ${pageOf}\n\n${lines.join('\n\n')}${note}`,
    color: BRAND_COLOUR,
    footer: kbFooter(library.version),
  };
  const components = [
    ...(pages > 1
      ? [
          row(
            actionButton(`search:page:${id}:${page - 1}`, '◀ Previous', { disabled: page === 0 }),
            actionButton(`search:page:${id}:${page + 1}`, 'Next ▶', { disabled: page + 1 >= pages }),
          ),
        ]
      : []),
    ...sourceButtons(
      shown.flatMap((h) => (h.doc.sources[0] ? [{ ...h.doc.sources[0], title: h.doc.title }] : [])),
    ),
  ];
  return { embeds: [embed], components };
}

function describeFilters(state: SearchState, places: Places): string {
  const parts: string[] = [];
  if (state.type) parts.push(`type ${TYPE_LABELS[state.type].toLowerCase()}`);
  if (state.jurisdiction) parts.push(places.name(state.jurisdiction));
  if (state.from) parts.push(`from ${state.from}`);
  if (state.to) parts.push(`to ${state.to}`);
  return parts.length ? ` (${parts.join(', ')})` : '';
}
