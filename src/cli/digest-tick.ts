import { pino } from 'pino';
import { loadConfig } from '../config.js';
import { createDigests } from '../digest/create-digests.js';
import { loadPolicy } from '../freshness/policy.js';
import { loadLibrary } from '../kb/load-library.js';
import { createLogger } from '../log.js';
import { createStore } from '../store/create-store.js';

/**
 * `dossier digest tick [--now ISO-8601]`: one scheduler pass as of `now`, then exit. For system cron or a
 * Kubernetes CronJob instead of (or beside) the bot's own scheduler: the same claims keep posts single.
 * Exit 0 when the pass ran, 1 when the store was unavailable or a digest failed, 2 on bad usage.
 */
export async function digestTick(
  nowArg: string | undefined,
  env: NodeJS.ProcessEnv,
  out: (line: string) => void,
  err: (line: string) => void = (line) => process.stderr.write(`${line}\n`),
): Promise<number> {
  const now = nowArg === undefined ? new Date() : new Date(nowArg);
  if (nowArg !== undefined && (!/^\d{4}-\d{2}-\d{2}T/.test(nowArg) || Number.isNaN(now.getTime()))) {
    err(`dossier: --now: expected an ISO-8601 instant like 2026-11-22T08:00:00Z, got "${nowArg}"`);
    return 2;
  }
  try {
    return await tick(now, env, out);
  } catch (error) {
    // Configuration and store problems are the operator's to fix: say what, without a stack trace.
    err(`dossier: ${(error as Error).message}`);
    return 1;
  }
}

async function tick(now: Date, env: NodeJS.ProcessEnv, out: (line: string) => void): Promise<number> {
  const config = loadConfig(env);
  if (!config.discord.token)
    throw new Error('digest tick: DISCORD_TOKEN is not set; digests are posted with the bot token');
  // Logs go to stderr as JSON lines; stdout carries the one-line summary.
  const logger = createLogger(config.logLevel, pino.destination(2));
  const [{ library, problems }, { policy }] = await Promise.all([
    loadLibrary(config.knowledgeDir),
    loadPolicy(config.knowledgeDir),
  ]);
  if (problems.length > 0)
    logger.warn(
      { problems: problems.length },
      'knowledge has problems; affected files skipped (npm run kb:check)',
    );
  const store = await createStore(config.storeUrl);
  try {
    const digests = createDigests(config, {
      store,
      library: () => library,
      policy: () => policy,
      logger,
      clock: () => now,
    });
    const report = await digests.scheduler.tick(now);
    if (!report) return 1;
    const counts = new Map<string, number>();
    for (const r of report.results) counts.set(r.outcome, (counts.get(r.outcome) ?? 0) + 1);
    const summary = [...counts].map(([k, v]) => `${k} ${v}`).join(', ') || 'nothing due';
    out(`digest tick ${report.at}: ${report.subscriptions} subscriptions; ${summary}`);
    for (const r of report.results)
      out(
        `  ${r.id} ${r.date}: ${r.outcome}${r.messages ? ` (${r.messages} message${r.messages === 1 ? '' : 's'})` : ''}${r.detail ? `: ${r.detail}` : ''}`,
      );
    if (report.paused) {
      out(`  paused: ${report.paused}`);
      return 1;
    }
    return report.results.some((r) => r.outcome === 'failed' || r.outcome === 'broken') ? 1 : 0;
  } finally {
    await store.close();
  }
}
