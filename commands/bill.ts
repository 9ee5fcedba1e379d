import { randomBytes } from 'node:crypto';
import {
  type APIEmbed,
  type ButtonInteraction,
  ButtonStyle,
  type ChatInputCommandInteraction,
  MessageFlags,
  SlashCommandBuilder,
} from 'discord.js';
import { z } from 'zod';
import { jurisdictionChoices } from '../src/discord/autocomplete.js';
import { readText } from '../src/discord/options.js';
import {
  actionButton,
  BRAND_COLOUR,
  type ButtonRow,
  joinWithin,
  quoteUserText,
  respond,
  respondChoices,
  row,
  truncate,
} from '../src/discord/reply.js';
import { UserFacingError } from '../src/errors.js';
import { shortDate } from '../src/kb/doc-line.js';
import { resolveJurisdiction } from '../src/kb/law-card.js';
import type { Library } from '../src/kb/library.js';
import { normalizeUrl } from '../src/suggest/normalize-url.js';
import type { Suggestion } from '../src/suggest/suggestion.js';
import { type BillSearch, FoundBill, findBills, type SearchScope } from '../src/tracking/find-bills.js';
import { ordinal, SOURCE_NAMES, trackablePlace } from '../src/tracking/tracked-items.js';
import { trackingKeys } from '../src/tracking/tracking-records.js';
import { receivedEmbed } from './suggest.js';
import type { Command, Ctx } from './types.js';

/** Bills listed per search: two rows of five "Suggest" buttons. */
const MAX_SHOWN = 10;
const RESULTS_TTL_MS = 24 * 3_600_000;
const KeptSearch = z.object({ query: z.string(), bills: z.array(FoundBill), at: z.string() });

/**
 * /bill search: bills official data lists for some words that the knowledge base does not have yet, each
 * with a button that suggests it to curators (the /suggest flow, with the bill's official facts attached).
 */
export default {
  data: new SlashCommandBuilder()
    .setName('bill')
    .setDescription('Find bills in official data that the knowledge base does not have yet')
    .addSubcommand((s) =>
      s
        .setName('search')
        .setDescription('Search Open States and Congress.gov live; suggest a bill for the base')
        .addStringOption((o) =>
          o
            .setName('query')
            .setDescription('Words to look for, e.g. "facial recognition"')
            .setRequired(true)
            .setMinLength(2)
            .setMaxLength(100),
        )
        .addStringOption((o) =>
          o
            .setName('state')
            .setDescription('One state (e.g. Texas), or "US" for Congress only; default: everywhere')
            .setAutocomplete(true)
            .setMaxLength(60),
        ),
    ),

  async execute(interaction: ChatInputCommandInteraction, ctx: Ctx) {
    const { library } = ctx.knowledge();
    const query = readText(interaction, 'query', true)?.slice(0, 100) ?? '';
    if (query.length < 2) throw new UserFacingError('Give at least two characters to search for.');
    const scope = readScope(library, readText(interaction, 'state'));
    const clients = ctx.officialData ?? {};
    needSource(scope, clients);
    // Live APIs may take seconds: the channel sees "thinking…", then the results (or why there are none).
    await interaction.deferReply();
    const today = ctx.clock().toISOString().slice(0, 10);
    const result = await findBills(query, scope, { library, clients, today });
    for (const s of result.sources)
      if (s.problem)
        ctx.logger.warn(
          { source: s.source, kind: s.problem.kind, reason: s.problem.detail },
          'bill search: source failed',
        );
    const asked = result.sources.filter((s) => s.status === 'answered' || s.status === 'failed');
    if (asked.every((s) => s.status === 'failed'))
      throw new UserFacingError(
        `Bill search failed: ${asked.map((s) => s.problem?.message ?? '').join('; ')}.`,
      );
    const shown = result.found.slice(0, MAX_SHOWN);
    // A bill someone in this server already suggested gets no button: it says where it stands instead.
    const byLink =
      ctx.suggestions && interaction.guildId ? await ctx.suggestions.byLink(interaction.guildId) : new Map();
    const suggested = shown.map((b) => {
      const url = normalizeUrl(b.url);
      return url ? byLink.get(url) : undefined;
    });
    const id = randomBytes(5).toString('hex');
    if (shown.length)
      await ctx.store.set(
        trackingKeys.search(id),
        { query, bills: shown, at: ctx.clock().toISOString() },
        RESULTS_TTL_MS,
      );
    await respond(interaction, {
      embeds: [resultsEmbed(query, scope, library, result, shown, suggested)],
      components: suggestButtons(
        id,
        shown.flatMap((_, i) => (suggested[i] ? [] : [i])),
      ),
    });
  },

  async autocomplete(interaction, ctx) {
    const typed = String(interaction.options.getFocused()).slice(0, 60);
    const places = jurisdictionChoices(ctx.knowledge().library, typed).filter((c) => trackablePlace(c.value));
    await respondChoices(interaction, places);
  },

  async button(interaction: ButtonInteraction, ctx: Ctx) {
    const [, action, id, n] = interaction.customId.split(':');
    if (action !== 'suggest' || !id || !/^[0-9a-f]{10}$/.test(id) || !/^\d{1,2}$/.test(n ?? ''))
      throw new UserFacingError('That button is not supported here.');
    if (!ctx.suggestions) throw new UserFacingError('Suggestions are not set up on this bot.');
    if (!interaction.guildId) throw new UserFacingError('Suggestions are made in a server, not in DMs.');
    const kept = await ctx.store.get(trackingKeys.search(id), KeptSearch);
    const bill = kept?.bills[Number(n)];
    if (!bill) throw new UserFacingError('These results have expired. Run /bill search again.');
    await interaction.deferReply({ flags: MessageFlags.Ephemeral });
    const outcome = await ctx.suggestions.submit({
      guildId: interaction.guildId,
      userId: interaction.user.id,
      userName: interaction.user.username,
      link: bill.url,
      type: 'bill',
      note: truncate(`${bill.label}, ${bill.place}: ${bill.title}`, 600),
      bill: {
        bill: {
          source: bill.source,
          label: bill.label,
          identifier: bill.identifier,
          title: bill.title,
          jurisdiction: bill.jurisdiction,
          session: bill.session,
          tracking: bill.tracking,
        },
        page: {
          title: truncate(bill.title, 200),
          publisher: SOURCE_NAMES[bill.source],
          // The entry's date is the bill's introduction; unknown (Congress.gov's list lacks it) stays blank.
          ...(bill.introduced ? { date: bill.introduced } : {}),
        },
      },
      reply: { applicationId: interaction.applicationId, token: interaction.token },
    });
    if (outcome.ok) {
      await respond(interaction, { ephemeral: true, embeds: [receivedEmbed(outcome.suggestion)] });
      return;
    }
    if (outcome.reason === 'duplicate') throw new UserFacingError(outcome.message);
    if (outcome.reason === 'rate-limited')
      throw new UserFacingError(
        `${outcome.scope === 'user' ? 'You have' : 'This server has'} made the maximum number of suggestions for now. Try again <t:${Math.ceil(outcome.retryAt.getTime() / 1000)}:R>.`,
      );
    throw new UserFacingError(`That bill could not be suggested: ${outcome.problems.join('; ')}`);
  },
} satisfies Command;

function readScope(library: Library, typed: string | undefined): SearchScope {
  if (!typed) return { kind: 'all' };
  if (/^(us|usa|united states|federal|congress)$/i.test(typed.trim())) return { kind: 'federal' };
  const two = /^(?:us-)?([a-z]{2})$/i.exec(typed.trim())?.[1];
  const code = two ? `US-${two.toUpperCase()}` : resolveJurisdiction(library, typed);
  if (code === 'US') return { kind: 'federal' };
  if (!code || !/^US-[A-Z]{2}$/.test(code) || !library.places.all().some((p) => p.code === code))
    throw new UserFacingError(
      `"${quoteUserText(typed, 60)}" is not a US state I know. Pick one from the list as you type, or "US" for Congress.`,
    );
  return { kind: 'state', code };
}

/** Refuses in one line when no source the search needs has a key. */
function needSource(scope: SearchScope, clients: NonNullable<Ctx['officialData']>): void {
  const off = {
    openstates: `${SOURCE_NAMES.openstates} is off (no OPENSTATES_API_KEY)`,
    congress: `${SOURCE_NAMES.congress} is off (no CONGRESS_API_KEY)`,
  };
  if (scope.kind === 'state' && !clients.openstates)
    throw new UserFacingError(`State bill search is off: ${off.openstates}.`);
  if (scope.kind === 'federal' && !clients.congress)
    throw new UserFacingError(`Federal bill search is off: ${off.congress}.`);
  if (!clients.openstates && !clients.congress)
    throw new UserFacingError(`Bill search is off: ${off.openstates}; ${off.congress}.`);
}

function resultsEmbed(
  query: string,
  scope: SearchScope,
  library: Library,
  result: BillSearch,
  shown: readonly FoundBill[],
  suggested: readonly (Suggestion | undefined)[],
): APIEmbed {
  const where =
    scope.kind === 'state'
      ? library.places.name(scope.code)
      : scope.kind === 'federal'
        ? 'Congress'
        : 'the states and Congress';
  const lines = shown.map(
    (b, i) =>
      `**${i + 1}. [${b.label}](${b.url})** · ${b.place}\n${quoteUserText(b.title, 200)}${
        b.latest ? `\n_Latest:_ ${quoteUserText(b.latest.text, 120)} (${shortDate(b.latest.date)})` : ''
      }${suggested[i] ? `\n${suggestedLine(suggested[i])}` : ''}`,
  );
  const open = shown.length - suggested.filter(Boolean).length;
  const more = result.found.length - shown.length;
  const notes: string[] = [];
  if (result.inBase.length)
    notes.push(
      `Already in the base: ${joinWithin(
        result.inBase.map((k) => `${k.bill.label} (\`${k.entryId}\`)`),
        600,
        (n) => `and ${n} more`,
        ', ',
      )}.`,
    );
  for (const s of result.sources) {
    if (s.status === 'off')
      notes.push(
        s.source === 'openstates'
          ? `${SOURCE_NAMES.openstates} is off (no OPENSTATES_API_KEY): state bills were not searched.`
          : `${SOURCE_NAMES.congress} is off (no CONGRESS_API_KEY): federal bills were not searched.`,
      );
    if (s.problem) notes.push(`${s.problem.message}.`);
  }
  if (result.federal)
    notes.push(
      `Congress.gov's API has no keyword search: federal bills are those whose title has every word, among the ${result.federal.scanned} bills of the ${ordinal(result.federal.congress)} Congress with the latest actions.`,
    );
  const heading = shown.length
    ? `${open ? 'Press a number to suggest that bill to the curators.' : 'Every bill listed was already suggested.'}${more > 0 ? ` ${more} more not shown: narrow the words or pick a state.` : ''}`
    : result.inBase.length
      ? 'Nothing new: every bill found is already in the knowledge base.'
      : 'No bills found. Try other words, or another state.';
  return {
    title: truncate(`Bills on "${query}" in ${where}, not yet in the base`, 256),
    color: BRAND_COLOUR,
    description: joinWithin([heading, '', ...lines], 3600, (n) => `…and ${n} more`),
    ...(notes.length ? { fields: [{ name: 'Notes', value: truncate(notes.join('\n'), 1024) }] } : {}),
  };
}

/** Where a bill someone already suggested stands, in place of its button. */
function suggestedLine(s: Suggestion): string {
  const by = s.userName ? ` by ${quoteUserText(s.userName, 40)}` : '';
  if (s.status === 'published')
    return `_Already suggested${by} and published (suggestion \`${s.id}\`${s.outcome ? `: ${quoteUserText(s.outcome, 120)}` : ''})._`;
  if (s.status === 'duplicate')
    return `_Already suggested${by}; curators marked it a duplicate (suggestion \`${s.id}\`)._`;
  return `_Already suggested${by}, waiting for curators (suggestion \`${s.id}\`, ${s.status})._`;
}

/** "Suggest 1" … "Suggest 10" for the listed bills at `indexes` (those not yet suggested), five to a row. */
function suggestButtons(id: string, indexes: readonly number[]): ButtonRow[] {
  const rows: ButtonRow[] = [];
  for (let i = 0; i < indexes.length; i += 5)
    rows.push(
      row(
        ...indexes
          .slice(i, i + 5)
          .map((n) =>
            actionButton(`bill:suggest:${id}:${n}`, `Suggest ${n + 1}`, { style: ButtonStyle.Primary }),
          ),
      ),
    );
  return rows;
}
