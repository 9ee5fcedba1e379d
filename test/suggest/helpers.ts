import type { Bot } from '../discord/harness.js';
import type { FakeInteraction, FakeUser } from '../fakes/fake-discord.js';

/** A member suggests a link through /suggest source and its form; resolves with the submit interaction. */
export async function suggestViaDiscord(
  bot: Bot,
  user: FakeUser,
  fields: { link: string; type: string; note: string; updates?: string },
): Promise<{ submit: FakeInteraction; text: string }> {
  const shown = bot.discord.sendCommand('suggest', {}, { subcommand: 'source', user });
  await shown.modal();
  const submit = bot.discord.submitModal(shown, {
    link: fields.link,
    type: [fields.type],
    note: fields.note,
    ...(fields.updates ? { updates: fields.updates } : {}),
  });
  const reply = await submit.reply();
  const embed = reply.embeds[0] as { title?: string; description?: string } | undefined;
  return { submit, text: `${reply.content}${embed?.title ?? ''}\n${embed?.description ?? ''}` };
}

export const pageHtml = (o: { title: string; site?: string; date?: string }) =>
  `<html><head><meta property="og:title" content="${o.title}">${o.site ? `<meta property="og:site_name" content="${o.site}">` : ''}${o.date ? `<meta property="article:published_time" content="${o.date}">` : ''}</head><body></body></html>`;
