import { dirname } from 'node:path';
import { type ButtonInteraction, ButtonStyle, type ChatInputCommandInteraction } from 'discord.js';
import { requireCurator, setCuratorRole } from '../src/discord/permissions.js';
import {
  actionButton,
  BRAND_COLOUR,
  joinWithin,
  kbFooter,
  type Reply,
  respond,
  row,
  sourceButtons,
  updateMessage,
} from '../src/discord/reply.js';
import { UserFacingError } from '../src/errors.js';
import { writeChecked } from '../src/freshness/apply-reviews.js';
import type { Freshness } from '../src/freshness/assess.js';
import { ago } from '../src/freshness/dates.js';
import { reviewQueue } from '../src/freshness/review-queue.js';
import { type Decision, markApplied, recordReview, SNOOZE_DAYS } from '../src/freshness/reviews.js';
import { shortDate } from '../src/kb/doc-line.js';
import type { Doc } from '../src/kb/schema.js';
import type { Ctx } from './types.js';

/**
 * `/kb review`: curators page through what is due for review, each entry with its reasons and sources,
 * and record a decision with a button: "Still accurate", "Needs changes", "Snooze 30 days". Curators are
 * members with Manage Server or the server's curator role, checked when the command and each button run.
 */

const ACTIONS: Record<string, Decision> = { ok: 'accurate', chg: 'needs-changes', snz: 'snooze' };
const today = (ctx: Ctx) => ctx.clock().toISOString().slice(0, 10);

export async function kbReview(interaction: ChatInputCommandInteraction, ctx: Ctx): Promise<void> {
  await requireCurator(interaction, ctx.store);
  await respond(interaction, { ...(await renderQueue(ctx, 0)), ephemeral: true });
}

/** Buttons `kb:rv:<ok|chg|snz>:<entry id>:<page>` and `kb:rv:pg:<page>:<p|n>`. */
export async function kbReviewButton(interaction: ButtonInteraction, ctx: Ctx): Promise<void> {
  await requireCurator(interaction, ctx.store);
  const [, , action = '', first = '', second = ''] = interaction.customId.split(':');
  if (action === 'pg') {
    const page = Number(first);
    if (!Number.isInteger(page) || page < 0) throw new UserFacingError('This button is not one I know.');
    await updateMessage(interaction, await renderQueue(ctx, page));
    return;
  }
  const decision = ACTIONS[action];
  const page = Number(second);
  if (!decision || !first || !Number.isInteger(page))
    throw new UserFacingError('This button is not one I know.');
  const { library } = ctx.knowledge();
  const doc = library.get(first);
  if (!doc) throw new UserFacingError('That entry is no longer in the knowledge base. Run /kb review again.');
  const by = { id: interaction.user.id, name: interaction.user.globalName ?? interaction.user.username };
  const queue = await reviewQueue({ ...ctx.knowledge(), store: ctx.store, today: today(ctx) });
  const due = queue.find((f) => f.id === doc.id);
  const record = await recordReview(ctx.store, {
    entryId: doc.id,
    decision,
    by,
    at: ctx.clock(),
    guildId: interaction.guildId ?? undefined,
  });
  ctx.logger.info(
    { guildId: interaction.guildId, userId: by.id, entry: doc.id, decision, review: record.id },
    'kb review decision',
  );
  let written = '';
  if (decision === 'accurate' && ctx.config.knowledgeWritable) {
    try {
      const changed = await writeChecked(dirname(ctx.config.knowledgeDir), doc, record.at.slice(0, 10));
      await markApplied(ctx.store, record, record.at.slice(0, 10));
      written = changed ? ` Wrote \`checked: ${record.at.slice(0, 10)}\` into \`${doc.path}\`.` : '';
    } catch (error) {
      ctx.logger.warn({ entry: doc.id, err: error }, 'kb review: could not write checked into the file');
      written = ' The file could not be written; `kb apply-reviews` will write it later.';
    }
  }
  const done =
    decision === 'accurate'
      ? `Recorded: **${doc.title}** is still accurate (checked ${shortDate(record.at.slice(0, 10))} by ${by.name}).${written}`
      : decision === 'snooze'
        ? `Snoozed **${doc.title}** for ${SNOOZE_DAYS} days, until ${shortDate(record.until ?? '')}.`
        : `Recorded: **${doc.title}** needs changes. A change note follows.`;
  // An entry marked accurate or snoozed leaves the queue, so the same page shows the next one.
  const next = await renderQueue(ctx, decision === 'needs-changes' ? page + 1 : page);
  await updateMessage(interaction, { ...next, content: done });
  if (decision === 'needs-changes') await respond(interaction, changeNote(doc, due, by.name, today(ctx)));
}

/** `/kb settings curator-role:<role>` (Manage Server): who besides server managers may review. */
export async function kbSettings(interaction: ChatInputCommandInteraction, ctx: Ctx): Promise<void> {
  const guildId = interaction.guildId;
  if (!guildId) throw new UserFacingError('Run this in a server.');
  const roleId = interaction.options.get('curator-role')?.value;
  const clear = interaction.options.getBoolean('clear-curator-role') ?? false;
  if (typeof roleId === 'string' && !clear) {
    await setCuratorRole(ctx.store, guildId, roleId);
    await respond(interaction, {
      ephemeral: true,
      content: `Members with <@&${roleId}> can now use /kb review. Give that role access to /kb in Server Settings → Integrations → Dossier so Discord shows it to them.`,
    });
    return;
  }
  if (clear) {
    await setCuratorRole(ctx.store, guildId, undefined);
    await respond(interaction, {
      ephemeral: true,
      content: 'Curator role cleared: only members with Manage Server can review.',
    });
    return;
  }
  throw new UserFacingError('Give `curator-role` (a role) or `clear-curator-role:true`.');
}

async function renderQueue(ctx: Ctx, requested: number): Promise<Reply> {
  const { library, policy } = ctx.knowledge();
  const now = today(ctx);
  const queue = await reviewQueue({ library, policy, store: ctx.store, today: now });
  if (queue.length === 0)
    return {
      embeds: [
        {
          title: 'Nothing is due for review',
          description:
            'Every entry was checked within its review interval, and no rule or link check flags one.',
          color: BRAND_COLOUR,
          footer: kbFooter(library.version),
        },
      ],
      components: [],
    };
  const page = Math.min(requested, queue.length - 1);
  const item = queue[page] as Freshness;
  const doc = library.get(item.id) as Doc;
  const checked = item.lastChecked
    ? `last checked ${shortDate(item.lastChecked)} (${ago(item.lastChecked, now)})`
    : `never checked; written ${shortDate(item.base)}`;
  const description = [
    `**${page + 1} of ${queue.length} due** · ${item.type} · \`${item.path}\``,
    `${checked[0]?.toUpperCase()}${checked.slice(1)} · reviewed every ${item.freshForDays} days${item.overdue ? ` · overdue by ${item.overdueDays} days` : ''}`,
    '',
    '**Why it is due**',
    joinWithin(
      item.reasons.map((r) => `• ${r.text}`),
      2500,
    ),
    '',
    `**Suggestion:** ${item.suggestion}`,
  ].join('\n');
  return {
    embeds: [
      {
        title: doc.title,
        ...(doc.sources[0] ? { url: doc.sources[0].url } : {}),
        description,
        color: BRAND_COLOUR,
        fields: [
          {
            name: `Sources (${doc.sources.length})`,
            value: joinWithin(
              doc.sources.map((s) => `• [${s.title.replace(/[[\]]/g, '')}](${s.url})`),
              1000,
            ),
          },
        ],
        footer: kbFooter(library.version),
      },
    ],
    components: [
      row(
        actionButton(`kb:rv:ok:${doc.id}:${page}`, 'Still accurate', { style: ButtonStyle.Primary }),
        actionButton(`kb:rv:chg:${doc.id}:${page}`, 'Needs changes'),
        actionButton(`kb:rv:snz:${doc.id}:${page}`, `Snooze ${SNOOZE_DAYS} days`),
      ),
      row(
        actionButton(`kb:rv:pg:${Math.max(0, page - 1)}:p`, '◀ Previous', { disabled: page === 0 }),
        actionButton(`kb:rv:pg:${page + 1}:n`, 'Next ▶', { disabled: page >= queue.length - 1 }),
      ),
      ...sourceButtons(doc.sources),
    ],
  };
}

/** What to change, for the curator who will: the reasons, the file, the sources, ready to paste into an issue. */
function changeNote(doc: Doc, due: Freshness | undefined, by: string, on: string): Reply {
  const reasons = due?.reasons.map((r) => `- ${r.text}`) ?? [];
  const text = [
    `Entry: ${doc.title} (\`${doc.id}\`), file \`${doc.path}\``,
    `Marked "needs changes" by ${by} on ${shortDate(on)}.`,
    ...(reasons.length ? ['', 'Why:', ...reasons] : []),
    '',
    `Suggestion: ${due?.suggestion ?? 'Re-read the sources and update the entry.'}`,
    '',
    'Sources:',
    ...doc.sources.map((s) => `- ${s.title}: ${s.url}`),
    '',
    'When the file is fixed: set `checked` to the day you confirmed it, then /kb reload.',
  ].join('\n');
  return {
    ephemeral: true,
    embeds: [{ title: `Change note: ${doc.title}`, description: text, color: BRAND_COLOUR }],
  };
}
