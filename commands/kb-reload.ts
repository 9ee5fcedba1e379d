import type { ChatInputCommandInteraction } from 'discord.js';
import {
  BRAND_COLOUR,
  ERROR_COLOUR,
  joinWithin,
  kbFooter,
  type Reply,
  respondAfter,
} from '../src/discord/reply.js';
import type { Ctx, ReloadOutcome } from './types.js';

/**
 * `/kb reload` (a subcommand of /kb, which checks Manage Server): loads the folder again under the
 * start-up rule (every valid entry served, every entry with a problem skipped) and says what changed.
 */
export async function kbReload(interaction: ChatInputCommandInteraction, ctx: Ctx): Promise<void> {
  await respondAfter(
    interaction,
    async () => {
      const outcome = await ctx.reloadKnowledge();
      ctx.logger.info(
        {
          guildId: interaction.guildId,
          userId: interaction.user.id,
          kept: outcome.kept,
          previousVersion: outcome.previousVersion,
          version: outcome.version,
          size: outcome.size,
          files: outcome.files,
          added: outcome.added.length,
          updated: outcome.updated.length,
          removed: outcome.removed.length,
          skipped: outcome.skipped.map((s) => s.path),
          problems: outcome.problems.length,
        },
        'knowledge reload',
      );
      return reloadReply(outcome);
    },
    { ephemeral: true },
  );
}

/** The reply: the version served, the ids added, updated and removed, and each skipped file with its problems. */
export function reloadReply(outcome: ReloadOutcome): Reply {
  if (outcome.kept) {
    return {
      embeds: [
        {
          title: 'Reload failed: the knowledge folder could not be read',
          description: `Still serving \`${outcome.previousVersion}\`.\n\n${outcome.failure ?? ''}`,
          color: ERROR_COLOUR,
          footer: kbFooter(outcome.previousVersion),
        },
      ],
    };
  }
  const ids = (list: string[]) => list.map((id) => `\`${id}\``).join(', ');
  const lines: string[] = [];
  if (outcome.added.length) lines.push(`**Added (${outcome.added.length}):** ${ids(outcome.added)}`);
  if (outcome.updated.length) lines.push(`**Updated (${outcome.updated.length}):** ${ids(outcome.updated)}`);
  if (outcome.removed.length) lines.push(`**Removed (${outcome.removed.length}):** ${ids(outcome.removed)}`);
  if (outcome.skipped.length) {
    lines.push(`**Skipped (${outcome.skipped.length}), not served until fixed:**`);
    for (const file of outcome.skipped) {
      lines.push(`• \`${file.path}\`${file.withdrawn ? ' (was served, now withdrawn)' : ''}`);
      for (const problem of file.problems) lines.push(`  – ${problem}`);
    }
  }
  const status =
    outcome.version === outcome.previousVersion
      ? `No change (was \`${outcome.previousVersion}\`)`
      : `Now serving \`${outcome.version}\` (was \`${outcome.previousVersion}\`)`;
  const skipped = outcome.skipped.length;
  return {
    embeds: [
      {
        title: skipped
          ? `Knowledge base reloaded; ${skipped} file${skipped === 1 ? '' : 's'} skipped`
          : 'Knowledge base reloaded',
        description: joinWithin(
          [`${status}: ${outcome.size} entries from ${outcome.files} files.`, ...lines],
          4000,
          (n) => `…and ${n} more lines (run npm run kb:check for the full list)`,
        ),
        color: skipped ? ERROR_COLOUR : BRAND_COLOUR,
        footer: kbFooter(outcome.version),
      },
    ],
  };
}
