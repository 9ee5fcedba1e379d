import { execFileSync } from 'node:child_process';
import { existsSync, rmSync } from 'node:fs';
import { loadavg } from 'node:os';
import { type SearchBenchResult, writeBase } from './search.js';
import { ms } from './stats.js';

/**
 * `npm run bench`: every benchmark, figures printed, nothing pass/fail, on compiled JavaScript. Each
 * search engine runs in a child process of its own so its memory figure is not shared with the others.
 * Dossier's search is measured at each size in BENCH_SCALES beside the bare FTS5 engine over the same
 * passages in the same run (the ratios are what to compare on a shared machine); MiniSearch and Fuse.js at
 * BENCH_DOCUMENTS only.
 * BENCH_PARTS picks parts (scale, engines, bot, others): `BENCH_PARTS=scale BENCH_SCALES=50000 npm run bench`.
 */
const documents = process.env.BENCH_DOCUMENTS ?? '10000';
const queries = process.env.BENCH_QUERIES ?? '1000';
const scales = (process.env.BENCH_SCALES ?? '1000,10000,50000').split(',').filter(Boolean);
/** Which parts to run (BENCH_PARTS, comma-separated): scale, engines, bot, others; all by default. */
const parts = new Set((process.env.BENCH_PARTS ?? 'scale,engines,bot,others').split(','));
const load = () => `load ${loadavg()[0]?.toFixed(1)}`;

/**
 * Runs a benchmark in a child process on compiled JavaScript, as `npm start` runs the bot (bench/compiled.mjs,
 * built once for the whole run), not through tsx's loader, whose transformed sources would count in every
 * memory figure.
 */
let built = false;
function child(script: string, args: string[]): string {
  const out = execFileSync(process.execPath, ['--expose-gc', 'bench/compiled.mjs', script, ...args], {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'inherit'],
    maxBuffer: 16 * 1024 * 1024,
    env: { ...process.env, BENCH_COMPILED_REUSE: built ? '1' : '0' },
  });
  built = true;
  return out;
}

function searchBench(engine: string, docs: string, base?: string): SearchBenchResult {
  const args = ['--engine', engine, '--documents', docs, '--queries', queries];
  return JSON.parse(
    child('bench/search.ts', base ? [...args, '--base', base] : args)
      .trim()
      .split('\n')
      .pop() ?? '{}',
  ) as SearchBenchResult;
}

const cell = (n: number | undefined, width: number) =>
  `${n === undefined ? '–' : `${ms(n)} ms`}`.padStart(width);
const ratio = (a: number | undefined, b: number | undefined) =>
  a === undefined || b === undefined || b === 0 ? '   –' : `${(a / b).toFixed(2)}×`.padStart(6);

console.log(
  `Dossier benchmarks (compiled JavaScript, as npm start runs it): ${queries} queries, node ${process.version}, ${load()} (the machine's 1-minute load average)`,
);
if (parts.has('scale')) {
  console.log(
    '\nSearch at scale: Dossier beside the bare FTS5 engine (bm25, OR of words, top 10), same passages',
  );
  console.log(
    'entries  engine    passages   index  open(cached)  RSS (GC)     p50      p99   common p50  common p99   typo p99   load',
  );
  for (const scale of scales) {
    const pair: SearchBenchResult[] = [];
    // One base per size, written here, for both engines: neither's memory figure holds the generated text.
    const base = writeBase(Number(scale));
    for (const engine of ['fts5', 'dossier']) {
      const r = searchBench(engine, scale, base);
      pair.push(r);
      console.log(
        `${scale.padStart(7)}  ${engine.padEnd(8)} ${String(r.passages).padStart(8)} ${cell(r.indexMs, 8)}  ${cell(r.openMs, 12)}  ${`${r.rssAfterGcMb ?? r.rssMb} MB`.padStart(8)} ${cell(r.p50Ms, 8)} ${cell(r.p99Ms, 8)} ${cell(r.commonP50Ms, 11)} ${cell(r.commonP99Ms, 11)} ${cell(r.typoP99Ms, 10)}   ${load()}`,
      );
    }
    const [bare, dossier] = pair as [SearchBenchResult, SearchBenchResult];
    console.log(
      `${scale.padStart(7)}  CPU time (not waiting for a core): index ${cell(bare.indexCpuMs, 8)} bare, ${cell(dossier.indexCpuMs, 8)} Dossier (${ratio(dossier.indexCpuMs, bare.indexCpuMs)}); cached open ${cell(dossier.openCpuMs, 8)}; p99 ${cell(bare.p99CpuMs, 8)} bare, ${cell(dossier.p99CpuMs, 8)} Dossier (${ratio(dossier.p99CpuMs, bare.p99CpuMs)}); typo p99 ${cell(dossier.typoP99CpuMs, 8)}`,
    );
    console.log(
      `${scale.padStart(7)}  ratio Dossier / bare FTS5: p50 ${ratio(dossier.p50Ms, bare.p50Ms)}  p99 ${ratio(dossier.p99Ms, bare.p99Ms)}  common p50 ${ratio(dossier.commonP50Ms, bare.commonP50Ms)}  common p99 ${ratio(dossier.commonP99Ms, bare.commonP99Ms)}  index ${ratio(dossier.indexMs, bare.indexMs)}  RSS ${ratio(dossier.rssAfterGcMb, bare.rssAfterGcMb)}`,
    );
    rmSync(base, { recursive: true, force: true });
  }
  console.log(
    'Targets: 10,000 entries index <= 2 s (<= 0.3 s opened from SEARCH_INDEX_DIR), RSS <= 250 MB; 50,000 entries p99 <= 1.5× bare FTS5 and <= 20 ms alone, misspelt word p99 <= 5 ms, RSS <= 500 MB.',
  );
}
if (parts.has('engines')) {
  console.log(
    `\nSearch engines compared at ${documents} entries (load + validate, index, memory, query latency)`,
  );
  console.log(
    'engine      passages  load+validate  index   total    RSS (after GC)    p50      p99     queries',
  );
  for (const engine of ['dossier', 'minisearch', 'fuse']) {
    const r = searchBench(engine, documents);
    console.log(
      `${r.engine.padEnd(11)} ${String(r.passages).padStart(8)}  ${`${ms(r.loadMs)} ms`.padStart(13)}  ${`${ms(r.indexMs)} ms`.padStart(7)}  ${`${ms(r.loadMs + r.indexMs)} ms`.padStart(7)}  ${`${r.rssMb} MB`.padStart(6)} (${`${r.rssAfterGcMb ?? '?'} MB`.padStart(6)})  ${`${ms(r.p50Ms)} ms`.padStart(7)}  ${`${ms(r.p99Ms)} ms`.padStart(7)}  ${r.queries}`,
    );
    if (r.note) console.log(`            (${r.note})`);
  }
}
// The bot: the starter base, then a synthetic base of BENCH_DOCUMENTS with distinct queries.
for (const args of parts.has('bot') ? [[], [documents]] : []) {
  console.log(`\n${['bench/discord-latency.ts', ...args].join(' ')} (${load()})`);
  process.stdout.write(child('bench/discord-latency.ts', args));
}
// The other benchmarks (/ask, digests, bill tracking) register here as they land.
for (const script of parts.has('others') ? ['bench/ask.ts', 'bench/digest.ts', 'bench/track.ts'] : []) {
  if (existsSync(script)) {
    console.log(`\n${script} (${load()})`);
    process.stdout.write(child(script, []));
  }
}
