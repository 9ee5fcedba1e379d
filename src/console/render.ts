import type { APIEmbed } from 'discord.js';

/** A button as the console shows it: a number to type to press it, or a link to open. */
export interface ConsoleButton {
  label: string;
  customId?: string;
  url?: string;
  disabled: boolean;
}

export interface RenderedMessage {
  text: string;
  buttons: ConsoleButton[];
}

/** A file the console saved from a message: where it is on disk, and its alt text. */
export interface SavedFile {
  name: string;
  path: string;
  bytes: number;
  description?: string | undefined;
}

interface MessageLike {
  content?: string | null;
  embeds?: readonly unknown[];
  components?: readonly unknown[];
  flags?: unknown;
}

const toJson = (v: unknown): Record<string, unknown> =>
  typeof (v as { toJSON?: unknown }).toJSON === 'function'
    ? (v as { toJSON(): Record<string, unknown> }).toJSON()
    : (v as Record<string, unknown>);

/**
 * Markdown as a terminal shows it: links as "text <url>", channel mentions as #name (as Discord shows
 * them), bold and code markers kept (they read fine).
 */
function plain(markdown: string, mention: (id: string) => string): string {
  return markdown
    .replace(/\[([^\]]+)\]\((https?:\/\/[^)\s]+)\)/g, '$1 <$2>')
    .replace(/<#([\w-]+)>/g, (_, id: string) => mention(id));
}

function indent(text: string, prefix = '  '): string {
  return text
    .split('\n')
    .map((l) => `${prefix}${l}`)
    .join('\n');
}

/**
 * A message as text: content, then each embed framed with its title, description, fields and footer, then
 * buttons numbered from `firstButton`. Link buttons show their URL; disabled buttons are marked.
 */
export function renderMessage(
  message: MessageLike,
  ephemeral: boolean,
  firstButton = 1,
  /** How a channel mention `<#id>` reads (src/console/channels.ts); by default #id. */
  mention: (id: string) => string = (id) => `#${id}`,
  /** Files of the message, as saved to disk: each is shown as its path and alt text. */
  files: readonly SavedFile[] = [],
): RenderedMessage {
  const out: string[] = [];
  if (ephemeral) out.push('(only you can see this)');
  if (message.content) out.push(plain(message.content, mention));
  for (const raw of message.embeds ?? []) {
    const e = toJson(raw) as APIEmbed;
    const bar = '─'.repeat(Math.min(72, Math.max(20, (e.title ?? '').length + 4)));
    out.push(`┌${bar}`);
    if (e.title) out.push(`│ ${e.title}${e.url ? `  <${e.url}>` : ''}`);
    if (e.description) out.push(indent(plain(e.description, mention), '│ '));
    for (const f of e.fields ?? []) {
      out.push('│');
      out.push(`│ ${f.name}`);
      out.push(indent(plain(f.value, mention), '│   '));
    }
    const image = e.image?.url.replace(/^attachment:\/\//, '');
    if (image) out.push(`│ [picture: ${image}]`);
    if (e.footer?.text) out.push(`│\n│ ${e.footer.text}`);
    out.push(`└${bar}`);
  }
  const buttons: ConsoleButton[] = [];
  for (const row of message.components ?? []) {
    const r = toJson(row) as { components?: unknown[] };
    for (const b of r.components ?? []) {
      const button = toJson(b) as { label?: string; custom_id?: string; url?: string; disabled?: boolean };
      buttons.push({
        label: button.label ?? '',
        ...(button.custom_id ? { customId: button.custom_id } : {}),
        ...(button.url ? { url: button.url } : {}),
        disabled: button.disabled ?? false,
      });
    }
  }
  for (const f of files)
    out.push(
      `🖼 ${f.name} (${Math.ceil(f.bytes / 1024)} KB) saved to ${f.path}${f.description ? `\n  ${f.description.replace(/\n/g, '\n  ')}` : ''}`,
    );
  const pressable = buttons.filter((b) => b.customId && !b.disabled);
  const links = buttons.filter((b) => b.url);
  if (pressable.length)
    out.push(
      pressable.map((b, i) => `[${firstButton + i}] ${b.label}`).join('   ') +
        '   (type the number to press)',
    );
  if (links.length) out.push(links.map((b) => `↗ ${b.label}: ${b.url}`).join('\n'));
  return { text: out.join('\n'), buttons: pressable };
}
