import {
  type APIEmbed,
  type ButtonInteraction,
  ButtonStyle,
  type ChatInputCommandInteraction,
  MessageFlags,
  type ModalSubmitInteraction,
  SlashCommandBuilder,
} from 'discord.js';
import { mayVote, recordDelivery } from '../src/answer/answer-delivery.js';
import type { AnswerResult } from '../src/answer/types.js';
import {
  actionButton,
  BRAND_COLOUR,
  joinWithin,
  kbFooter,
  quoteUserText,
  type Reply,
  respond,
  row,
  sourceButtons,
} from '../src/discord/reply.js';
import { buildModal, textValue } from '../src/discord/modals.js';
import { UserFacingError } from '../src/errors.js';
import { lawFreshnessNotes } from '../src/freshness/entry-freshness.js';
import { StoreUnavailableError } from '../src/store/errors.js';
import type { Command, Ctx } from './types.js';

/** Button ids: `ask:fb:<answer id>:y|n` (well under Discord's 100 characters). */
const feedbackId = (answerId: string, helpful: boolean) => `ask:fb:${answerId}:${helpful ? 'y' : 'n'}`;

export default {
  data: new SlashCommandBuilder()
    .setName('ask')
    .setDescription('Ask a question; the answer cites the knowledge base, or says it does not know')
    .addStringOption((o) =>
      o
        .setName('question')
        .setDescription('e.g. "Can my employer in Texas collect my face scan?"')
        .setRequired(true)
        .setMaxLength(300),
    )
    .addBooleanOption((o) => o.setName('private').setDescription('Only you see the answer')),

  async execute(interaction: ChatInputCommandInteraction, ctx: Ctx) {
    const question = interaction.options.getString('question', true).trim();
    if (!question) throw new UserFacingError('Type a question to ask.');
    const ephemeral = interaction.options.getBoolean('private') ?? false;
    if (!ctx.answerer) throw new UserFacingError('/ask is not set up on this bot.');
    const asker = { userId: interaction.user.id, guildId: interaction.guildId ?? undefined };
    // Counted before deferring (store counters only, milliseconds), so a refusal stays private.
    const limited = await ctx.answerer.admit(asker);
    if (limited) {
      const who = limited.scope === 'user' ? 'You have' : 'This server has';
      const when = Math.ceil(limited.retryAt.getTime() / 1000);
      throw new UserFacingError(
        `${who} asked the maximum number of questions for now. Try again <t:${when}:R>.`,
      );
    }
    // Then at once: answering may take a model call, and Discord allows 3 s before the first response.
    await interaction.deferReply(ephemeral ? { flags: MessageFlags.Ephemeral } : {});
    // In a thread, its title says what a short question is about ("How's that going to be enforced?").
    const channel = interaction.channel;
    const context = channel?.isThread() ? channel.name : undefined;
    const outcome = await ctx.answerer.ask({ question, context, ...asker, admitted: true });
    if (!outcome.ok) throw new Error('ask: refused after admission'); // admitted questions are not limited again
    // Where the answer went, so only votes from there count. Without the store the answer still goes out.
    await recordDelivery(ctx.store, {
      answerId: outcome.answerId,
      ...asker,
      private: ephemeral,
    }).catch(storeDown);
    // How fresh each cited law's status is: worked out now, not cached with the answer.
    const { library, policy } = ctx.knowledge();
    const cited = outcome.result.sources.flatMap((s) => library.get(s.id) ?? []);
    const freshness = await lawFreshnessNotes(cited, {
      store: ctx.store,
      policy,
      today: ctx.clock().toISOString().slice(0, 10),
    });
    await respond(
      interaction,
      renderAnswer(question, outcome.answerId, outcome.result, outcome.version, ephemeral, freshness),
    );
  },

  async button(interaction: ButtonInteraction, ctx: Ctx) {
    const [, action, answerId, vote] = interaction.customId.split(':');
    if (action !== 'fb' || !answerId || (vote !== 'y' && vote !== 'n'))
      throw new UserFacingError('This button is not one I know. Ask again with /ask.');
    if (!ctx.answerer) throw new UserFacingError('/ask is not set up on this bot.');
    const voter = { answerId, guildId: interaction.guildId ?? undefined, userId: interaction.user.id };
    // The payload names the answer; only the server (and, for a private answer, the member) it went to may rate it.
    const allowed = await mayVote(ctx.store, voter).catch(storeDown);
    if (allowed === false)
      throw new UserFacingError('Only members who were given this answer, where it was given, can rate it.');
    const recorded =
      allowed === 'unavailable'
        ? allowed
        : await ctx.answerer.recordFeedback({ ...voter, helpful: vote === 'y' }).catch(storeDown);
    if (recorded === 'unavailable')
      throw new UserFacingError(
        "Thanks, but votes can't be saved right now (Dossier's storage is unavailable). Try again in a few minutes.",
      );
    if (!recorded) throw new UserFacingError('This answer is too old to rate. Ask again with /ask.');
    if (vote === 'n') {
      // The vote is already counted; the form only adds an optional reason (closing it loses nothing).
      await interaction.showModal(
        buildModal(`ask:why:${answerId}`, 'What was missing?', [
          {
            id: 'reason',
            label: 'Why was it not helpful? (optional)',
            description: 'Curators read these to add or fix entries',
            paragraph: true,
            required: false,
            maxLength: 500,
          },
        ]),
      );
      return;
    }
    await respond(interaction, { ephemeral: true, content: 'Thanks: noted as helpful.' });
  },

  async modal(interaction: ModalSubmitInteraction, ctx: Ctx) {
    const [, action, answerId] = interaction.customId.split(':');
    if (action !== 'why' || !answerId)
      throw new UserFacingError('This form is not one I know. Ask again with /ask.');
    if (!ctx.answerer) throw new UserFacingError('/ask is not set up on this bot.');
    const reason = textValue(interaction, 'reason').trim();
    if (reason)
      await ctx.answerer.recordReason({
        answerId,
        userId: interaction.user.id,
        guildId: interaction.guildId ?? undefined,
        reason,
      });
    await respond(interaction, {
      ephemeral: true,
      content: `Thanks: noted as not helpful${reason ? ', with your reason' : ''}. Curators review these to improve the knowledge base.${ctx.suggestions ? ' Know a source that answers it? Suggest it:' : ''}`,
      components: ctx.suggestions
        ? [row(actionButton('suggest:open', 'Suggest a source', { style: ButtonStyle.Primary }))]
        : [],
    });
  },
} satisfies Command;

/** A catch handler: 'unavailable' while the store is down; any other error goes on to the router. */
function storeDown(error: unknown): 'unavailable' {
  if (error instanceof StoreUnavailableError) return 'unavailable';
  throw error;
}

/** The answer as members see it: the cited sentences, the sources linked, the notes, and the feedback buttons. */
export function renderAnswer(
  question: string,
  answerId: string,
  result: AnswerResult,
  version: string,
  ephemeral: boolean,
  freshness: readonly string[] = [],
): Reply {
  const embed: APIEmbed = {
    title: quoteUserText(question, 250),
    color: BRAND_COLOUR,
    footer: {
      text: `${kbFooter(version).text} · ${result.mode === 'model' ? 'written by a model, checked against the sources' : 'quoted from the knowledge base'}`,
    },
  };
  if (result.covered) {
    const body = result.sentences
      .map((s) => `${s.text} ${s.citations.map((n) => `[${n}]`).join('')}`)
      .join(' ');
    embed.description = [
      ...(result.intro ? [result.intro] : []),
      body,
      ...result.notes.map((n) => `*${n}*`),
      ...freshness.map((n) => `*${n}*`),
    ].join('\n\n');
    embed.fields = [
      {
        name: 'Sources',
        value: joinWithin(
          result.sources.map((s) => `[${s.n}] [${s.title.replace(/[[\]]/g, '')}](${s.url})`),
          1000,
        ),
      },
    ];
  } else {
    const closest = result.closest.map((c) => `• ${c.title} (\`${c.id}\`)`);
    embed.description = [
      'The knowledge base does not cover this question, so Dossier will not guess.',
      ...(closest.length > 0 ? ['', '**Closest entries** (try `/search`):', ...closest] : []),
      ...result.notes.map((n) => `\n*${n}*`),
    ].join('\n');
  }
  return {
    ephemeral,
    embeds: [embed],
    components: [
      row(
        actionButton(feedbackId(answerId, true), 'Helpful', { style: ButtonStyle.Secondary }),
        actionButton(feedbackId(answerId, false), 'Not helpful', { style: ButtonStyle.Secondary }),
      ),
      ...sourceButtons(result.sources.map((s) => ({ url: s.url, title: `[${s.n}] ${s.title}` }))),
    ],
  };
}
