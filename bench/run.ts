import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import type { SearchBenchResult } from './search.js';
import { ms } from './stats.js';

/**
 * `npm run bench`: every benchmark, figures printed, nothing pass/fail. Each search engine runs in a child
 * process of its own so its memory figure is not shared with the others.
 */
const documents = process.env.BENCH_DOCUMENTS ?? '10000';
const queries = process.env.BENCH_QUERIES ?? '1000';

function child(script: string, args: string[]): string {
  return execFileSync(process.execPath, ['--expose-gc', '--import', 'tsx', script, ...args], {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'inherit'],
    maxBuffer: 16 * 1024 * 1024,
  });
}

console.log(
  `Dossier benchmarks: ${documents} synthetic documents, ${queries} queries, node ${process.version}`,
);
console.log('\nSearch (load + validate, index, memory, query latency)');
console.log(
  'engine      passages  load+validate  index   total    RSS (after GC)    p50      p99     queries',
);
for (const engine of ['dossier', 'minisearch', 'fuse']) {
  const r = JSON.parse(
    child('bench/search.ts', ['--engine', engine, '--documents', documents, '--queries', queries])
      .trim()
      .split('\n')
      .pop() ?? '{}',
  ) as SearchBenchResult;
  console.log(
    `${r.engine.padEnd(11)} ${String(r.passages).padStart(8)}  ${`${ms(r.loadMs)} ms`.padStart(13)}  ${`${ms(r.indexMs)} ms`.padStart(7)}  ${`${ms(r.loadMs + r.indexMs)} ms`.padStart(7)}  ${`${r.rssMb} MB`.padStart(6)} (${`${r.rssAfterGcMb ?? '?'} MB`.padStart(6)})  ${`${ms(r.p50Ms)} ms`.padStart(7)}  ${`${ms(r.p99Ms)} ms`.padStart(7)}  ${r.queries}`,
  );
  if (r.note) console.log(`            (${r.note})`);
}
console.log(
  'Targets at 10,000 documents: index <= 3 s, RSS <= 300 MB, query p99 <= 5 ms (index is the index column; total adds loading and validation).',
);

// The other benchmarks (Discord latency, /ask, digests) register here as they land.
for (const script of ['bench/discord-latency.ts', 'bench/ask.ts', 'bench/digest.ts', 'bench/track.ts']) {
  if (existsSync(script)) {
    console.log(`\n${script}`);
    process.stdout.write(child(script, []));
  }
}
