import {
  type ChatInputCommandInteraction,
  type Interaction,
  PermissionFlagsBits,
  type SlashCommandOptionsOnlyBuilder,
} from 'discord.js';
import { UserFacingError } from '../errors.js';
import { TYPE_LABELS } from '../kb/doc-line.js';
import { resolveJurisdiction } from '../kb/law-card.js';
import type { Library } from '../kb/library.js';
import { DOC_TYPES, DocType, isCalendarDate } from '../kb/schema.js';
import { quoteUserText } from './reply.js';

/** The filters /search and /timeline share, defined once so both offer them alike. */
export function addFilterOptions(builder: SlashCommandOptionsOnlyBuilder): SlashCommandOptionsOnlyBuilder {
  return builder
    .addStringOption((o) =>
      o
        .setName('type')
        .setDescription('Only this kind of document')
        .addChoices(...DOC_TYPES.map((t) => ({ name: TYPE_LABELS[t], value: t }))),
    )
    .addStringOption((o) =>
      o
        .setName('jurisdiction')
        .setDescription('Only laws and bills of this place')
        .setAutocomplete(true)
        .setMaxLength(60),
    )
    .addStringOption((o) =>
      o.setName('from').setDescription('From this date (YYYY-MM-DD, or a year)').setMaxLength(10),
    )
    .addStringOption((o) =>
      o.setName('to').setDescription('Up to this date (YYYY-MM-DD, or a year)').setMaxLength(10),
    );
}

export interface Filters {
  type?: DocType;
  jurisdiction?: string;
  from?: string;
  to?: string;
}

/** Reads the options addFilterOptions defines; a bad type, place or date range is a UserFacingError. */
export function readFilters(interaction: ChatInputCommandInteraction, library: Library): Filters {
  const typeRaw = interaction.options.getString('type');
  const type = typeRaw ? DocType.safeParse(typeRaw) : undefined;
  if (type && !type.success) throw new UserFacingError(`Unknown type "${quoteUserText(typeRaw ?? '', 20)}".`);
  const placeRaw = readText(interaction, 'jurisdiction');
  const jurisdiction = placeRaw ? resolveJurisdiction(library, placeRaw) : undefined;
  if (placeRaw && !jurisdiction)
    throw new UserFacingError(
      `Unknown jurisdiction "${quoteUserText(placeRaw, 60)}". Pick one from the list as you type.`,
    );
  const from = readDateOption(interaction, 'from', 'start');
  const to = readDateOption(interaction, 'to', 'end');
  checkRange(from, to);
  return {
    ...(type?.data ? { type: type.data } : {}),
    ...(jurisdiction ? { jurisdiction } : {}),
    ...(from ? { from } : {}),
    ...(to ? { to } : {}),
  };
}

/** A YYYY-MM-DD option (also accepts YYYY and YYYY-MM, as the start or end of that period). */
export function readDateOption(
  interaction: ChatInputCommandInteraction,
  name: string,
  end: 'start' | 'end',
): string | undefined {
  const raw = interaction.options.getString(name)?.trim();
  if (!raw) return undefined;
  if (/^\d{4}$/.test(raw)) return end === 'start' ? `${raw}-01-01` : `${raw}-12-31`;
  if (/^\d{4}-\d{2}$/.test(raw) && isCalendarDate(`${raw}-01`)) {
    if (end === 'start') return `${raw}-01`;
    const [y, m] = raw.split('-').map(Number) as [number, number];
    const last = new Date(Date.UTC(y, m, 0)).getUTCDate();
    return `${raw}-${String(last).padStart(2, '0')}`;
  }
  if (isCalendarDate(raw)) return raw;
  throw new UserFacingError(
    `\`${name}\` must be a date like 2019-01-31 (or 2019, or 2019-01); got "${String(raw)
      .slice(0, 40)
      .replace(/[`*_~|>\\]/g, '')}".`,
  );
}

export function checkRange(from: string | undefined, to: string | undefined): void {
  if (from && to && from > to) throw new UserFacingError(`\`from\` (${from}) is after \`to\` (${to}).`);
}

/**
 * Admin commands are hidden from members without Manage Server by their default permissions, but a
 * server can override that in its integration settings; this is the check that cannot be overridden.
 */
export function requireManageGuild(interaction: Interaction): void {
  if (!interaction.inGuild() || !interaction.memberPermissions?.has(PermissionFlagsBits.ManageGuild)) {
    throw new UserFacingError('Only members with the Manage Server permission can do this.');
  }
}

/**
 * Free text the bot reads is at most this long, whatever arrives: the registered options already cap
 * what Discord sends, and this protects name matching (quadratic in length) from stale registrations.
 */
export const MAX_TEXT = 200;

export function readText(
  interaction: ChatInputCommandInteraction,
  name: string,
  required = false,
): string | undefined {
  const raw = required ? interaction.options.getString(name, true) : interaction.options.getString(name);
  const text = raw?.slice(0, MAX_TEXT).trim();
  return text ? text : undefined;
}

/**
 * A page number read from a button's custom_id: digits only, at most 1,000. The custom_id comes back in
 * the payload and is not trusted: "1e308", "-1" or "0x10" would otherwise reach the search as numbers.
 */
export function readPageNumber(raw: string | undefined): number | undefined {
  if (raw === undefined || !/^\d{1,4}$/.test(raw)) return undefined;
  const page = Number(raw);
  return page <= 1000 ? page : undefined;
}
