import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { assessFreshness } from '../freshness/assess.js';
import { loadPolicy, type Policy } from '../freshness/policy.js';
import { findContradictions } from '../freshness/rules.js';
import type { Library } from '../kb/library.js';
import { type LoadReport, loadLibrary } from '../kb/load-library.js';
import { formatProblem, type Problem } from '../kb/parse-entry.js';
import { missingTracking } from '../tracking/tracked-items.js';

/**
 * `kb check`: every problem, one per line, then warnings (contradictions the freshness rules find: they
 * ask for a curator's review but do not fail the check), then a summary. Returns the process exit code.
 */
export async function kbCheck(
  dir: string,
  out: (line: string) => void,
  today = new Date().toISOString().slice(0, 10),
  maxFileBytes?: number,
): Promise<number> {
  const [report, policy] = await Promise.all([loadLibrary(dir, { today, maxFileBytes }), loadPolicy(dir)]);
  const problems = [...report.problems, ...policy.problems];
  for (const p of problems) out(formatProblem(p));
  const warnings = [
    ...(await freshnessWarnings(report.library, policy.policy, today, join(dir, '..'))),
    ...trackingWarnings(report.library),
  ];
  for (const w of warnings) out(formatProblem(w));
  out(summarize({ ...report, problems }, warnings.length));
  return problems.length > 0 ? 1 : 0;
}

/** Contradictions not yet answered by a check, located at the key they are about. */
export async function freshnessWarnings(
  library: Library,
  policy: Policy,
  today: string,
  root: string,
): Promise<Problem[]> {
  const warnings: Problem[] = [];
  for (const doc of library.docs) {
    const open = new Set(assessFreshness(doc, { today, policy }).reasons.map((r) => r.text));
    const findings = findContradictions(doc, today, policy).filter((f) => open.has(f.reason));
    if (findings.length === 0) continue;
    const lines = (await readFile(join(root, doc.path), 'utf8').catch(() => '')).split(/\r?\n/);
    for (const f of findings) {
      const index = lines.findIndex((l) => l.startsWith(`${f.field}:`));
      warnings.push({
        path: doc.path,
        ...(index >= 0 ? { line: index + 1 } : {}),
        field: f.field,
        message: `warning: ${f.reason}. ${f.suggestion}`,
      });
    }
  }
  return warnings;
}

/** Bills an official source covers that name no tracking reference (src/tracking). */
export function trackingWarnings(library: Library): Problem[] {
  const warnings: Problem[] = [];
  for (const doc of library.docs) {
    const missing = missingTracking(doc);
    if (missing) warnings.push({ path: doc.path, field: 'tracking', message: missing.message });
  }
  return warnings;
}

export function summarize(report: LoadReport, warnings = 0): string {
  const counts = Object.entries(report.library.countsByType())
    .filter(([, n]) => n > 0)
    .map(([type, n]) => `${type} ${n}`)
    .join(', ');
  const problems = report.problems.length;
  const skipped = report.files - report.library.size;
  return [
    `kb: ${report.library.size} documents${counts ? ` (${counts})` : ''} from ${report.files} files`,
    problems === 0
      ? 'no problems'
      : `${problems} problem${problems === 1 ? '' : 's'}${skipped > 0 ? `, ${skipped} file${skipped === 1 ? '' : 's'} not loaded` : ''}`,
    ...(warnings > 0
      ? [`${warnings} warning${warnings === 1 ? '' : 's'} (review them: npm run dossier -- kb stale)`]
      : []),
  ].join('; ');
}
