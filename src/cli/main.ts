import { kbCheck } from './kb-check.js';

const USAGE = `usage: dossier <command>
  kb check                                   validate every file under knowledge/
  search "<query>" [--type T] [--jurisdiction J] [--limit N] [--json]
  show <id-or-alias> [--json]`;

async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  const dir = process.env.KNOWLEDGE_DIR || 'knowledge';
  const out = (line: string) => process.stdout.write(`${line}\n`);
  if (command === 'kb' && rest[0] === 'check') return kbCheck(dir, out);
  process.stderr.write(`${USAGE}\n`);
  return 2;
}

process.exitCode = await main(process.argv.slice(2));
