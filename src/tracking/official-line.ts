import { shortDate } from '../kb/doc-line.js';
import { SOURCE_NAMES } from './tracked-items.js';
import type { TrackedState } from './tracking-records.js';

/**
 * What a law's or bill's card says about its official record, from the last tracking pass, even before a
 * curator updates the status: "Signed by the Governor (20 Jun 2025, Open States) · TX HB 149 (89R)", that
 * the bill died when its session ended, and, when the source did not answer the last pass, when it was
 * last heard from. Undefined when nothing was ever heard.
 */
export function officialActionLines(states: readonly TrackedState[]): string | undefined {
  const lines: string[] = [];
  for (const s of states.slice(0, 2)) {
    const source = SOURCE_NAMES[s.source];
    const label = s.url ? `[${s.label}](${s.url})` : s.label;
    if (s.latest) {
      lines.push(`${s.latest.text} (${shortDate(s.latest.date)}, ${source}) · ${label}`);
      if (s.stage === 'died' && s.died)
        lines.push(`Died: ${s.died.session} ended on ${shortDate(s.died.end)} without it becoming law`);
    } else if (s.problem?.kind === 'not-found') {
      lines.push(`${source} has no record of ${s.label}`);
    }
    if (s.renumbered)
      lines.push(`Renumbered: ${source} lists it as ${s.renumbered.to} now (was ${s.renumbered.from})`);
    if (s.problem?.kind === 'removed')
      lines.push(
        `${source} no longer lists ${s.label}${s.listedAt ? ` (last listed ${shortDate(s.listedAt.slice(0, 10))})` : ''}`,
      );
    else if (s.problem && s.problem.kind !== 'not-found')
      lines.push(
        `${source} did not answer on ${shortDate(s.lastTriedAt.slice(0, 10))}; ${
          s.lastHeardAt ? `last heard ${shortDate(s.lastHeardAt.slice(0, 10))}` : 'never heard from yet'
        }`,
      );
  }
  return lines.length ? lines.join('\n') : undefined;
}
