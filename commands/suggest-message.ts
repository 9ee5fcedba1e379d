import {
  ApplicationCommandType,
  ContextMenuCommandBuilder,
  InteractionContextType,
  type MessageContextMenuCommandInteraction,
} from 'discord.js';
import { UserFacingError } from '../src/errors.js';
import { firstLink } from '../src/suggest/check-link.js';
import { suggestModal } from './suggest.js';
import type { Ctx, MessageCommand } from './types.js';

/** Apps → "Suggest as a source" on any message with a link: the suggestion form, prefilled from the message. */
export default {
  data: new ContextMenuCommandBuilder()
    .setName('Suggest as a source')
    .setType(ApplicationCommandType.Message)
    .setContexts(InteractionContextType.Guild),

  async execute(interaction: MessageContextMenuCommandInteraction, ctx: Ctx) {
    if (!ctx.suggestions) throw new UserFacingError('Suggestions are not set up on this bot.');
    const message = interaction.targetMessage;
    const link = firstLink(message.content);
    if (!link)
      throw new UserFacingError('That message has no link to suggest. Use /suggest source to type one.');
    const rest = message.content.replace(link, '').replace(/\s+/g, ' ').trim();
    await interaction.showModal(
      suggestModal(`suggest:new:${message.channelId}:${message.id}`, {
        link,
        note: rest.length >= 10 ? rest.slice(0, 600) : undefined,
      }),
    );
  },
} satisfies MessageCommand;
