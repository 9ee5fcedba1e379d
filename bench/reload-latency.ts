import { copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { commands } from '../commands/index.js';
import { loadConfig } from '../src/config.js';
import { createContext } from '../src/context.js';
import { createDiscordClient } from '../src/discord/client.js';
import { deployCommands } from '../src/discord/deploy.js';
import { createRouter } from '../src/discord/router.js';
import { createKnowledgeHolder } from '../src/kb/knowledge-holder.js';
import { loadKnowledge } from '../src/knowledge.js';
import { createLogger } from '../src/log.js';
import { loadKnowledgeOffThread } from '../src/reload/load-off-thread.js';
import { createMemoryStore } from '../src/store/memory-store.js';
import { writeCorpus } from './corpus.js';
import { startWorker } from './discord-latency.js';

/**
 * `npx tsx bench/reload-latency.ts [entries] [worker|main]`: a synthetic base of `entries` (default 10,000),
 * an admin runs /kb reload while members send /search every 20 ms, the fake Discord in a worker thread
 * (so its clock keeps running while the bot's thread is busy). Prints how many searches sent during the
 * reload got their first response within Discord's 3 seconds, and the bot thread's longest stall.
 * `main` reloads on the main thread, as before src/reload/, to compare. Figures only.
 */
const entries = Number(process.argv[2] ?? 10_000);
const mode = process.argv[3] === 'main' ? 'main' : 'worker';
const root = mkdtempSync(join(tmpdir(), 'dossier-reload-bench-'));
writeCorpus(root, entries);
// The corpus names real place codes; the places table comes with them.
copyFileSync('knowledge/jurisdictions.yml', join(root, 'knowledge', 'jurisdictions.yml'));
const dir = join(root, 'knowledge');
const fake = await startWorker();
const config = loadConfig({
  DISCORD_TOKEN: fake.token,
  DISCORD_CLIENT_ID: fake.applicationId,
  DISCORD_API_URL: fake.apiBase,
  SHARD_COUNT: '1',
  KNOWLEDGE_DIR: dir,
});
const logger = createLogger('warn', process.stderr);
const load = () => loadKnowledge(dir);
const knowledge = createKnowledgeHolder(
  await load(),
  mode === 'worker' ? () => loadKnowledgeOffThread(dir) : load,
  { retireAfterMs: 1_000 },
);
const router = createRouter(
  commands,
  createContext({ config, knowledge, store: createMemoryStore(), logger }),
);
await deployCommands({ token: fake.token, clientId: fake.applicationId, apiUrl: fake.apiBase, commands });
const client = createDiscordClient(config, router, logger);
await client.login(fake.token);
await fake.send({ op: 'deploy-check' });

const stalls = monitorEventLoopDelay({ resolution: 10 });
stalls.enable();
const started = performance.now();
// The searches start with the reload and stop when it has replied (sent from the fake Discord's thread).
let reloadMs: number | undefined;
const reload = fake
  .send({
    op: 'command',
    name: 'kb',
    options: {},
    subcommand: 'reload',
    permissions: String(0x20),
    timeoutMs: 300_000,
    untilReply: true,
  })
  .then((r) => {
    reloadMs = performance.now() - started;
    return r;
  });
await fake.send({
  op: 'traffic-start',
  name: 'search',
  options: { query: 'facial recognition consent' },
  everyMs: 20,
});
const reloadReply = await reload;
const { traffic = [] } = await fake.send({ op: 'traffic-stop' });
stalls.disable();
const ms = traffic.map((m) => m ?? Number.POSITIVE_INFINITY).sort((a, b) => a - b);
const inTime = ms.filter((m) => m <= 3_000).length;
console.log(
  JSON.stringify(
    {
      entries,
      reloadOn: mode === 'worker' ? 'worker thread' : 'main thread',
      reloadMs: Math.round(reloadMs ?? Number.NaN),
      reloadError: reloadReply.error,
      searchesSentDuringReload: traffic.length,
      firstResponseWithin3s: inTime,
      share: `${((inTime / Math.max(1, traffic.length)) * 100).toFixed(1)}%`,
      firstResponseP50Ms: Math.round(ms[Math.floor(ms.length / 2)] ?? Number.NaN),
      firstResponseMaxMs: Math.round(ms.at(-1) ?? Number.NaN),
      botThreadLongestStallMs: Math.round(stalls.max / 1e6),
    },
    null,
    2,
  ),
);
await router.drain();
await client.destroy();
await fake.send({ op: 'stop' });
await fake.worker.terminate();
knowledge.close();
rmSync(root, { recursive: true, force: true });
