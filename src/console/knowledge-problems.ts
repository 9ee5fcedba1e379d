import { formatProblem, type Problem } from '../kb/parse-entry.js';
import type { Logger } from '../log.js';

/** Lines shown at start-up before pointing at `npm run kb:check` for the rest. */
const MAX_LINES = 20;

/**
 * The knowledge problems found at start-up. A person at a terminal (the console, stderr a TTY) reads them
 * as lines like `kb check` prints; the bot and anything piped keep one JSON log line per problem, for log
 * collectors.
 */
export function reportKnowledgeProblems(
  problems: readonly Problem[],
  out: { readable: boolean; logger: Logger; write: (line: string) => void },
): void {
  if (!out.readable) {
    for (const problem of problems) out.logger.warn({ problem: formatProblem(problem) }, 'knowledge problem');
    return;
  }
  if (problems.length === 0) return;
  const files = new Set(problems.map((p) => p.path)).size;
  out.write(
    `kb: ${problems.length} problem${problems.length === 1 ? '' : 's'} in ${files} file${files === 1 ? '' : 's'}; ` +
      'the entries involved are skipped, the rest are served (fix them, then /kb reload):',
  );
  for (const problem of problems.slice(0, MAX_LINES)) out.write(`  ${formatProblem(problem)}`);
  if (problems.length > MAX_LINES)
    out.write(`  …and ${problems.length - MAX_LINES} more (npm run kb:check lists them all)`);
}
