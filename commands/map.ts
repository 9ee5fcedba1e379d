import {
  type APIEmbedField,
  type ButtonInteraction,
  ButtonStyle,
  type ChatInputCommandInteraction,
  SlashCommandBuilder,
} from 'discord.js';
import { readDateOption, readText } from '../src/discord/options.js';
import {
  actionButton,
  BRAND_COLOUR,
  joinWithin,
  quoteUserText,
  type Reply,
  respond,
  row,
  updateMessage,
} from '../src/discord/reply.js';
import { UserFacingError } from '../src/errors.js';
import { isCalendarDate } from '../src/kb/schema.js';
import { isLayerId, type LayerId } from '../src/pictures/map/law-map.js';
import { formatDay, lawLink, placeListLines } from '../src/pictures/map/map-text.js';
import { type LawMapRequest, lawsAbout, renderLawMap } from '../src/pictures/map/render-law-map.js';
import { isThemeName } from '../src/pictures/theme.js';
import type { Command, Ctx } from './types.js';

const MAP_FILE = 'map.png';
/** Topics ride in the buttons' custom_id (at most 100 characters), so they are kept short. */
const MAX_TOPIC = 40;

export default {
  data: new SlashCommandBuilder()
    .setName('map')
    .setDescription('A US map of the laws in the knowledge base, by state, city and county')
    .addStringOption((o) =>
      o
        .setName('layer')
        .setDescription(
          "Which laws: businesses' use of biometrics, or police and government face recognition",
        )
        .addChoices(
          { name: "Businesses' use of biometrics", value: 'commercial' },
          { name: 'Police and government face recognition', value: 'government' },
        ),
    )
    .addStringOption((o) =>
      o
        .setName('topic')
        .setDescription('Only laws about this, e.g. "schools" or "body cameras"')
        .setMaxLength(MAX_TOPIC),
    )
    .addStringOption((o) =>
      o.setName('as_of').setDescription('The map as it stood on this date, e.g. 2021-01-01').setMaxLength(10),
    )
    .addStringOption((o) =>
      o
        .setName('background')
        .setDescription('Dark (default) or light, to match your Discord theme or your slides')
        .addChoices({ name: 'Dark', value: 'dark' }, { name: 'Light', value: 'light' }),
    ),

  async execute(interaction: ChatInputCommandInteraction, ctx: Ctx) {
    const layer = interaction.options.getString('layer') ?? 'commercial';
    const background = interaction.options.getString('background') ?? 'dark';
    if (!isLayerId(layer) || !isThemeName(background))
      throw new UserFacingError('Pick a layer and background from the list.');
    const request: LawMapRequest = {
      layer,
      theme: background,
      asOf: readDateOption(interaction, 'as_of', 'end') ?? today(ctx),
      topic: readText(interaction, 'topic')?.slice(0, MAX_TOPIC).replace(/:/g, ' '),
    };
    if (request.asOf > today(ctx)) throw new UserFacingError(`\`as_of\` is in the future (${request.asOf}).`);
    if (request.topic && lawsAbout(ctx.knowledge().search, request.topic)?.size === 0)
      throw new UserFacingError(
        `No law in the knowledge base about "${quoteUserText(request.topic, MAX_TOPIC)}".`,
      );
    // Drawing takes the main thread for a moment before the PNG is rendered off it: acknowledge first.
    await interaction.deferReply();
    await respond(interaction, await mapReply(ctx, request));
  },

  async button(interaction: ButtonInteraction, ctx: Ctx) {
    const [, layer = '', theme = '', asOf = '', ...topic] = interaction.customId.split(':');
    if (!isLayerId(layer) || !isThemeName(theme) || !isCalendarDate(asOf))
      throw new UserFacingError('This button is not one I know. Run /map again.');
    await interaction.deferUpdate();
    const reply = await mapReply(ctx, { layer, theme, asOf, topic: topic.join(':') || undefined });
    await updateMessage(interaction, reply);
  },
} satisfies Command;

const today = (ctx: Ctx) => ctx.clock().toISOString().slice(0, 10);

/** The map as a message: the picture, the places of each colour as text with links, layer and theme buttons. */
async function mapReply(ctx: Ctx, request: LawMapRequest): Promise<Reply> {
  const knowledge = ctx.knowledge();
  const picture = await renderLawMap(knowledge, request, ctx.pictures);
  const { map } = picture;
  // The places of each colour, each linked to its strongest law's source: the picture in words.
  const lists = placeListLines(map, 3600);
  const fields: APIEmbedField[] = [];
  const aside = [
    ...map.upcoming.map(
      (l) =>
        `${lawLink(l)} (${l.doc.placeName ?? l.doc.jurisdiction}): enacted, in effect from ${l.standing.state === 'not-yet' ? formatDay(l.standing.effective) : '?'}`,
    ),
    ...map.elsewhere.flatMap((p) =>
      p.laws.map((l) => `${lawLink(l)} (${p.name}): outside the US, not drawn`),
    ),
    ...map.federal.map((l) => `${lawLink(l)}: federal`),
  ];
  if (aside.length) fields.push({ name: 'Not on the map', value: joinWithin(aside, 1000) });
  const state = (layer: LayerId, theme: string) =>
    `map:${layer}:${theme}:${request.asOf}:${request.topic ?? ''}`.slice(0, 100);
  const otherTheme = request.theme === 'dark' ? 'light' : 'dark';
  return {
    embeds: [
      {
        title: `${map.layer.title}, as of ${formatDay(map.asOf)}`,
        description: [
          ...(request.topic ? [`About "${quoteUserText(request.topic, MAX_TOPIC)}".`] : []),
          ...lists,
          'From the Dossier knowledge base, not legal advice.',
        ].join('\n\n'),
        color: BRAND_COLOUR,
        fields,
        image: { url: `attachment://${MAP_FILE}` },
        footer: { text: `Dossier · knowledge base ${knowledge.library.version} · not legal advice` },
      },
    ],
    files: [{ name: MAP_FILE, data: picture.png, description: picture.alt }],
    components: [
      row(
        ...(['commercial', 'government'] as const).map((layer) =>
          actionButton(
            state(layer, request.theme),
            layer === 'commercial' ? 'Businesses' : 'Police and government',
            {
              disabled: layer === request.layer,
              style: layer === request.layer ? ButtonStyle.Primary : ButtonStyle.Secondary,
            },
          ),
        ),
        actionButton(
          state(request.layer, otherTheme),
          otherTheme === 'light' ? 'Light background' : 'Dark background',
        ),
      ),
    ],
  };
}
