import type { ChatInputCommandInteraction } from 'discord.js';
import { BRAND_COLOUR, kbFooter, quoteUserText, respond, truncate } from '../src/discord/reply.js';
import { UserFacingError } from '../src/errors.js';
import type { Ctx } from './types.js';

/**
 * `/kb feedback` (a subcommand of /kb, which checks Manage Server): the answers members recently marked
 * not helpful, with the question and what /ask said, so curators know which entries to add or fix.
 */
export async function kbFeedback(interaction: ChatInputCommandInteraction, ctx: Ctx): Promise<void> {
  if (!ctx.answerer) throw new UserFacingError('/ask is not set up on this bot, so there is no feedback.');
  const { library } = ctx.knowledge();
  const answers = await ctx.answerer.listNotHelpful(interaction.guildId ?? undefined, 10);
  await respond(interaction, {
    ephemeral: true,
    embeds: [
      {
        title: 'Answers marked not helpful',
        color: BRAND_COLOUR,
        description:
          answers.length === 0
            ? 'No member has marked an answer not helpful yet.'
            : 'Most recent first. Each is a question the knowledge base may need a new or better entry for.',
        fields: answers.map((a) => ({
          name: truncate(quoteUserText(a.question, 200), 256),
          value: truncate(
            `${a.votes} not helpful · last <t:${Math.floor(Date.parse(a.lastVotedAt) / 1000)}:R> · answer \`${a.answerId}\`\n> ${a.answer.split('\n')[0] ?? ''}`,
            1024,
          ),
        })),
        footer: kbFooter(library.version),
      },
    ],
  });
}

/** The /kb stats line for /ask: answers given, cache hits, model calls and tokens used. */
export async function askStatsField(ctx: Ctx): Promise<{ name: string; value: string } | undefined> {
  if (!ctx.answerer) return undefined;
  const t = await ctx.answerer.totals();
  const model = ctx.answerer.model ? `model \`${ctx.answerer.model}\`` : 'no model (extractive answers)';
  return {
    name: 'Answers (/ask)',
    value: `${t.answers} answered, ${t.cacheHits} from cache · ${model}: ${t.modelCalls} calls, ${t.totalTokens} tokens (${t.promptTokens} prompt, ${t.completionTokens} completion)`,
  };
}
