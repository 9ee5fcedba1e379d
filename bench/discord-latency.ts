import { copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type PerformanceEntry, PerformanceObserver } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import { commands } from '../commands/index.js';
import { loadConfig } from '../src/config.js';
import { createContext } from '../src/context.js';
import { createDiscordClient } from '../src/discord/client.js';
import { deployCommands } from '../src/discord/deploy.js';
import { createRouter } from '../src/discord/router.js';
import { createKnowledgeHolder } from '../src/kb/knowledge-holder.js';
import { loadKnowledge } from '../src/knowledge.js';
import { createLogger } from '../src/log.js';
import { createMemoryStore } from '../src/store/memory-store.js';
import { writeCorpus } from './corpus.js';
import type { WorkerRequest, WorkerResponse } from './fake-discord-worker.js';
import { makeQueries } from './search.js';
import { ms, percentile } from './stats.js';

/**
 * Time from INTERACTION_CREATE leaving the gateway to the bot's first response reaching the REST API:
 * the real discord.js client and router, the fake Discord on loopback in a worker thread, a mix of
 * non-LLM commands, autocomplete and paging buttons, `inFlight` at a time. Figures only; never pass/fail.
 */
export interface DiscordLatencyResult {
  interactions: number;
  inFlight: number;
  /** Interactions waiting for the bot's first response, on average over the measured run (time-weighted). */
  meanInFlight: number;
  entries: number;
  p50Ms: number;
  p99Ms: number;
  maxMs: number;
  meanMs: number;
  /** Interactions that got no response (should be 0), and payloads outside Discord's limits (should be 0). */
  unanswered: number;
  violations: number;
  /**
   * CPU time of the bot's own thread (discord.js, router, commands; the fake Discord is in its worker) per
   * measured interaction: what the latencies queue behind, and, unlike them, hardly inflated when other work
   * shares the machine. Undefined where the platform does not say (Linux /proc only).
   */
  cpuMsPerInteraction: number | undefined;
  /**
   * CPU time of the whole process per measured interaction: the bot's thread, V8's garbage-collector
   * helper threads and the fake Discord's thread together. On two cores, half of it is a floor too.
   */
  processCpuMsPerInteraction: number;
  /**
   * The bot thread's garbage-collection pauses during the measured interactions: their total per
   * interaction, the longest, and how many (young-generation scavenges and full mark-compacts together).
   */
  gc: { msPerInteraction: number; maxMs: number; count: number };
  /** The same figures per kind of interaction (`/search`, `autocomplete /law`, `button`…), slowest p99 first. */
  byKind: {
    kind: string;
    count: number;
    p50Ms: number;
    p99Ms: number;
    maxMs: number;
    /** The handler's own synchronous work (mean and p99, warm-up included). */
    workMeanMs: number;
    workP99Ms: number;
  }[];
}

type Request = WorkerRequest extends infer R ? (R extends unknown ? Omit<R, 'seq'> : never) : never;
export type Send = (request: Request) => Promise<WorkerResponse>;

export async function startWorker(): Promise<{
  send: Send;
  apiBase: string;
  token: string;
  applicationId: string;
  worker: Worker;
}> {
  const workerData = { token: 'bench-token', applicationId: '100000000000000001' };
  // Compiled (bench/compiled.mjs), the worker is JavaScript too. Under tsx, workers do not inherit the
  // TypeScript loader (tsx issue #354): register it, then load the worker module.
  const worker = import.meta.url.endsWith('.js')
    ? new Worker(new URL('./fake-discord-worker.js', import.meta.url), { workerData })
    : new Worker(
        `import(${JSON.stringify(import.meta.resolve('tsx/esm/api'))}).then(async ({ register }) => { register(); await import(${JSON.stringify(new URL('./fake-discord-worker.ts', import.meta.url).href)}); });`,
        { eval: true, workerData },
      );
  const pending = new Map<number, (r: WorkerResponse) => void>();
  let seq = 0;
  const ready = new Promise<{ apiBase: string; token: string; applicationId: string }>((resolve, reject) => {
    worker.once('error', reject);
    worker.on(
      'message',
      (message: WorkerResponse & { apiBase?: string; token?: string; applicationId?: string }) => {
        if (message.seq === -1) resolve(message as { apiBase: string; token: string; applicationId: string });
        else pending.get(message.seq)?.(message);
        pending.delete(message.seq);
      },
    );
  });
  const info = await ready;
  const send: Send = (request) =>
    new Promise((resolve) => {
      const id = seq++;
      pending.set(id, resolve);
      worker.postMessage({ ...request, seq: id });
    });
  return { send, worker, ...info };
}

/** Writes a synthetic base of `entries` (bench/corpus.ts) to a temporary folder; returns its knowledge dir. */
export function writeSyntheticBase(entries: number): { dir: string; remove: () => void } {
  const root = mkdtempSync(join(tmpdir(), 'dossier-bench-base-'));
  writeCorpus(root, entries);
  copyFileSync('knowledge/synonyms.yml', join(root, 'knowledge', 'synonyms.yml'));
  return { dir: join(root, 'knowledge'), remove: () => rmSync(root, { recursive: true, force: true }) };
}

/**
 * `queries`: the search and timeline topics to draw from. The starter base gets ten of its own topics
 * (repeated, as members do); a synthetic base gets `interactions` distinct queries of its vocabulary, so
 * no answer is remembered from an earlier interaction.
 */
export async function benchDiscordLatency(
  options: {
    interactions?: number;
    inFlight?: number;
    knowledgeDir?: string;
    seed?: number;
    queries?: readonly string[];
  } = {},
): Promise<DiscordLatencyResult> {
  const total = options.interactions ?? 1000;
  const inFlight = options.inFlight ?? 50;
  const fake = await startWorker();
  const config = loadConfig({
    DISCORD_TOKEN: fake.token,
    DISCORD_CLIENT_ID: fake.applicationId,
    DISCORD_API_URL: fake.apiBase,
    SHARD_COUNT: '1',
    KNOWLEDGE_DIR: options.knowledgeDir ?? 'knowledge',
  });
  const logger = createLogger('warn', process.stderr);
  const load = () => loadKnowledge(config.knowledgeDir);
  const knowledge = createKnowledgeHolder(await load(), load);
  const store = createMemoryStore();
  // Each handler's synchronous work (reading the base, searching, rendering) up to its first await, by kind:
  // what one interaction makes every other one wait for on this thread.
  const work = new Map<string, number[]>();
  const timed = <A extends unknown[]>(kind: string, handler: (...args: A) => Promise<void>) =>
    function (this: unknown, ...args: A) {
      const start = performance.now();
      try {
        return handler.apply(this, args);
      } finally {
        const times = work.get(kind);
        if (times) times.push(performance.now() - start);
        else work.set(kind, [performance.now() - start]);
      }
    };
  const measured = commands.map((c) => ({
    ...c,
    execute: timed(`/${c.data.name}`, c.execute as (...args: unknown[]) => Promise<void>),
    ...('autocomplete' in c && c.autocomplete
      ? { autocomplete: timed(`autocomplete /${c.data.name}`, c.autocomplete) }
      : {}),
    ...('button' in c && c.button ? { button: timed('button', c.button) } : {}),
  })) as unknown as typeof commands;
  const router = createRouter(measured, createContext({ config, knowledge, store, logger }));
  await deployCommands({ token: fake.token, clientId: fake.applicationId, apiUrl: fake.apiBase, commands });
  const client = createDiscordClient(config, router, logger);
  await client.login(fake.token);
  await fake.send({ op: 'deploy-check' });
  try {
    const { library } = knowledge.current();
    const queries = options.queries ?? [
      'face recognition police',
      'biometric consent',
      'texas biometric',
      'moratorium',
      'private right of action',
      'retention schedule',
      'coalition letter amazon',
      'ban on government use',
      'school surveillance',
      'fingerprint employer lawsuit',
    ];
    // The fake Discord's thread draws the interactions from these and times them (bench/fake-discord-worker.ts).
    await fake.send({
      op: 'mix',
      mix: {
        seed: options.seed ?? 42,
        laws: library.byType(['law', 'bill']).map((d) => d.aliases[0] ?? d.id),
        letters: library.byType('letter').map((d) => d.id),
        companies: library.statementOrganizations().map((f) => f.value),
        ids: library.docs.map((d) => d.id),
        queries: [...queries],
        cycle: options.queries !== undefined,
      },
    });
    // Warm-up: JIT, SQLite statement caches, discord.js structures.
    const warm = await fake.send({ op: 'run', count: 50, inFlight: 1, measure: false });
    const profiler = process.env.BENCH_CPU_PROFILE ? await startProfile() : undefined;
    const heapProfiler = process.env.BENCH_HEAP_PROFILE ? await startHeapProfile() : undefined;
    const gc = { ms: 0, maxMs: 0, count: 0 };
    const countPauses = (entries: readonly PerformanceEntry[]) => {
      for (const entry of entries) {
        gc.ms += entry.duration;
        gc.maxMs = Math.max(gc.maxMs, entry.duration);
        gc.count++;
      }
    };
    const gcObserver = new PerformanceObserver((list) => countPauses(list.getEntries()));
    gcObserver.observe({ entryTypes: ['gc'] });
    const cpuBefore = mainThreadCpuMs();
    const processBefore = process.cpuUsage();
    const run = await fake.send({ op: 'run', count: total, inFlight, measure: true });
    await router.drain();
    const cpuAfter = mainThreadCpuMs();
    const processCpu = process.cpuUsage(processBefore);
    countPauses(gcObserver.takeRecords());
    gcObserver.disconnect();
    const unanswered = (warm.unanswered ?? 0) + (run.unanswered ?? 0);
    const latencies: number[] = [];
    const byKind = new Map<string, number[]>();
    for (const { kind, ms } of run.times ?? []) {
      latencies.push(ms);
      const times = byKind.get(kind);
      if (times) times.push(ms);
      else byKind.set(kind, [ms]);
    }
    if (profiler && process.env.BENCH_CPU_PROFILE) await profiler.stop(process.env.BENCH_CPU_PROFILE);
    if (heapProfiler && process.env.BENCH_HEAP_PROFILE)
      await heapProfiler.stop(process.env.BENCH_HEAP_PROFILE);
    return {
      interactions: total,
      inFlight,
      meanInFlight: run.meanInFlight ?? 0,
      entries: library.size,
      p50Ms: percentile(latencies, 50),
      p99Ms: percentile(latencies, 99),
      maxMs: Math.max(...latencies),
      meanMs: latencies.reduce((a, b) => a + b, 0) / Math.max(1, latencies.length),
      unanswered,
      cpuMsPerInteraction:
        cpuBefore === undefined || cpuAfter === undefined ? undefined : (cpuAfter - cpuBefore) / total,
      processCpuMsPerInteraction: (processCpu.user + processCpu.system) / 1000 / total,
      gc: { msPerInteraction: gc.ms / total, maxMs: gc.maxMs, count: gc.count },
      violations: (await fake.send({ op: 'deploy-check' })).violations ?? 0,
      byKind: [...byKind]
        .map(([kind, values]) => ({
          kind,
          count: values.length,
          p50Ms: percentile(values, 50),
          p99Ms: percentile(values, 99),
          maxMs: Math.max(...values),
          workMeanMs:
            (work.get(kind) ?? []).reduce((a, b) => a + b, 0) / Math.max(1, work.get(kind)?.length ?? 0),
          workP99Ms: percentile(work.get(kind) ?? [], 99),
        }))
        .sort((a, b) => b.p99Ms - a.p99Ms),
    };
  } finally {
    await client.destroy();
    await fake.send({ op: 'stop' });
    await fake.worker.terminate();
    knowledge.close();
    await store.close();
  }
}

/**
 * With BENCH_CPU_PROFILE=FILE, the bot thread's CPU profile of the measured interactions only (not the
 * base's loading or the warm-up), written as a .cpuprofile (Chrome DevTools' Performance panel opens it).
 */
async function startProfile(): Promise<{ stop: (file: string) => Promise<void> }> {
  const { Session } = await import('node:inspector/promises');
  const session = new Session();
  session.connect();
  await session.post('Profiler.enable');
  await session.post('Profiler.setSamplingInterval', { interval: 250 });
  await session.post('Profiler.start');
  return {
    async stop(file) {
      const { profile } = await session.post('Profiler.stop');
      writeFileSync(file, JSON.stringify(profile));
      session.disconnect();
    },
  };
}

/**
 * With BENCH_HEAP_PROFILE=FILE, where the bot thread allocates during the measured interactions (sampled
 * every 8 KB, garbage included), written as a .heapprofile: what the young-generation collections sweep.
 */
async function startHeapProfile(): Promise<{ stop: (file: string) => Promise<void> }> {
  const { Session } = await import('node:inspector/promises');
  const session = new Session();
  session.connect();
  await session.post('HeapProfiler.enable');
  await session.post('HeapProfiler.startSampling', {
    samplingInterval: 8192,
    includeObjectsCollectedByMajorGC: true,
    includeObjectsCollectedByMinorGC: true,
  });
  return {
    async stop(file) {
      const { profile } = await session.post('HeapProfiler.stopSampling');
      writeFileSync(file, JSON.stringify(profile));
      session.disconnect();
    },
  };
}

/** CPU time (user + system) of this process's main thread so far, in ms; undefined off Linux. */
function mainThreadCpuMs(): number | undefined {
  try {
    // Fields after the parenthesised command name: utime and stime are the 12th and 13th, in clock ticks
    // (100 a second on Linux). The main thread's id is the process id.
    const fields = readFileSync(`/proc/self/task/${process.pid}/stat`, 'utf8').split(') ')[1]?.split(' ');
    const ticks = Number(fields?.[11]) + Number(fields?.[12]);
    return Number.isFinite(ticks) ? ticks * 10 : undefined;
  } catch {
    return undefined;
  }
}

/** `npx tsx bench/discord-latency.ts [entries]`: the starter base, or a synthetic base of `entries`. */
if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const entries = process.argv[2] ? Number(process.argv[2]) : undefined;
  const base = entries ? writeSyntheticBase(entries) : undefined;
  const r = await benchDiscordLatency(
    base ? { knowledgeDir: base.dir, queries: makeQueries(1100, 13).map((q) => q.text) } : {},
  ).finally(() => base?.remove());
  console.log(
    `Discord: INTERACTION_CREATE to first response, ${r.interactions} mixed non-LLM interactions, ${r.inFlight} in flight (${r.meanInFlight.toFixed(1)} on average), ${r.entries} entries, fake Discord on loopback (worker thread)`,
  );
  console.log(
    `p50 ${ms(r.p50Ms)} ms   p99 ${ms(r.p99Ms)} ms   max ${ms(r.maxMs)} ms   mean ${ms(r.meanMs)} ms   unanswered ${r.unanswered}   payload violations ${r.violations}   (target p99 <= 100 ms)`,
  );
  if (r.cpuMsPerInteraction !== undefined)
    console.log(
      `bot thread CPU ${r.cpuMsPerInteraction.toFixed(2)} ms per interaction (so with ${r.inFlight} in flight the mean latency cannot be below ${ms(r.inFlight * r.cpuMsPerInteraction)} ms)`,
    );
  console.log(
    `all threads CPU ${r.processCpuMsPerInteraction.toFixed(2)} ms per interaction (the bot's, V8's collector helpers', the fake Discord's: on two cores the mean latency cannot be below ${ms((r.inFlight * r.processCpuMsPerInteraction) / 2)} ms either)`,
  );
  console.log(
    `bot thread GC pauses ${r.gc.msPerInteraction.toFixed(2)} ms per interaction (${r.gc.count} pauses, longest ${ms(r.gc.maxMs)} ms)`,
  );
  for (const k of r.byKind)
    console.log(
      `  ${k.kind.padEnd(22)} ${String(k.count).padStart(5)}   p50 ${ms(k.p50Ms).padStart(5)} ms   p99 ${ms(k.p99Ms).padStart(5)} ms   max ${ms(k.maxMs).padStart(5)} ms   own work mean ${ms(k.workMeanMs).padStart(5)} ms, p99 ${ms(k.workP99Ms).padStart(5)} ms`,
    );
}
