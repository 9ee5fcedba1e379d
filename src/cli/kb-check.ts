import { type LoadReport, loadLibrary } from '../kb/load-library.js';
import { formatProblem } from '../kb/parse-entry.js';

/** `kb check`: every problem, one per line, then a summary. Returns the process exit code. */
export async function kbCheck(
  dir: string,
  out: (line: string) => void,
  maxFileBytes?: number,
): Promise<number> {
  const report = await loadLibrary(dir, { maxFileBytes });
  for (const p of report.problems) out(formatProblem(p));
  out(summarize(report));
  return report.problems.length > 0 ? 1 : 0;
}

export function summarize(report: LoadReport): string {
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
  ].join('; ');
}
