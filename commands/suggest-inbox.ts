import type {
  APIEmbed,
  ButtonInteraction,
  ChatInputCommandInteraction,
  Client,
  ModalSubmitInteraction,
} from 'discord.js';
import { ButtonStyle, MessageFlags } from 'discord.js';
import { buildModal, textValue } from '../src/discord/modals.js';
import { notifyMember } from '../src/discord/notify-member.js';
import { requireCurator } from '../src/discord/permissions.js';
import {
  actionButton,
  BRAND_COLOUR,
  type ButtonRow,
  ERROR_COLOUR,
  joinWithin,
  quoteUserText,
  type Reply,
  respond,
  row,
  truncate,
  updateMessage,
} from '../src/discord/reply.js';
import { UserFacingError } from '../src/errors.js';
import { TYPE_LABELS } from '../src/kb/doc-line.js';
import { groupQuestions } from '../src/suggest/group-questions.js';
import type { Suggestion } from '../src/suggest/suggestion.js';
import { SuggestionRefused } from '../src/suggest/suggestion-service.js';
import type { Ctx } from './types.js';

/**
 * The curator inbox (`/kb inbox`): open suggestions one per page with their decisions (Accept → draft,
 * Merge into an entry, Reject with a reason, Duplicate of …, then Edit draft and Publish), the questions
 * /ask could not answer (grouped, with counts) and the reasons members gave for "Not helpful".
 * Who may act (Manage Server, or the curator role from /kb settings) is checked on every press and form,
 * not only when the inbox was opened.
 *
 * Button ids: `suggest:ib:<s|q|n>:<page>` to move, `suggest:<acc|mrg|rej|dup|edt|pub>:<suggestion id>:<page>`
 * to act (the modal a press opens carries the same id with an `m` suffix on the action).
 */

type Section = 's' | 'q' | 'n';
const PER_PAGE = { q: 8, n: 5 } as const;

export async function kbInbox(interaction: ChatInputCommandInteraction, ctx: Ctx): Promise<void> {
  await requireCurator(interaction, ctx.store);
  await respond(interaction, {
    ...(await renderInbox(ctx, interaction.guildId ?? '', 's', 0)),
    ephemeral: true,
  });
}

export async function inboxButton(interaction: ButtonInteraction, ctx: Ctx): Promise<void> {
  await requireCurator(interaction, ctx.store);
  const suggestions = need(ctx);
  const guildId = interaction.guildId ?? '';
  const [, action = '', a = '', b = ''] = interaction.customId.split(':');
  if (action === 'ib') {
    await updateMessage(interaction, await renderInbox(ctx, guildId, a as Section, Number(b) || 0));
    return;
  }
  const page = Number(b) || 0;
  const s = await suggestions.get(guildId, a);
  if (!s) throw new UserFacingError('That suggestion no longer exists.');
  const modalId = (m: string) => `suggest:${m}:${s.id}:${page}`;
  switch (action) {
    case 'acc': {
      await interaction.deferUpdate();
      const outcome = await attempt(() => suggestions.accept(guildId, s.id, interaction.user.id));
      await updateMessage(interaction, await renderInbox(ctx, guildId, 's', page, outcome.error));
      return;
    }
    case 'mrg':
      return interaction.showModal(
        buildModal(modalId('mrgm'), 'Merge into an existing entry', [
          {
            id: 'entry',
            label: 'Entry (id or name)',
            value: s.updates,
            maxLength: 100,
            description: 'The link is added to its sources',
          },
        ]),
      );
    case 'rej':
      return interaction.showModal(
        buildModal(modalId('rejm'), 'Reject this suggestion', [
          {
            id: 'reason',
            label: 'Reason (the member sees it)',
            paragraph: true,
            minLength: 3,
            maxLength: 500,
          },
        ]),
      );
    case 'dup':
      return interaction.showModal(
        buildModal(modalId('dupm'), 'Duplicate of …', [
          { id: 'of', label: 'Entry id or name, or suggestion id', maxLength: 100 },
        ]),
      );
    case 'edt': {
      const f = suggestions.draftFields(s);
      return interaction.showModal(
        buildModal(modalId('edtm'), 'Edit the draft', [
          { id: 'id', label: 'id (file name)', value: f.id, maxLength: 80 },
          { id: 'title', label: 'Title', value: f.title, maxLength: 200 },
          { id: 'date', label: 'Date (YYYY-MM-DD)', value: f.date, required: false, maxLength: 10 },
          { id: 'summary', label: 'Summary', value: f.summary, paragraph: true, maxLength: 1000 },
          { id: 'more', label: 'Other front matter (YAML)', value: f.more, paragraph: true, required: false },
        ]),
      );
    }
    case 'pub':
      return interaction.showModal(
        buildModal(modalId('pubm'), 'Publish the entry', [
          {
            id: 'note',
            label: 'Note for the record (optional)',
            description:
              ctx.suggestions?.publishMode === 'github' ? 'Goes in the pull request' : 'Kept with the change',
            paragraph: true,
            required: false,
            maxLength: 1000,
          },
        ]),
      );
    default:
      throw new UserFacingError('This button is not one I know. Open /kb inbox again.');
  }
}

export async function inboxModal(interaction: ModalSubmitInteraction, ctx: Ctx): Promise<void> {
  await requireCurator(interaction, ctx.store);
  const suggestions = need(ctx);
  const guildId = interaction.guildId ?? '';
  const curator = interaction.user.id;
  const [, action = '', id = '', p = ''] = interaction.customId.split(':');
  const page = Number(p) || 0;
  // Publishing may take a GitHub round trip or a reload: acknowledge first, then show the result.
  if (interaction.isFromMessage()) await interaction.deferUpdate();
  else await interaction.deferReply({ flags: MessageFlags.Ephemeral });
  const outcome = await attempt(async () => {
    switch (action) {
      case 'mrgm':
        return suggestions.merge(guildId, id, curator, textValue(interaction, 'entry'));
      case 'rejm':
        return suggestions.reject(guildId, id, curator, textValue(interaction, 'reason'));
      case 'dupm':
        return suggestions.markDuplicate(guildId, id, curator, textValue(interaction, 'of'));
      case 'edtm':
        return suggestions.editDraft(guildId, id, curator, {
          id: textValue(interaction, 'id'),
          title: textValue(interaction, 'title'),
          date: textValue(interaction, 'date'),
          summary: textValue(interaction, 'summary'),
          more: textValue(interaction, 'more'),
        });
      case 'pubm':
        return suggestions.publish(guildId, id, curator, textValue(interaction, 'note').trim() || undefined);
      default:
        throw new UserFacingError('This form is not one I know. Open /kb inbox again.');
    }
  });
  let banner = outcome.error;
  const decided = outcome.value;
  if (decided && ['published', 'rejected', 'duplicate'].includes(decided.status)) {
    const delivery = interaction.client
      ? await notifyMember(interaction.client, decided, memberMessage(decided, interaction.guild?.name), {
          now: ctx.clock(),
          logger: ctx.logger,
        })
      : 'none';
    banner = `${decidedLine(decided)} ${delivery === 'none' ? 'The member could not be told (no DMs).' : `The member was told (${delivery === 'dm' ? 'by DM' : 'in Discord'}).`}`;
  }
  const view = await renderInbox(ctx, guildId, 's', page, banner, !outcome.error);
  await updateMessage(interaction, view).catch(async () =>
    respond(interaction, { ...view, ephemeral: true }),
  );
}

/**
 * At start-up: finishes publications a stopped process left half done (publishing is idempotent) and tells
 * each member, as the curator's press would have. Returns the suggestions finished.
 */
export async function finishInterruptedPublications(ctx: Ctx, client: Client): Promise<Suggestion[]> {
  const done = (await ctx.suggestions?.resumePublishing()) ?? [];
  for (const s of done)
    await notifyMember(client, s, memberMessage(s, undefined), { now: ctx.clock(), logger: ctx.logger });
  return done;
}

/** Runs a curator's decision; a refusal they can act on becomes the banner instead of an error. */
async function attempt(run: () => Promise<Suggestion>): Promise<{ value?: Suggestion; error?: string }> {
  try {
    return { value: await run() };
  } catch (error) {
    if (error instanceof SuggestionRefused) return { error: error.message };
    throw error;
  }
}

function decidedLine(s: Suggestion): string {
  return s.status === 'published'
    ? `Published: ${s.outcome ?? ''}.`
    : s.status === 'rejected'
      ? `Rejected \`${s.id}\`.`
      : `Marked \`${s.id}\` as a ${s.outcome ?? 'duplicate'}.`;
}

/** What the member who suggested reads. */
export function memberMessage(s: Suggestion, guildName: string | undefined): string {
  const where = guildName ? ` in ${guildName}` : '';
  switch (s.status) {
    case 'published':
      return s.published?.mode === 'github'
        ? `Your suggestion ${s.url} was accepted${where}: it is proposed for the knowledge base (${s.published.url ?? 'pull request'}) and will be served once merged. Thank you!`
        : `Your suggestion ${s.url} is now in the knowledge base${where} (\`${s.draft?.entryId ?? ''}\`). Thank you!`;
    case 'rejected':
      return `Your suggestion ${s.url} was not added${where}. The curator's reason: ${s.outcome ?? '—'}`;
    case 'duplicate':
      return `Your suggestion ${s.url}${where} is a ${s.outcome ?? 'duplicate'}, so nothing new was added. Thank you all the same!`;
    default:
      return `Your suggestion ${s.url} is ${s.status}.`;
  }
}

async function renderInbox(
  ctx: Ctx,
  guildId: string,
  section: Section,
  page: number,
  banner?: string,
  bannerOk = false,
): Promise<Reply> {
  const suggestions = need(ctx);
  const open = await suggestions.inbox(guildId);
  const unanswered = ctx.answerer ? groupQuestions(await ctx.answerer.listUnanswered(guildId)) : [];
  const notHelpful = ctx.answerer ? await ctx.answerer.listNotHelpful(guildId, 50) : [];
  const counts = { s: open.length, q: unanswered.length, n: notHelpful.length };
  const embeds: APIEmbed[] = [];
  if (banner)
    embeds.push({ description: truncate(banner, 4000), color: bannerOk ? BRAND_COLOUR : ERROR_COLOUR });
  let rows: ButtonRow[] = [];
  let pages = 1;
  let at = 0;
  if (section === 's') {
    pages = Math.max(1, open.length);
    at = Math.min(Math.max(0, page), pages - 1);
    const s = open[at];
    if (!s)
      embeds.push({
        title: 'Curator inbox: suggestions',
        color: BRAND_COLOUR,
        description: 'No open suggestions. 🎉',
      });
    else {
      embeds.push(suggestionEmbed(s, at, open.length));
      rows.push(actionRow(s, at));
    }
  } else {
    const items = section === 'q' ? unanswered : notHelpful;
    const per = PER_PAGE[section];
    pages = Math.max(1, Math.ceil(items.length / per));
    at = Math.min(Math.max(0, page), pages - 1);
    const lines =
      section === 'q'
        ? unanswered
            .slice(at * per, at * per + per)
            .map(
              (g) =>
                `**${g.count}×** ${quoteUserText(g.question, 150)}${g.variants.length ? `\n  also: ${g.variants.map((v) => `“${quoteUserText(v, 80)}”`).join(', ')}` : ''}`,
            )
        : notHelpful.slice(at * per, at * per + per).map(
            (a) =>
              `**${a.votes}× not helpful:** ${quoteUserText(a.question, 150)}\n${
                a.reasons.length
                  ? a.reasons
                      .slice(0, 3)
                      .map((r) => `  › ${quoteUserText(r, 200)}`)
                      .join('\n')
                  : '  (no reason given)'
              }`,
          );
    embeds.push({
      title: section === 'q' ? 'Questions the knowledge base could not answer' : 'Answers marked not helpful',
      color: BRAND_COLOUR,
      description: lines.length
        ? joinWithin(lines, 3800)
        : section === 'q'
          ? 'Every question asked lately was answered.'
          : 'No answer has been marked not helpful.',
      footer: { text: `Page ${at + 1} of ${pages} · most ${section === 'q' ? 'asked' : 'recent'} first` },
    });
  }
  rows = [...rows, navRow(section, at, pages, counts)];
  return { embeds, components: rows };
}

function suggestionEmbed(s: Suggestion, at: number, total: number): APIEmbed {
  const facts = s.page
    ? [s.page.title && `**${quoteUserText(s.page.title, 200)}**`, s.page.publisher, s.page.date]
        .filter(Boolean)
        .join(' · ')
    : '';
  const fields = [
    { name: 'What the member says', value: quoteUserText(s.note, 1000) },
    {
      name: 'The page',
      value:
        facts ||
        (s.pageProblem
          ? `Not reachable when suggested: ${s.pageProblem}`
          : 'No title or date found on the page'),
    },
  ];
  if (s.updates) fields.push({ name: 'Updates', value: `\`${s.updates}\`` });
  if (s.draft) {
    fields.push({
      name: `Draft (${s.draft.kind === 'new' ? 'new entry' : 'new source for'} knowledge/${s.draft.path})`,
      value: `\`\`\`yaml\n${truncate(s.draft.text.split(/\n---\n/)[0]?.replace(/^---\n/, '') ?? '', 900)}\n\`\`\``,
    });
    fields.push({
      name: 'kb check',
      value: s.draft.problems.length
        ? truncate(s.draft.problems.map((p) => `• ${p}`).join('\n'), 1000)
        : 'Passes: ready to publish.',
    });
  }
  if (s.problem) fields.push({ name: 'Last attempt failed', value: truncate(s.problem, 1000) });
  return {
    title: `Suggestion ${at + 1} of ${total}: ${TYPE_LABELS[s.type].toLowerCase()}${s.status === 'open' ? '' : ` (${s.status})`}`,
    url: s.url,
    color: s.problem ? ERROR_COLOUR : BRAND_COLOUR,
    description: `${s.url}\nFrom <@${s.userId}> <t:${Math.floor(Date.parse(s.createdAt) / 1000)}:R> · \`${s.id}\``,
    fields,
  };
}

function actionRow(s: Suggestion, page: number): ButtonRow {
  const id = (a: string) => `suggest:${a}:${s.id}:${page}`;
  if (s.status === 'open')
    return row(
      actionButton(id('acc'), 'Accept → draft', { style: ButtonStyle.Primary }),
      actionButton(id('mrg'), 'Merge into…'),
      actionButton(id('rej'), 'Reject…'),
      actionButton(id('dup'), 'Duplicate of…'),
    );
  return row(
    actionButton(id('edt'), 'Edit draft'),
    actionButton(id('pub'), 'Publish', {
      style: ButtonStyle.Primary,
      disabled: (s.draft?.problems.length ?? 0) > 0 && s.status !== 'publishing',
    }),
    actionButton(id('rej'), 'Reject…'),
    actionButton(id('dup'), 'Duplicate of…'),
  );
}

function navRow(section: Section, at: number, pages: number, counts: Record<Section, number>): ButtonRow {
  const others = (['s', 'q', 'n'] as const).filter((x) => x !== section);
  const label = { s: 'Suggestions', q: 'Unanswered', n: 'Not helpful' } as const;
  return row(
    actionButton(`suggest:ib:${section}:${at - 1}`, '◀ Previous', { disabled: at <= 0 }),
    actionButton(`suggest:ib:${section}:${at + 1}`, 'Next ▶', { disabled: at >= pages - 1 }),
    ...others.map((x) => actionButton(`suggest:ib:${x}:0`, `${label[x]} (${counts[x]})`)),
  );
}

function need(ctx: Ctx) {
  if (!ctx.suggestions) throw new UserFacingError('Suggestions are not set up on this bot.');
  return ctx.suggestions;
}
