import { type ChatInputCommandInteraction, SlashCommandBuilder } from 'discord.js';
import { jurisdictionChoices } from '../src/discord/autocomplete.js';
import { addFilterOptions, readFilters, readText } from '../src/discord/options.js';
import { attachmentUrl, readPictureOptions, THEME_CHOICES } from '../src/discord/picture-options.js';
import {
  BRAND_COLOUR,
  joinWithin,
  kbFooter,
  quoteUserText,
  type Reply,
  respond,
  respondAfter,
  respondChoices,
  truncate,
} from '../src/discord/reply.js';
import { UserFacingError } from '../src/errors.js';
import { selectTimeline } from '../src/kb/build-timeline.js';
import { TYPE_LABELS } from '../src/kb/doc-line.js';
import { chartColours } from '../src/pictures/charts/chart-theme.js';
import { drawTimeline } from '../src/pictures/charts/draw-charts.js';
import { renderChart } from '../src/pictures/charts/render-chart.js';
import { LANE_KINDS, type LaneKind } from '../src/pictures/charts/timeline-events.js';
import { THEMES } from '../src/pictures/theme.js';
import type { Command, Ctx } from './types.js';

const LANE_NAMES: Record<LaneKind, string> = {
  type: 'Type of entry',
  jurisdiction: 'Jurisdiction',
  company: 'Company or organisation',
};

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
  )
    .addBooleanOption((o) => o.setName('image').setDescription('Also draw it as a dated chart'))
    .addStringOption((o) =>
      o
        .setName('lanes')
        .setDescription('Chart lanes: by type (default), jurisdiction or company')
        .addChoices(...LANE_KINDS.map((k) => ({ name: LANE_NAMES[k], value: k }))),
    )
    .addStringOption((o) =>
      o
        .setName('theme')
        .setDescription('Chart background (default dark)')
        .addChoices(...THEME_CHOICES),
    ),

  async execute(interaction: ChatInputCommandInteraction, ctx: Ctx) {
    const { library, search } = ctx.knowledge();
    const topic = readText(interaction, 'topic');
    const { type, jurisdiction, from, to } = readFilters(interaction, library);
    const query = { topic, type, jurisdiction, from, to };
    const { items, best } = selectTimeline(library, search, query);
    // The selection in words: Markdown-escaped for the embed, plain for the picture.
    const describe = (quote: (t: string) => string) =>
      [
        topic ? `about "${quote(topic)}"` : '',
        type ? TYPE_LABELS[type].toLowerCase() : '',
        jurisdiction ? library.places.name(jurisdiction) : '',
        from ? `from ${from}` : '',
        to ? `to ${to}` : '',
      ].filter(Boolean);
    const scope = describe((t) => quoteUserText(t, 80));
    if (items.length === 0)
      throw new UserFacingError(
        `Nothing in the knowledge base${scope.length ? ` ${scope.join(', ')}` : ''}.`,
      );
    // Lines are written for the start of the list only: no more than this many fit in the embed (a line is
    // at least 20 characters), and a timeline without a topic lists every entry of a large base.
    const lines = items.slice(0, 400).map((i) => `\`${i.date}\` ${i.label}`);
    const note =
      best === undefined ? '' : `\n\n*The ${best} entries that match the topic best; more match it.*`;
    const embed = {
      title: `Timeline${scope.length ? `: ${scope.join(', ')}` : ''}`,
      description:
        joinWithin(
          lines,
          4000 - note.length,
          (n) => `…and ${n} more (narrow with topic, type or dates)`,
          '\n',
          items.length,
        ) + note,
      color: BRAND_COLOUR,
      footer: kbFooter(library.version),
    };
    const picture = readPictureOptions(interaction);
    if (!picture.image) return respond(interaction, { embeds: [embed] });
    const lanes = (interaction.options.getString('lanes') ?? 'type') as LaneKind;
    const asOf = ctx.clock().toISOString().slice(0, 10);
    await respondAfter(interaction, async (): Promise<Reply> => {
      const chart = await renderChart(
        ctx.pictures,
        {
          kind: 'timeline',
          version: library.version,
          params: { ...query, lanes, theme: picture.theme, asOf },
        },
        () => {
          const drawn = drawTimeline(
            library,
            search,
            query,
            { lanes, scope: describe((t) => truncate(t.replace(/\s+/g, ' ').trim(), 80)).join(', '), asOf },
            { colours: chartColours(THEMES[picture.theme]) },
          );
          // The same selection was not empty a moment ago; the library cannot change underneath.
          if (!drawn) throw new Error('timeline: nothing to draw for a selection that listed entries');
          return drawn;
        },
      );
      return {
        embeds: [{ ...embed, image: { url: attachmentUrl('timeline.png') } }],
        files: [{ name: 'timeline.png', data: chart.png, description: chart.alt }],
      };
    });
  },

  async autocomplete(interaction, ctx) {
    const focused = interaction.options.getFocused(true);
    if (focused.name !== 'jurisdiction') return respondChoices(interaction, []);
    await respondChoices(interaction, jurisdictionChoices(ctx.knowledge().library, focused.value));
  },
} satisfies Command;
