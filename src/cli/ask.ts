import { parseArgs } from 'node:util';
import { createAnswerer } from '../answer/answerer.js';
import { loadConfig } from '../config.js';
import { DOC_TYPES, type DocType } from '../kb/schema.js';
import { loadKnowledge } from '../knowledge.js';
import { createOpenAiModel } from '../llm/openai.js';
import { createMemoryStore } from '../store/memory-store.js';
import { problemsLine } from './cli-knowledge.js';

export const ASK_USAGE = `ask "<question>" [--type T] [--jurisdiction J] [--json]   answer with citations (a model if OPENAI_* is set)`;

/**
 * `dossier ask`: the same answer a member gets from /ask. `--json` prints only the answer as JSON on
 * stdout; knowledge problems and model trouble go to stderr. Returns the exit code (0 whether answered or declined: `covered` says which).
 */
export async function askCli(args: string[], out: (line: string) => void): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: {
      type: { type: 'string' },
      jurisdiction: { type: 'string' },
      json: { type: 'boolean', default: false },
    },
  });
  const question = positionals.join(' ').trim();
  if (!question) throw new CliUsageError('ask needs a question');
  if (values.type && !DOC_TYPES.includes(values.type as DocType))
    throw new CliUsageError(`--type: expected one of ${DOC_TYPES.join(', ')}, got "${values.type}"`);

  const config = loadConfig();
  const knowledge = await loadKnowledge(config.knowledgeDir);
  if (knowledge.problems.length > 0)
    process.stderr.write(`${problemsLine(knowledge.problems.length, config.knowledgeDir)}\n`);
  const model = config.model ? createOpenAiModel(config.model) : undefined;
  const store = createMemoryStore();
  const answerer = createAnswerer({
    knowledge: () => knowledge,
    store,
    clock: () => new Date(),
    model,
    settings: config.ask,
    logger: {
      info: () => {},
      warn: (fields, message) => process.stderr.write(`dossier: ${message} ${JSON.stringify(fields)}\n`),
    },
  });
  const outcome = await answerer.ask({
    question,
    filters: { type: values.type as DocType | undefined, jurisdiction: values.jurisdiction },
  });
  knowledge.search.close();
  await store.close();
  if (!outcome.ok) throw new Error('ask: rate-limited with no member or server (cannot happen from the CLI)');
  const { result } = outcome;
  if (values.json) {
    const { covered, mode, answer, sentences, sources, notes, closest } = result;
    out(JSON.stringify({ covered, mode, answer, sentences, sources, notes, closest }, null, 2));
  } else {
    out(result.answer);
  }
  return 0;
}

export class CliUsageError extends Error {}
