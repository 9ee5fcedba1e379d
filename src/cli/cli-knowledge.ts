import { type ParseArgsConfig, parseArgs } from 'node:util';
import { loadLibrary } from '../kb/load-library.js';

/** What the `kb …` commands read from the environment. */
export interface KbEnv {
  KNOWLEDGE_DIR?: string | undefined;
  STORE_URL?: string | undefined;
}

/** The knowledge folder the CLI reads: KNOWLEDGE_DIR, else ./knowledge. */
export function knowledgeDirOf(env: { KNOWLEDGE_DIR?: string | undefined }): string {
  return env.KNOWLEDGE_DIR || 'knowledge';
}

/** The one line a command prints on stderr when some knowledge files could not be read. */
export function problemsLine(count: number, dir: string): string {
  return `dossier: ${count} problem(s) in ${dir}; affected files skipped (run: npm run kb:check)`;
}

/** The library as of `today`, saying on stderr how many files were skipped, if any. */
export async function loadCliLibrary(dir: string, today: string, err: (line: string) => void) {
  const report = await loadLibrary(dir, { today });
  if (report.problems.length > 0) err(problemsLine(report.problems.length, dir));
  return report;
}

/** How main.ts calls a command: its arguments and environment in, lines out, the exit code back. */
export type CliCommand<E = KbEnv> = (
  args: string[],
  env: E,
  out: (line: string) => void,
  err: (line: string) => void,
) => Promise<number>;

/** A command's options plus the `--json` flag every `kb …` listing takes (its values, parsed strictly). */
export function parseKbArgs<const O extends NonNullable<ParseArgsConfig['options']>>(
  args: string[],
  options: O,
) {
  return parseArgs({ args, options: { json: { type: 'boolean', default: false }, ...options } }).values;
}
