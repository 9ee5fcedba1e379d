import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { applyProposals } from '../tracking/apply-proposals.js';
import { Env, trackingSettings } from '../config.js';
import { isCalendarDate } from '../kb/schema.js';
import { loadLibrary } from '../kb/load-library.js';
import { shortDate } from '../kb/doc-line.js';
import { createTrackingSources, trackingSourcesLine } from '../tracking/create-tracking.js';
import { runTrackingPass } from '../tracking/run-tracking-pass.js';
import { STAGE_WORDS } from '../tracking/stages.js';
import { SOURCE_NAMES } from '../tracking/tracked-items.js';
import { CliUsageError } from './ask.js';
import { withCliStore } from './open-store.js';

export const TRACK_USAGE =
  'kb track [--json] [--since YYYY-MM-DD] [--apply]   fetch tracked bills from Open States and Congress.gov; list changes and status proposals (--apply: write them into the entries)';

/**
 * `kb track`: one tracking pass (the bot runs the same daily): every bill with a `tracking:` reference is
 * fetched from its official source and compared with the entry and with the previous pass. Prints what
 * moved, the statuses official data now supports (for curators to accept), and problems; `--since DATE`
 * also lists every tracked bill whose latest action is on or after DATE. Exit 0 whatever it finds; 1 when
 * the store cannot be opened.
 */
export async function kbTrack(
  args: string[],
  env: NodeJS.ProcessEnv,
  out: (line: string) => void,
  err: (line: string) => void,
  parts: { fetch?: typeof fetch; sleep?: (ms: number) => Promise<void>; now?: Date } = {},
): Promise<number> {
  const { values } = parseArgs({
    args,
    options: {
      json: { type: 'boolean', default: false },
      since: { type: 'string' },
      apply: { type: 'boolean', default: false },
    },
  });
  if (values.since !== undefined && !isCalendarDate(values.since))
    throw new CliUsageError(`--since: expected YYYY-MM-DD, got "${values.since}"`);
  const parsed = Env.safeParse(env);
  if (!parsed.success) {
    err(`dossier: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
    return 2;
  }
  const settings = trackingSettings(parsed.data);
  const now = parts.now ?? new Date();
  const { library } = await loadLibrary(parsed.data.KNOWLEDGE_DIR, { today: now.toISOString().slice(0, 10) });
  return withCliStore(env, err, async (store) => {
    const sources = createTrackingSources(settings, {
      store,
      ...(parts.fetch ? { fetch: parts.fetch } : {}),
      ...(parts.sleep ? { sleep: parts.sleep } : {}),
    });
    const report = await runTrackingPass({ library, store, sources, now });
    const applied = values.apply
      ? await applyProposals(store, library, join(parsed.data.KNOWLEDGE_DIR, '..'))
      : undefined;
    const recent = values.since
      ? report.all.filter((s) => s.latest && s.latest.date >= (values.since as string))
      : [];
    if (values.json) {
      out(
        JSON.stringify(
          {
            at: report.at,
            sources: {
              openstates: settings.openstates ? 'on' : 'off: no OPENSTATES_API_KEY',
              congress: settings.congress ? 'on' : 'off: no CONGRESS_API_KEY',
            },
            items: report.items,
            skipped: report.skipped,
            calls: report.calls,
            changes: report.changes,
            proposals: report.proposals,
            notices: report.notices,
            problems: report.problems,
            ...(values.since ? { since: values.since, recent } : {}),
            ...(applied ? { applied } : {}),
            bills: report.all,
          },
          null,
          2,
        ),
      );
      return 0;
    }
    out(trackingSourcesLine(settings));
    const calls = Object.entries(report.calls)
      .map(([s, n]) => `${SOURCE_NAMES[s as keyof typeof SOURCE_NAMES]} ${n}`)
      .join(', ');
    const skipped = report.skipped.map((s) => `${s.items} skipped: ${SOURCE_NAMES[s.source]} off`).join('; ');
    out(
      `kb track: ${report.items} tracked bill${report.items === 1 ? '' : 's'}${skipped ? ` (${skipped})` : ''}; ${calls || 'no'} requests; ` +
        `${report.changes.length} change${report.changes.length === 1 ? '' : 's'}, ${report.proposals.length} status proposal${report.proposals.length === 1 ? '' : 's'}, ${report.problems.length} problem${report.problems.length === 1 ? '' : 's'}`,
    );
    for (const c of report.changes)
      out(
        `CHANGED   ${c.entryId}: ${c.label}: ${c.action.text} (${shortDate(c.action.date)}, ${SOURCE_NAMES[c.source]}; now ${STAGE_WORDS[c.action.stage]})${c.url ? ` ${c.url}` : ''}`,
      );
    for (const p of report.proposals)
      out(
        `PROPOSAL  ${p.entryId}: status ${p.from} → ${p.status}, status_as_of ${p.date}: ${p.action}${p.notice ? ` [${p.notice}]` : ''} (${SOURCE_NAMES[p.source]} ${p.label}${p.url ? `, ${p.url}` : ''})`,
      );
    for (const n of report.notices)
      out(
        `${n.kind.toUpperCase().padEnd(11)} ${n.entryId}: ${n.label}: ${n.text}${n.reference ? `; track it as ${n.reference}` : ''}${n.url ? ` ${n.url}` : ''}`,
      );
    for (const p of report.problems) out(`PROBLEM   ${p.entryId}: ${p.kind}: ${p.message}`);
    for (const a of applied ?? [])
      out(
        `APPLIED   ${a.path || a.id}: status ${a.status}, status_as_of ${a.date} (${a.outcome}); review and commit it`,
      );
    if (values.since) {
      out(`Latest actions on or after ${values.since}: ${recent.length}`);
      for (const s of recent)
        out(
          `  ${s.entryId}: ${s.label}: ${s.latest?.text} (${shortDate(s.latest?.date ?? '')}, ${SOURCE_NAMES[s.source]})${s.url ? ` ${s.url}` : ''}`,
        );
    }
    return 0;
  });
}
