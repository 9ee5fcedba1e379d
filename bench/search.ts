import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import Fuse from 'fuse.js';
import MiniSearch from 'minisearch';
import { loadLibrary } from '../src/kb/load-library.js';
import { DOC_TYPES, type DocType } from '../src/kb/schema.js';
import { createSearchIndex, loadSynonyms } from '../src/search/index.js';
import { splitPassages } from '../src/search/passages.js';
import { DOMAIN_TERMS, makeCorpus, misspell, prng } from './corpus.js';
import { mb, percentile } from './stats.js';

/**
 * One engine per process, so each RSS figure is its own: Dossier's index (SQLite FTS5 with synonyms,
 * stemming and typo correction), a plain MiniSearch index with default options, and Fuse.js (the fuzzy
 * matcher many Discord bots use). All three index the same passages of the same synthetic knowledge base.
 */
export interface SearchBenchResult {
  engine: string;
  documents: number;
  passages: number;
  loadMs: number;
  indexMs: number;
  rssMb: number;
  /** RSS after a forced garbage collection (when run with --expose-gc): the steady state. */
  rssAfterGcMb?: number;
  queries: number;
  p50Ms: number;
  p99Ms: number;
  note?: string;
}

interface Query {
  text: string;
  type?: DocType;
}

export function makeQueries(count: number, seed = 7): Query[] {
  // The corpus's vocabulary (same seed as makeCorpus's default), with choices from a separate stream.
  const { vocabulary } = makeCorpus(0);
  const random = prng(seed);
  const word = () => vocabulary[Math.floor(random() * 20_000)] as string;
  const midFrequency = () => vocabulary[100 + Math.floor(random() * 5000)] as string;
  const term = () =>
    random() < 0.4 ? (DOMAIN_TERMS[Math.floor(random() * DOMAIN_TERMS.length)] as string) : midFrequency();
  const queries: Query[] = [];
  for (let i = 0; i < count; i++) {
    const words = Array.from({ length: 2 + Math.floor(random() * 3) }, term);
    const kind = i % 4;
    if (kind === 2) queries.push({ text: words.join(' '), type: DOC_TYPES[i % DOC_TYPES.length] as DocType });
    else if (kind === 3) {
      const k = Math.floor(random() * words.length);
      words[k] = misspell(words[k] as string, random);
      queries.push({ text: words.join(' ') });
    } else queries.push({ text: `${words.join(' ')}${random() < 0.2 ? ` ${word()}` : ''}` });
  }
  return queries;
}

export async function benchSearch(
  engine: string,
  documents: number,
  queryCount: number,
): Promise<SearchBenchResult> {
  const corpus = makeCorpus(documents);
  const dir = mkdtempSync(join(tmpdir(), 'dossier-bench-'));
  for (const s of corpus.sources) {
    const file = join(dir, s.path);
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, s.text);
  }
  corpus.sources.length = 0;
  const queries = makeQueries(queryCount);
  try {
    const t0 = performance.now();
    const { library, problems } = await loadLibrary(join(dir, 'knowledge'), { today: '2026-11-22' });
    if (problems.length > 0) throw new Error(`bench corpus invalid: ${problems.length} problems`);
    const loadMs = performance.now() - t0;
    let search: (q: Query) => unknown;
    let passages = 0;
    let note: string | undefined;
    const t1 = performance.now();
    if (engine === 'dossier') {
      const index = createSearchIndex(library, { synonyms: await loadSynonyms('knowledge/synonyms.yml') });
      passages = index.size;
      search = (q) => index.search({ text: q.text, limit: 10, filters: { type: q.type } });
    } else {
      const rows = library.docs.flatMap((doc) =>
        splitPassages(doc).map((p, i) => ({
          id: `${doc.id}#${i}`,
          title: doc.title,
          aliases: doc.aliases.join(' '),
          text: p.text,
          type: doc.type,
        })),
      );
      passages = rows.length;
      if (engine === 'minisearch') {
        const mini = new MiniSearch({ fields: ['title', 'aliases', 'text'], storeFields: ['type'] });
        mini.addAll(rows);
        search = (q) => mini.search(q.text, q.type ? { filter: (r) => r.type === q.type } : {}).slice(0, 10);
      } else {
        // Fuse scans every record per query: on the full corpus a run would take hours, so it gets 5,000 passages.
        const sample = rows.slice(0, 5_000);
        passages = sample.length;
        note = `Fuse.js indexes only the first ${sample.length} passages (a full scan per query)`;
        const fuse = new Fuse(sample, {
          keys: ['title', 'aliases', 'text'],
          ignoreLocation: true,
          threshold: 0.4,
        });
        search = (q) => fuse.search(q.text, { limit: 10 });
      }
    }
    const indexMs = performance.now() - t1;
    const rssMb = mb(process.memoryUsage().rss);
    const gc = (globalThis as { gc?: () => void }).gc;
    gc?.();
    const rssAfterGcMb = gc ? mb(process.memoryUsage().rss) : undefined;
    const times: number[] = [];
    const runQueries = engine === 'fuse' ? queries.slice(0, 50) : queries;
    for (const q of runQueries.slice(0, 20)) search(q); // warm-up
    for (const q of runQueries) {
      const start = performance.now();
      search(q);
      times.push(performance.now() - start);
    }
    return {
      engine,
      documents: library.size,
      passages,
      loadMs,
      indexMs,
      rssMb,
      ...(rssAfterGcMb !== undefined ? { rssAfterGcMb } : {}),
      queries: times.length,
      p50Ms: percentile(times, 50),
      p99Ms: percentile(times, 99),
      ...(note ? { note } : {}),
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const { values } = parseArgs({
    options: {
      engine: { type: 'string', default: 'dossier' },
      documents: { type: 'string', default: '10000' },
      queries: { type: 'string', default: '1000' },
    },
  });
  const result = await benchSearch(values.engine, Number(values.documents), Number(values.queries));
  process.stdout.write(`${JSON.stringify(result)}\n`);
}
