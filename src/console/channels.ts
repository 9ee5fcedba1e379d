import { createHash } from 'node:crypto';

/**
 * The console's channels. In Discord a channel option carries the channel's id and replies mention it as
 * `<#id>`, which the client shows as #name. The console has no channels to pick from, so a typed
 * `#policy` (or `policy`) gets a stable Discord-shaped id, the same in every run (a digest subscribed today
 * is found by name tomorrow), and mentions of it are shown as #policy again.
 */
export class ConsoleChannels {
  private readonly names = new Map<string, string>([['console', 'console']]);

  /** The id for a channel typed as `#policy` or `policy`. */
  idFor(typed: string): string {
    const name = typed.trim().replace(/^#/, '').toLowerCase();
    const id = consoleChannelId(name);
    this.names.set(id, name);
    return id;
  }

  /** How a mention of `id` reads: #policy for a channel named in this run, #<id> otherwise. */
  mention(id: string): string {
    return `#${this.names.get(id) ?? id}`;
  }
}

/** 18 digits derived from the name (a snowflake's length), starting with 9 so it never looks like 0…. */
export function consoleChannelId(name: string): string {
  const digest = createHash('sha256').update(name).digest();
  return `9${(digest.readBigUInt64BE(0) % 10n ** 17n).toString().padStart(17, '0')}`;
}
