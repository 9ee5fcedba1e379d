import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startBot } from '../test/discord/harness.js';
import { lookupRound } from '../test/faults/lookups.js';
import { freePort, RedisProcess } from '../test/faults/redis-process.js';

/**
 * `npx tsx bench/store-outage.ts [seconds]`: the bot on a Redis of its own, which is killed (SIGKILL by PID)
 * for `seconds` (default 90) while members keep running /search, its Next button, /ask and /law, then
 * restarted. Prints how many interactions were answered normally during the outage and the log lines it
 * caused. Figures only; the fault suite in test/faults asserts the behaviour.
 */
const seconds = Number(process.argv[2] ?? 90);
const dir = await mkdtemp(join(tmpdir(), 'dossier-outage-'));
const redis = new RedisProcess(await freePort(), dir);
await redis.start();
const bot = await startBot({
  storeUrl: redis.url,
  digests: true,
  logLevel: 'info',
  env: { ASK_USER_LIMIT: '100000', ASK_GUILD_LIMIT: '100000' },
});
await redis.kill();
const killedAt = Date.now();
const logsBefore = bot.logs.length;
let tried = 0;
const failed: string[] = [];
let round = 0;
while (Date.now() - killedAt < seconds * 1000) {
  const r = await lookupRound(bot, round++);
  tried += r.tried;
  failed.push(...r.failed);
}
const during = bot.logs.slice(logsBefore);
await redis.start();
const restartedAt = Date.now();
let recovered = false;
while (!recovered && Date.now() - restartedAt < 30_000) {
  await lookupRound(bot, round++);
  recovered = bot.logs.some((l) => l.msg === 'store available again');
}
const byLevel = (level: number) => during.filter((l) => l.level === level).length;
console.log(
  JSON.stringify(
    {
      outageSeconds: Math.round((Date.now() - killedAt) / 1000),
      interactions: tried,
      answered: tried - failed.length,
      answeredShare: `${(((tried - failed.length) / tried) * 100).toFixed(1)}%`,
      failures: failed.slice(0, 5),
      logLinesDuringOutage: { warn: byLevel(40), error: byLevel(50), fatal: byLevel(60) },
      warnMessages: [...new Set(during.filter((l) => Number(l.level) >= 40).map((l) => l.msg))],
      recoveredWithinMs: recovered ? Date.now() - restartedAt : undefined,
    },
    null,
    2,
  ),
);
await bot.stop();
await redis.kill();
await rm(dir, { recursive: true, force: true });
