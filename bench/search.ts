import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import Database from 'better-sqlite3';
import Fuse from 'fuse.js';
import MiniSearch from 'minisearch';
import { loadLibrary } from '../src/kb/load-library.js';
import { DOC_TYPES, type DocType } from '../src/kb/schema.js';
import { exportSearchIndex } from '../src/search/fts-index.js';
import { cacheFileName } from '../src/search/fts-store.js';
import { createSearchIndex, loadSynonyms, type SearchIndex } from '../src/search/index.js';
import { splitPassages } from '../src/search/passages.js';
import { STOP_WORDS, tokenize } from '../src/search/text.js';
import { DOMAIN_TERMS, makeCorpus, misspell, prng, writeCorpus } from './corpus.js';
import { mb, percentile } from './stats.js';

/**
 * One engine per process, so each RSS figure is its own: Dossier's index (SQLite FTS5 with synonyms,
 * stemming and typo correction), the bare engine under it (`fts5`: one FTS5 table of the same passages,
 * an OR of the query's words without stop words, bm25, top 10; no understanding, no rerank), a plain
 * MiniSearch index with default options, and Fuse.js (the fuzzy matcher many Discord bots use). All index
 * the same passages of the same synthetic knowledge base. Besides the 1,000 mixed queries, two kinds are
 * timed on their own: a single common word (one that most passages hold) and a single misspelt word
 * (each a new misspelling, so nothing is remembered from the one before).
 */
export interface SearchBenchResult {
  engine: string;
  documents: number;
  passages: number;
  loadMs: number;
  indexMs: number;
  /** Dossier only: opening the index from the file SEARCH_INDEX_DIR keeps (built once before). */
  openMs?: number;
  rssMb: number;
  /** RSS after a forced garbage collection (when run with --expose-gc): the steady state. */
  rssAfterGcMb?: number;
  queries: number;
  p50Ms: number;
  p99Ms: number;
  /** One common word alone (20 distinct words, each among the most frequent of the base). */
  commonP50Ms?: number;
  commonP99Ms?: number;
  /** One misspelt word alone (200 distinct misspellings of mid-frequency words). */
  typoP50Ms?: number;
  typoP99Ms?: number;
  /**
   * The same as CPU time of this process (process.cpuUsage: user + system, all its threads; the index's
   * also the build's child process) rather than wall time: on a machine shared with other work, wall time
   * also counts the waits for a core.
   */
  indexCpuMs?: number;
  openCpuMs?: number;
  p99CpuMs?: number;
  typoP99CpuMs?: number;
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

/** Single words most passages hold: the Zipf head of the vocabulary, then the domain's own terms. */
export function commonWords(): string[] {
  const { vocabulary } = makeCorpus(0);
  return [...vocabulary.slice(0, 10), ...DOMAIN_TERMS.slice(0, 10)];
}

/** Distinct misspellings of distinct mid-frequency words (at least 5 letters, so misspell() changes them). */
export function misspeltWords(count: number, seed = 11): string[] {
  const { vocabulary } = makeCorpus(0);
  const random = prng(seed);
  const out = new Set<string>();
  for (let i = 200; out.size < count && i < vocabulary.length; i += 7) {
    const word = vocabulary[i] as string;
    const typo = misspell(word, random);
    if (typo !== word) out.add(typo);
  }
  return [...out];
}

/** Writes the synthetic base of `documents` entries to a new temporary folder; returns the folder. */
export function writeBase(documents: number): string {
  const dir = mkdtempSync(join(tmpdir(), 'dossier-bench-'));
  writeCorpus(dir, documents);
  return dir;
}

/**
 * `base`: a folder writeBase() filled (bench/run.ts writes each size once for every engine, in its own
 * process, so no engine's memory figure holds the generated text); without it the base is written here.
 */
export async function benchSearch(
  engine: string,
  documents: number,
  queryCount: number,
  base?: string,
): Promise<SearchBenchResult> {
  const dir = base ?? writeBase(documents);
  const work = mkdtempSync(join(tmpdir(), 'dossier-bench-index-'));
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
    const c1 = cpuMs();
    const children1 = childrenCpuMs();
    let built: SearchIndex | undefined;
    if (engine === 'dossier') {
      const index = createSearchIndex(library, { synonyms: await loadSynonyms('knowledge/synonyms.yml') });
      built = index;
      passages = index.size;
      search = (q) => index.search({ text: q.text, limit: 10, filters: { type: q.type } });
    } else if (engine === 'fts5') {
      const bare = bareFts5(library.docs.flatMap((doc) => splitPassages(doc).map((p) => ({ doc, p }))));
      passages = bare.size;
      search = bare.search;
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
    const ownIndexCpuMs = cpuMs() - c1;
    const rssMb = mb(process.memoryUsage().rss);
    const gc = (globalThis as { gc?: () => void }).gc;
    gc?.();
    const rssAfterGcMb = gc ? mb(process.memoryUsage().rss) : undefined;
    // From 2,000 entries the index is built in a child process: its CPU counts once it has been reaped
    // (waited for after the memory figures, which an event-loop turn would change).
    await childrenReaped();
    const indexCpuMs = ownIndexCpuMs + childrenCpuMs() - children1;
    const times: number[] = [];
    const cpuTimes: number[] = [];
    const runQueries = engine === 'fuse' ? queries.slice(0, 50) : queries;
    for (const q of runQueries.slice(0, 20)) search(q); // warm-up
    for (const q of runQueries) {
      const start = performance.now();
      const cpu = cpuMs();
      search(q);
      cpuTimes.push(cpuMs() - cpu);
      times.push(performance.now() - start);
    }
    const typoCpu: number[] = [];
    const timeEach = (texts: string[], cpuTimes?: number[]) =>
      texts.map((text) => {
        const start = performance.now();
        const cpu = cpuMs();
        search({ text });
        cpuTimes?.push(cpuMs() - cpu);
        return performance.now() - start;
      });
    const alone =
      engine === 'fuse'
        ? {}
        : (() => {
            const common = timeEach(commonWords());
            const typo = timeEach(misspeltWords(200), typoCpu);
            return {
              commonP50Ms: percentile(common, 50),
              commonP99Ms: percentile(common, 99),
              typoP50Ms: percentile(typo, 50),
              typoP99Ms: percentile(typo, 99),
              typoP99CpuMs: percentile(typoCpu, 99),
            };
          })();
    let openMs: number | undefined;
    let openCpuMs: number | undefined;
    if (built) {
      // The file a first process would have written to SEARCH_INDEX_DIR: the index just built, as bytes.
      const cacheDir = join(work, 'search-index');
      mkdirSync(cacheDir);
      writeFileSync(
        join(cacheDir, cacheFileName(library.version, library.docs)),
        exportSearchIndex(built).db,
      );
      built.close();
      const synonyms = await loadSynonyms('knowledge/synonyms.yml');
      const t2 = performance.now();
      const c2 = cpuMs();
      createSearchIndex(library, { synonyms, cacheDir }).close();
      openMs = performance.now() - t2;
      openCpuMs = cpuMs() - c2;
    }
    return {
      engine,
      documents: library.size,
      passages,
      loadMs,
      indexMs,
      ...(openMs !== undefined && openCpuMs !== undefined ? { openMs, openCpuMs } : {}),
      rssMb,
      ...(rssAfterGcMb !== undefined ? { rssAfterGcMb } : {}),
      queries: times.length,
      p50Ms: percentile(times, 50),
      p99Ms: percentile(times, 99),
      indexCpuMs,
      p99CpuMs: percentile(cpuTimes, 99),
      ...alone,
      ...(note ? { note } : {}),
    };
  } finally {
    if (!base) rmSync(dir, { recursive: true, force: true });
    rmSync(work, { recursive: true, force: true });
  }
}

/** CPU time of this process so far, in milliseconds. */
function cpuMs(): number {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1000;
}

/** CPU time of this process's ended children (Linux: cutime and cstime of /proc/self/stat, 10 ms ticks). */
function childrenCpuMs(): number {
  try {
    const fields = readFileSync('/proc/self/stat', 'utf8').split(') ')[1]?.split(' ');
    const ticks = Number(fields?.[13]) + Number(fields?.[14]);
    return Number.isFinite(ticks) ? ticks * 10 : 0;
  } catch {
    return 0;
  }
}

/** Waits (up to 2 s) until this process has no child left, so an ended child's CPU is in cpuMs(). */
async function childrenReaped(): Promise<void> {
  const file = `/proc/self/task/${process.pid}/children`;
  if (!existsSync(file)) return;
  for (let waited = 0; waited < 2000 && readFileSync(file, 'utf8').trim() !== ''; waited += 5)
    await new Promise((resolve) => setTimeout(resolve, 5));
}

/**
 * The raw engine's cost: one FTS5 table holding each passage's title and text (plus a type column for the
 * filtered queries), queried with an OR of the query's words minus stop words, bm25, top 10 rowids.
 */
function bareFts5(rows: { doc: { title: string; type: string }; p: { text: string } }[]): {
  size: number;
  search: (q: Query) => unknown;
} {
  const db = new Database(':memory:');
  db.exec(
    "CREATE VIRTUAL TABLE p USING fts5(title, text, type UNINDEXED, tokenize = 'unicode61 remove_diacritics 2')",
  );
  const insert = db.prepare('INSERT INTO p (rowid, title, text, type) VALUES (?, ?, ?, ?)');
  db.transaction(() => rows.forEach((r, i) => insert.run(i + 1, r.doc.title, r.p.text, r.doc.type)))();
  db.exec("INSERT INTO p (p) VALUES ('optimize')");
  const top = db.prepare('SELECT rowid, bm25(p) AS score FROM p WHERE p MATCH ? ORDER BY score LIMIT 10');
  const topOfType = db.prepare(
    'SELECT rowid, bm25(p) AS score FROM p WHERE p MATCH ? AND type = ? ORDER BY score LIMIT 10',
  );
  return {
    size: rows.length,
    search: (q) => {
      const words = [...new Set(tokenize(q.text).filter((w) => !STOP_WORDS.has(w)))];
      if (words.length === 0) return [];
      const match = words.map((w) => `"${w}"`).join(' OR ');
      return q.type ? topOfType.all(match, q.type) : top.all(match);
    },
  };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const { values } = parseArgs({
    options: {
      engine: { type: 'string', default: 'dossier' },
      documents: { type: 'string', default: '10000' },
      queries: { type: 'string', default: '1000' },
      base: { type: 'string' },
    },
  });
  const result = await benchSearch(
    values.engine,
    Number(values.documents),
    Number(values.queries),
    values.base,
  );
  process.stdout.write(`${JSON.stringify(result)}\n`);
}
