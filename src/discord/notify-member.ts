import { type Client, MessageFlags, Routes } from 'discord.js';
import type { Logger } from '../log.js';
import { NO_MENTIONS, truncate } from './reply.js';

/** Interaction tokens work for 15 minutes; a little margin so a follow-up is not sent as it expires. */
const TOKEN_LIFETIME_MS = 14 * 60_000;

export type Delivery = 'follow-up' | 'dm' | 'none';

/**
 * Tells a member the outcome of something they asked for: an ephemeral follow-up on their own
 * interaction while its token lives, else a direct message if their settings allow it, else nothing
 * (logged). Never throws.
 */
export async function notifyMember(
  client: Client,
  target: { userId: string; reply?: { applicationId: string; token: string; at: string } | undefined },
  text: string,
  options: { now: Date; logger: Logger },
): Promise<Delivery> {
  const content = truncate(text, 2000);
  const reply = target.reply;
  if (reply && options.now.getTime() - Date.parse(reply.at) < TOKEN_LIFETIME_MS) {
    try {
      await client.rest.post(Routes.webhook(reply.applicationId, reply.token), {
        body: { content, flags: MessageFlags.Ephemeral, allowed_mentions: { parse: [] } },
        auth: false,
      });
      return 'follow-up';
    } catch (error) {
      options.logger.info({ userId: target.userId, reason: String(error) }, 'follow-up refused, trying a DM');
    }
  }
  try {
    await client.users.send(target.userId, { content, allowedMentions: NO_MENTIONS });
    return 'dm';
  } catch (error) {
    options.logger.info({ userId: target.userId, reason: String(error) }, 'member not notified: DMs closed');
    return 'none';
  }
}
