import { parseArgs } from 'node:util';
import { DOC_TYPES, type DocType } from '../kb/schema.js';
import { Env } from '../config.js';
import { loadKnowledge } from '../knowledge.js';
import { ASK_USAGE, askCli, CliUsageError } from './ask.js';
import { STATEMENT_USAGE, statementCli, TIMELINE_USAGE, timelineCli } from './charts.js';
import { digestTick } from './digest-tick.js';
import { knowledgeDirOf, problemsLine } from './cli-knowledge.js';
import { APPLY_USAGE, kbApplyReviews } from './kb-apply-reviews.js';
import { kbCheck } from './kb-check.js';
import { kbLinks, LINKS_USAGE } from './kb-links.js';
import { kbStale, STALE_USAGE } from './kb-stale.js';
import { kbTrack, TRACK_USAGE } from './kb-track.js';
import { MAP_USAGE, mapCli } from './map-cli.js';
import { exitQuietlyOnClosedPipe } from './quiet-pipe.js';
import { renderEntryText, renderSearchText } from './render-text.js';

const USAGE = `usage: npm run dossier -- <command>
  kb check                                   validate every file under knowledge/ (exit 1 on any problem)
  ${STALE_USAGE}
  ${APPLY_USAGE}
  ${LINKS_USAGE}
  ${TRACK_USAGE}
  search "<query>" [--type T] [--jurisdiction J] [--limit N] [--json]
  show <id-or-alias> [--json]
  ${ASK_USAGE}
  ${MAP_USAGE}
  ${TIMELINE_USAGE}
  ${STATEMENT_USAGE}
  digest tick [--now ISO-8601]               post the digests due now (or as of --now), then exit`;

class UsageError extends Error {}

async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  const dir = knowledgeDirOf(process.env);
  const out = (line: string) => process.stdout.write(`${line}\n`);
  const err = (line: string) => process.stderr.write(`${line}\n`);
  switch (command) {
    case 'kb':
      if (rest[0] === 'check')
        return kbCheck(
          dir,
          out,
          undefined,
          Env.shape.KNOWLEDGE_MAX_FILE_BYTES.parse(process.env.KNOWLEDGE_MAX_FILE_BYTES),
        );
      if (rest[0] === 'stale') return kbStale(rest.slice(1), process.env, out, err);
      if (rest[0] === 'apply-reviews') return kbApplyReviews(rest.slice(1), process.env, out, err);
      if (rest[0] === 'links') return kbLinks(rest.slice(1), process.env, out, err);
      if (rest[0] === 'track') return kbTrack(rest.slice(1), process.env, out, err);
      throw new UsageError(`unknown kb command "${rest[0] ?? ''}"`);
    case 'search': {
      const { values, positionals } = parseArgs({
        args: rest,
        allowPositionals: true,
        options: {
          type: { type: 'string' },
          jurisdiction: { type: 'string' },
          limit: { type: 'string', default: '10' },
          json: { type: 'boolean', default: false },
        },
      });
      const text = positionals.join(' ').trim();
      if (!text) throw new UsageError('search needs a query');
      const limit = Number(values.limit);
      if (!Number.isInteger(limit) || limit < 1 || limit > 100) {
        throw new UsageError(`--limit: expected a whole number from 1 to 100, got "${values.limit}"`);
      }
      if (values.type && !DOC_TYPES.includes(values.type as DocType)) {
        throw new UsageError(`--type: expected one of ${DOC_TYPES.join(', ')}, got "${values.type}"`);
      }
      const { search } = await loadQuietly(dir);
      const result = search.search({
        text,
        limit,
        filters: { type: values.type as DocType | undefined, jurisdiction: values.jurisdiction },
      });
      if (values.json) {
        const hits = result.hits.map((h) => ({
          id: h.doc.id,
          title: h.doc.title,
          type: h.doc.type,
          aliases: h.doc.aliases,
          date: h.doc.date,
          score: Number(h.score.toFixed(4)),
          snippet: h.snippet,
          sources: h.doc.sources.map((s) => ({ url: s.url, title: s.title })),
        }));
        out(JSON.stringify(hits, null, 2));
      } else {
        out(renderSearchText(result));
      }
      return 0;
    }
    case 'ask':
      return askCli(rest, out);
    case 'map':
      return mapCli(rest, process.env, out);
    case 'timeline':
      return timelineCli(rest, dir, out);
    case 'statement':
      return statementCli(rest, dir, out);
    case 'show': {
      const { values, positionals } = parseArgs({
        args: rest,
        allowPositionals: true,
        options: { json: { type: 'boolean', default: false } },
      });
      const name = positionals.join(' ').trim();
      if (!name) throw new UsageError('show needs an id or alias');
      const { library } = await loadQuietly(dir);
      const doc = library.resolve(name);
      if (!doc) {
        const close = library.suggest(name, { limit: 5 });
        process.stderr.write(
          `dossier: no entry is called "${name}"${close.length ? `; did you mean: ${close.map((d) => d.id).join(', ')}?` : ''}\n`,
        );
        return 1;
      }
      out(values.json ? JSON.stringify(doc, null, 2) : renderEntryText(doc, library));
      return 0;
    }
    case 'digest': {
      const { values, positionals } = parseArgs({
        args: rest,
        allowPositionals: true,
        options: { now: { type: 'string' } },
      });
      if (positionals[0] !== 'tick') throw new UsageError(`unknown digest command "${positionals[0] ?? ''}"`);
      return digestTick(values.now, process.env, out);
    }
    default:
      throw new UsageError(command ? `unknown command "${command}"` : 'no command given');
  }
}

/** Loads the knowledge base; problems go to stderr so stdout stays clean for --json. */
async function loadQuietly(dir: string) {
  const knowledge = await loadKnowledge(dir);
  if (knowledge.problems.length > 0)
    process.stderr.write(`${problemsLine(knowledge.problems.length, dir)}\n`);
  return knowledge;
}

exitQuietlyOnClosedPipe(process.stdout);
exitQuietlyOnClosedPipe(process.stderr);
try {
  process.exitCode = await main(process.argv.slice(2));
} catch (error) {
  if (
    error instanceof UsageError ||
    error instanceof CliUsageError ||
    (error as { code?: string }).code?.startsWith('ERR_PARSE_ARGS')
  ) {
    process.stderr.write(`dossier: ${(error as Error).message}\n${USAGE}\n`);
    process.exitCode = 2;
  } else {
    throw error;
  }
}
