import {
  type APIActionRowComponent,
  type APIApplicationCommandOptionChoice,
  type APIButtonComponent,
  type APIEmbed,
  type AutocompleteInteraction,
  BaseInteraction,
  ButtonStyle,
  ComponentType,
  escapeMarkdown,
  type MessageComponentInteraction,
  MessageFlags,
  MessagePayload,
  type ModalSubmitInteraction,
  type RepliableInteraction,
} from 'discord.js';
import type { Card } from '../kb/card.js';
import { joinWithin, oneLine, truncate } from '../kb/format.js';
import type { DocType } from '../kb/schema.js';
import { LIMITS } from './limits.js';

// Plain-text helpers live with the knowledge base's other formatters (digests and pictures use them too).
export { joinWithin, oneLine, truncate };

/**
 * The one reply layer: every message the bot sends is built and clamped here, so no command can exceed
 * Discord's limits or ping anyone. Commands describe what to say (`Reply`); this module decides how.
 */

export type ButtonRow = APIActionRowComponent<APIButtonComponent>;

/**
 * A file sent with a message, e.g. a picture. An embed shows it with `image: { url: 'attachment://NAME' }`;
 * `description` is its alt text (what screen readers say, and what the console prints).
 */
export interface ReplyFile {
  name: string;
  data: Buffer;
  description?: string | undefined;
}

export interface Reply {
  content?: string | undefined;
  embeds?: APIEmbed[] | undefined;
  components?: ButtonRow[] | undefined;
  /**
   * Files to attach. When set (even to []), they replace the files of the message being edited; when
   * absent, an edit leaves its files as they were.
   */
  files?: ReplyFile[] | undefined;
  /** Only the member who ran the command sees it. */
  ephemeral?: boolean | undefined;
}

/** No pings, ever: not @everyone, not roles, not users, not the replied-to author. */
export const NO_MENTIONS = { parse: [] as never[], repliedUser: false } as const;

export const TYPE_COLOURS: Record<DocType, number> = {
  law: 0x2b6cb0,
  bill: 0x6b46c1,
  letter: 0x2f855a,
  statement: 0xc05621,
  case: 0x9b2c2c,
  report: 0x4a5568,
  event: 0xb7791f,
};
export const BRAND_COLOUR = 0x1f6f78;
export const ERROR_COLOUR = 0xc53030;

/**
 * Like truncate, for Markdown: never ends inside a [link](url) (a cut link shows as raw brackets), and
 * prefers to end at a line break when one is near.
 */
export function truncateMarkdown(text: string, max: number): string {
  if (text.length <= max) return text;
  let end = max - 1;
  for (const m of text.matchAll(/\[[^\]\n]*\]\([^)\s]*\)/g)) {
    const start = m.index ?? 0;
    if (start >= end) break;
    if (start + m[0].length > end) end = start;
  }
  const lineBreak = text.lastIndexOf('\n', end);
  if (lineBreak > end * 0.8) end = lineBreak;
  const code = text.charCodeAt(end - 1);
  if (code >= 0xd800 && code <= 0xdbff) end--;
  return `${text.slice(0, end).trimEnd()}…`;
}

/**
 * The characters escapeMarkdown (with discord.js's default options) escapes; text without any of them comes
 * back unchanged, so it is returned without running escapeMarkdown's dozen regular expressions over it.
 */
const MARKDOWN_CHARACTERS = /[\\`*_~|]/;

/** Text a member typed, shown back safely: Markdown escaped, one line, bounded. */
export function quoteUserText(text: string, max = 100): string {
  const line = truncate(oneLine(text).trim(), max);
  return MARKDOWN_CHARACTERS.test(line) ? escapeMarkdown(line) : line;
}

const orDash = (s: string | undefined) => (s && s.trim() !== '' ? s : '—');

function embedSize(e: APIEmbed): number {
  return (
    (e.title?.length ?? 0) +
    (e.description?.length ?? 0) +
    (e.footer?.text.length ?? 0) +
    (e.author?.name.length ?? 0) +
    (e.fields ?? []).reduce((n, f) => n + f.name.length + f.value.length, 0)
  );
}

/** Brings one embed within every per-embed limit, keeping `budget` (≤ 6,000) for its text in total. */
export function clampEmbed(embed: APIEmbed, budget: number = LIMITS.embedTotal): APIEmbed {
  const out: APIEmbed = { ...embed };
  if (out.title !== undefined) out.title = truncate(orDash(out.title), LIMITS.embedTitle);
  if (out.description !== undefined)
    out.description = truncateMarkdown(out.description, LIMITS.embedDescription);
  if (out.footer) out.footer = { ...out.footer, text: truncate(orDash(out.footer.text), LIMITS.footer) };
  if (out.author) out.author = { ...out.author, name: truncate(orDash(out.author.name), LIMITS.authorName) };
  if (out.url !== undefined && (out.url.length > LIMITS.url || !/^https?:\/\//.test(out.url))) delete out.url;
  if (out.fields) {
    let fields = out.fields.map((f) => ({
      ...f,
      name: truncate(orDash(f.name), LIMITS.fieldName),
      value: truncateMarkdown(orDash(f.value), LIMITS.fieldValue),
    }));
    if (fields.length > LIMITS.embedFields) {
      const dropped = fields.length - (LIMITS.embedFields - 1);
      fields = [...fields.slice(0, LIMITS.embedFields - 1), { name: '…', value: `and ${dropped} more` }];
    }
    out.fields = fields;
  }
  let over = embedSize(out) - budget;
  if (over > 0 && out.description) {
    out.description = truncateMarkdown(out.description, Math.max(1, out.description.length - over));
    over = embedSize(out) - budget;
  }
  while (over > 0 && out.fields && out.fields.length > 0) {
    out.fields = out.fields.slice(0, -1);
    over = embedSize(out) - budget;
  }
  if (over > 0 && out.title) out.title = truncate(out.title, Math.max(1, out.title.length - over));
  return out;
}

function clampRows(rows: readonly ButtonRow[]): ButtonRow[] {
  return rows
    .slice(0, LIMITS.actionRows)
    .map((row) => ({
      ...row,
      components: row.components.slice(0, LIMITS.buttonsPerRow).map((b) => {
        const button = { ...b } as APIButtonComponent & { label?: string; custom_id?: string };
        if (button.label !== undefined) button.label = truncate(orDash(button.label), LIMITS.buttonLabel);
        if (button.custom_id !== undefined && button.custom_id.length > LIMITS.customId)
          throw new Error(
            `reply: custom_id longer than ${LIMITS.customId}: ${button.custom_id.slice(0, 40)}…`,
          );
        return button as APIButtonComponent;
      }),
    }))
    .filter((row) => row.components.length > 0);
}

/** The discord.js message options for a Reply: clamped, mentions disabled, ephemeral as a flag. */
export function toMessageOptions(reply: Reply) {
  const embeds = (reply.embeds ?? []).slice(0, LIMITS.embeds);
  let budget: number = LIMITS.embedTotal;
  const clamped: APIEmbed[] = [];
  for (const e of embeds) {
    if (budget <= 0) break;
    const c = clampEmbed(e, budget);
    budget -= embedSize(c);
    clamped.push(c);
  }
  return {
    // Always a string, so discord.js always sends allowed_mentions with it.
    content: truncate(reply.content ?? '', LIMITS.content),
    embeds: clamped,
    components: clampRows(reply.components ?? []),
    allowedMentions: NO_MENTIONS,
    ...(reply.ephemeral ? { flags: MessageFlags.Ephemeral as const } : {}),
    ...(reply.files ? { files: toAttachments(reply.files), attachments: [] } : {}),
  };
}

/**
 * discord.js attachments for files: at most 10, alt text cut to Discord's limit. A set of files over
 * Discord's upload limit is a bug in the command that made it (pictures are kept far below), so it throws.
 */
function toAttachments(files: readonly ReplyFile[]) {
  if (files.length > LIMITS.attachments)
    throw new Error(`reply: ${files.length} files, Discord takes at most ${LIMITS.attachments}`);
  const total = files.reduce((n, f) => n + f.data.length, 0);
  if (total > LIMITS.attachmentBytes)
    throw new Error(`reply: files of ${total} bytes, over Discord's ${LIMITS.attachmentBytes}-byte limit`);
  return files.map((f) => ({
    attachment: f.data,
    name: f.name,
    ...(f.description ? { description: truncate(f.description, LIMITS.attachmentDescription) } : {}),
  }));
}

/**
 * Sends a reply to a command or button, whatever state the interaction is in: first reply, edit of a
 * deferred reply, or a follow-up when a reply was already sent.
 */
export async function respond(interaction: RepliableInteraction, reply: Reply): Promise<void> {
  const options = toMessageOptions(reply);
  if (interaction.deferred && !interaction.replied) {
    const { flags: _flags, ...edit } = options;
    await interaction.editReply(edit);
  } else if (interaction.replied) {
    await interaction.followUp(options);
  } else {
    await interaction.reply(firstResponse(interaction, options));
  }
}

type MessageOptions = ReturnType<typeof toMessageOptions>;

/**
 * The body of an interaction's first response (reply or update) built here, as discord.js would build it
 * from `options` (MessagePayload#resolveBody; test/discord/first-response.test.ts compares the two). For
 * every message discord.js asks require() for five of its classes to learn what it is sending to, which
 * cost about 25 µs of the 165 µs a reply took on the bot's thread; an interaction needs none of it. Messages
 * with files, and clients that add nonces, go through discord.js as they are.
 */
export function firstResponse<O extends Omit<MessageOptions, 'flags'> & { flags?: MessageFlags.Ephemeral }>(
  interaction: RepliableInteraction | MessageComponentInteraction,
  options: O,
): MessagePayload | O {
  // The local console (src/console) answers with interactions of its own, not discord.js's.
  if (!(interaction instanceof BaseInteraction)) return options;
  const client = interaction.client.options;
  if (options.files || client.enforceNonce) return options;
  const transform = client.jsonTransformer ?? ((x: unknown) => x);
  const payload = new MessagePayload(interaction as RepliableInteraction, options);
  payload.body = {
    content: options.content,
    tts: false,
    enforce_nonce: false,
    embeds: options.embeds.map((e) => transform(e) as APIEmbed),
    components: options.components.map((c) => transform(c) as ButtonRow),
    allowed_mentions: {
      parse: options.allowedMentions.parse,
      replied_user: options.allowedMentions.repliedUser,
    },
    ...(options.flags === undefined ? {} : { flags: options.flags }),
  };
  payload.files = [];
  return payload;
}

/**
 * Replaces the message a button sits on (paging), or that a modal was opened from. A modal opened by a
 * command has no message: its result is sent as a reply instead.
 */
export async function updateMessage(
  interaction: MessageComponentInteraction | ModalSubmitInteraction,
  reply: Reply,
): Promise<void> {
  const { flags: _flags, ...options } = toMessageOptions(reply);
  if (interaction.deferred || interaction.replied) await interaction.editReply(options);
  else if (interaction.isMessageComponent()) await interaction.update(firstResponse(interaction, options));
  else if (interaction.isFromMessage()) await interaction.update(firstResponse(interaction, options));
  else await interaction.reply(firstResponse(interaction, toMessageOptions(reply)));
}

/**
 * Runs `work` and replies with its result; if it has not finished after `deferAfterMs`, acknowledges the
 * interaction first (Discord allows 3 s) so slow work (a reload, a model) has 15 minutes.
 */
export async function respondAfter(
  interaction: RepliableInteraction,
  work: () => Promise<Reply>,
  options: { ephemeral?: boolean; deferAfterMs?: number } = {},
): Promise<void> {
  const pending = work();
  let timer: NodeJS.Timeout | undefined;
  const slow = new Promise<'slow'>((resolve) => {
    timer = setTimeout(() => resolve('slow'), options.deferAfterMs ?? 1000);
  });
  const first = await Promise.race([
    pending.then(
      () => 'done' as const,
      () => 'done' as const,
    ),
    slow,
  ]);
  clearTimeout(timer);
  if (first === 'slow' && !interaction.deferred && !interaction.replied) {
    await interaction.deferReply(options.ephemeral ? { flags: MessageFlags.Ephemeral } : {});
  }
  const reply = await pending;
  await respond(interaction, { ...reply, ephemeral: options.ephemeral ?? reply.ephemeral });
}

/** Answers an autocomplete request with at most 25 choices, names and values cut to 100 characters. */
export async function respondChoices(
  interaction: AutocompleteInteraction,
  choices: readonly { name: string; value: string }[],
): Promise<void> {
  await interaction.respond(clampChoices(choices));
}

export function clampChoices(
  choices: readonly { name: string; value: string }[],
): APIApplicationCommandOptionChoice<string>[] {
  const seen = new Set<string>();
  const out: APIApplicationCommandOptionChoice<string>[] = [];
  for (const c of choices) {
    const value = c.value.slice(0, LIMITS.choiceValue);
    if (!value || seen.has(value)) continue;
    seen.add(value);
    out.push({ name: truncate(orDash(c.name), LIMITS.choiceName), value });
    if (out.length === LIMITS.choices) break;
  }
  return out;
}

/** The footer every knowledge embed carries: which version of the knowledge base answered. */
export function kbFooter(version: string): { text: string } {
  return { text: `Dossier · knowledge base ${version}` };
}

/** A card as an embed: the document type's colour, its title linked to the first source, the KB footer. */
export function cardEmbed(card: Card, version: string): APIEmbed {
  return clampEmbed({
    title: card.title,
    ...(card.url ? { url: card.url } : {}),
    description: card.description,
    color: card.doc ? TYPE_COLOURS[card.doc.type] : BRAND_COLOUR,
    fields: card.fields.map((f) => ({ name: f.name, value: f.value, inline: f.inline ?? false })),
    footer: kbFooter(version),
  });
}

export function linkButton(label: string, url: string): APIButtonComponent {
  return {
    type: ComponentType.Button,
    style: ButtonStyle.Link,
    label: truncate(label, LIMITS.buttonLabel),
    url,
  };
}

export function actionButton(
  customId: string,
  label: string,
  options: { disabled?: boolean; style?: ButtonStyle.Primary | ButtonStyle.Secondary } = {},
): APIButtonComponent {
  return {
    type: ComponentType.Button,
    style: options.style ?? ButtonStyle.Secondary,
    label,
    custom_id: customId,
    disabled: options.disabled ?? false,
  };
}

export function row(...buttons: APIButtonComponent[]): ButtonRow {
  return { type: ComponentType.ActionRow, components: buttons };
}

/** Link buttons to sources, at most `max`, skipping URLs Discord would refuse. */
export function sourceButtons(sources: readonly { url: string; title: string }[], max = 5): ButtonRow[] {
  const buttons = sources
    .filter((s) => s.url.length <= LIMITS.url && /^https?:\/\//.test(s.url))
    .slice(0, max)
    .map((s) => linkButton(s.title, s.url));
  return buttons.length ? [row(...buttons)] : [];
}

/** An ephemeral message for errors and refusals. */
export function errorReply(message: string): Reply {
  return { content: truncate(message, LIMITS.content), ephemeral: true };
}
