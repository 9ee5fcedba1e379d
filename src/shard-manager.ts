import { once } from 'node:events';
import { fileURLToPath } from 'node:url';
import { REST, Routes, ShardingManager } from 'discord.js';
import { ConfigError, loadConfig, loadDotEnv } from './config.js';
import { createLogger } from './log.js';

/**
 * `npm run start:sharded`: one process per shard (or per group of shards), each running src/index (compiled, or
 * through tsx when this file runs as TypeScript).
 * SHARD_COUNT sets how many shards ("auto" asks Discord). With several processes, point STORE_URL at a
 * shared Redis so digests are posted once.
 */
async function main() {
  loadDotEnv();
  const config = loadConfig();
  const logger = createLogger(config.logLevel);
  if (!config.discord.token)
    throw new ConfigError('config: DISCORD_TOKEN is required to run shards (see .env.example)');
  const totalShards =
    config.discord.shardCount === 'auto'
      ? await recommendedShards(config.discord.token, config.discord.apiUrl)
      : config.discord.shardCount;
  // Compiled (dist/src/shard-manager.js) each shard runs dist/src/index.js; from TypeScript (npm run dev, the
  // tests) it runs src/index.ts with the TypeScript loader, resolved from here so any working directory works.
  const typescript = import.meta.url.endsWith('.ts');
  const manager = new ShardingManager(
    fileURLToPath(new URL(`./index.${typescript ? 'ts' : 'js'}`, import.meta.url)),
    {
      token: config.discord.token,
      totalShards,
      execArgv: typescript ? ['--import', import.meta.resolve('tsx')] : ['--enable-source-maps'],
      respawn: true,
    },
  );
  manager.on('shardCreate', (shard) => {
    logger.info({ shardId: shard.id }, 'shard process started');
    shard.on('death', () => {
      if (!stopping) logger.warn({ shardId: shard.id }, 'shard process exited');
    });
  });
  // Each shard process shuts down gracefully on SIGTERM; wait for all of them, without respawning.
  let stopping = false;
  const stop = async () => {
    if (stopping) return;
    stopping = true;
    manager.respawn = false;
    await Promise.all(
      [...manager.shards.values()].map(async (shard) => {
        const child = shard.process;
        if (!child || child.exitCode !== null) return;
        const exited = once(child, 'exit');
        child.kill('SIGTERM');
        await exited;
      }),
    );
    logger.info('all shard processes stopped');
    process.exit(0);
  };
  process.on('SIGTERM', () => void stop());
  process.on('SIGINT', () => void stop());
  await manager.spawn();
}

/** Discord's recommended shard count, asked through DISCORD_API_URL when set (discord.js's own helper ignores it). */
async function recommendedShards(token: string, apiUrl: string | undefined): Promise<number> {
  const rest = new REST(apiUrl ? { api: apiUrl } : {}).setToken(token);
  const { shards } = (await rest.get(Routes.gatewayBot())) as { shards: number };
  return Math.max(1, shards);
}

try {
  await main();
} catch (error) {
  process.stderr.write(`${error instanceof ConfigError ? error.message : String(error)}\n`);
  process.exit(1);
}
