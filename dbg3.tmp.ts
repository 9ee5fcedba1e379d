import { performance } from 'node:perf_hooks';
import { makeCorpus } from './bench/corpus.js';
import { buildLibrary } from './src/kb/load-library.js';
import { createSearchIndex, loadSynonyms } from './src/search/index.js';
import { makeQueries } from './bench/search.js';
import { percentile } from './bench/stats.js';
const c = makeCorpus(10000);
let cpu = process.cpuUsage(); let t = performance.now();
const r = buildLibrary(c.sources, { today: '2026-11-22' });
console.log('load cpu', (process.cpuUsage(cpu).user/1000).toFixed(0), 'wall', (performance.now()-t).toFixed(0));
cpu = process.cpuUsage(); t = performance.now();
const idx = createSearchIndex(r.library, { synonyms: await loadSynonyms('knowledge/synonyms.yml') });
console.log('index cpu', (process.cpuUsage(cpu).user/1000).toFixed(0), 'wall', (performance.now()-t).toFixed(0));
const qs = makeQueries(1000);
for (const q of qs.slice(0, 50)) idx.search({ text: q.text, filters: { type: q.type } });
const times: number[] = [];
cpu = process.cpuUsage();
for (const q of qs) { const s = performance.now(); idx.search({ text: q.text, filters: { type: q.type } }); times.push(performance.now() - s); }
console.log('queries cpu/query', (process.cpuUsage(cpu).user/1000/qs.length).toFixed(2), 'p50', percentile(times,50).toFixed(2), 'p99', percentile(times,99).toFixed(2), 'rss', Math.round(process.memoryUsage().rss/1e6));
