import { commands, messageCommands } from '../commands/index.js';
import { finishInterruptedPublications } from '../commands/suggest-inbox.js';
import { ConfigError, loadConfig, loadDotEnv } from './config.js';
import { createConsoleSession, startConsole } from './console/console.js';
import { reportKnowledgeProblems } from './console/knowledge-problems.js';
import { createContext, resilientStore } from './context.js';
import { createDigests } from './digest/create-digests.js';
import { createPictureCache } from './pictures/picture-cache.js';
import { createDiscordClient } from './discord/client.js';
import { exitOnFatalErrors } from './fatal.js';
import { createRouter } from './discord/router.js';
import { gatewayState } from './health/gateway.js';
import type { GatewayState } from './health/health-server.js';
import { startHealthServer } from './health/health-server.js';
import { createMetrics } from './health/metrics.js';
import { createKnowledgeHolder } from './kb/knowledge-holder.js';
import { loadKnowledge } from './knowledge.js';
import { loadKnowledgeOffThread } from './reload/load-off-thread.js';
import { createLogger } from './log.js';
import { createShutdown } from './shutdown.js';
import { startGitPull } from './suggest/git-pull.js';
import { createStore } from './store/create-store.js';
import { createTrackingSources, trackingSourcesLine } from './tracking/create-tracking.js';
import { TrackingScheduler } from './tracking/tracking-scheduler.js';
import { hostname } from 'node:os';
import { openStore, redactStoreUrl } from './store/open-store.js';

/** Wiring only: config → knowledge → search → store → the Discord client, or the console without a token. */
async function main() {
  loadDotEnv();
  const config = loadConfig();
  const consoleMode = !config.discord.token;
  // In the console, logs go to stderr and only warnings show unless LOG_LEVEL asks for more.
  const logger = consoleMode
    ? createLogger(['debug', 'trace'].includes(config.logLevel) ? config.logLevel : 'warn', process.stderr)
    : createLogger(config.logLevel);
  exitOnFatalErrors(process, logger, (code) => process.exit(code));

  const loading = { maxFileBytes: config.knowledgeMaxFileBytes, searchIndexDir: config.searchIndexDir };
  const load = () => loadKnowledge(config.knowledgeDir, loading);
  const initial = await load();
  // A person at the console reads problems as lines; the bot and anything piped keep JSON logs.
  reportKnowledgeProblems(initial.problems, {
    readable: consoleMode && Boolean(process.stderr.isTTY),
    logger,
    write: (line) => process.stderr.write(`${line}\n`),
  });
  logger.info(
    { version: initial.library.version, entries: initial.library.size, problems: initial.problems.length },
    'knowledge loaded',
  );
  // Start-up loads here (nothing to answer yet); a reload reads and indexes in a worker thread, so members'
  // interactions are answered meanwhile.
  const knowledge = createKnowledgeHolder(initial, () =>
    loadKnowledgeOffThread(config.knowledgeDir, loading),
  );
  const metrics = createMetrics(() => knowledge.current());
  let startOutages = 0;
  const store = resilientStore(
    await openStore(config.storeUrl, {
      // A SQLite file deleted or replaced under the running bot is said loudly (src/store/sqlite-store.ts).
      create: (url) =>
        createStore(url, { onFileProblem: (message, details) => logger.error(details, message) }),
      // Once at warn; the retries every 15 s only at debug, so a long outage does not flood the log.
      onError: (err) =>
        startOutages++ === 0
          ? logger.warn({ err }, 'store unavailable at start, retrying; lookups and /ask work meanwhile')
          : logger.debug({ err }, 'store still unavailable'),
    }),
    logger,
    redactStoreUrl(config.storeUrl),
    metrics,
  );
  // One cache of rendered pictures: a digest's map and /map's are the same picture.
  const pictures = createPictureCache();
  const digests = createDigests(config, {
    store,
    pictures,
    library: () => knowledge.current().library,
    policy: () => knowledge.current().policy,
    logger,
    onOutcome: (outcome, messages) => metrics.digest(outcome, messages),
  });
  const ctx = createContext({ config, knowledge, store, logger, digests, metrics, pictures });
  const router = createRouter(commands, ctx, messageCommands);
  const serveHealth = async (gateway: () => GatewayState) => {
    if (!config.http) return undefined;
    const server = await startHealthServer(
      { metrics, gateway, store, knowledge: () => knowledge.current() },
      config.http,
    );
    logger.info({ host: config.http.host, port: server.port }, 'serving /healthz and /metrics');
    return server;
  };

  if (consoleMode) {
    process.stdout.write(
      `No DISCORD_TOKEN set, so this is the local console: the bot's commands, rendered as text (knowledge base ${initial.library.version}, ${initial.library.size} entries). Type /help, Tab to complete, exit to leave.\n`,
    );
    const health = await serveHealth(() => 'console');
    const session = createConsoleSession({
      commands,
      router,
      write: (text) => process.stdout.write(`${text}\n`),
    });
    await startConsole(session, {
      input: process.stdin,
      output: process.stdout,
      terminal: process.stdin.isTTY,
    });
    await router.drain();
    await health?.close();
    knowledge.close();
    await store.close();
    return;
  }

  const client = createDiscordClient(config, router, logger);
  // The daily pass over tracked bills (src/tracking): claimed per day in the store, so one process runs it.
  const tracking =
    config.tracking.cron && (config.tracking.openstates || config.tracking.congress)
      ? new TrackingScheduler({
          cron: config.tracking.cron,
          library: () => knowledge.current().library,
          store,
          sources: createTrackingSources(config.tracking, { store }),
          logger,
          instanceId: `${hostname()}:${process.pid}`,
        })
      : undefined;
  logger.info({ daily: config.tracking.cron ?? 'off' }, trackingSourcesLine(config.tracking));
  const health = await serveHealth(gatewayState(client));
  // With PUBLISH_MODE=github, merged pull requests reach the bot through its knowledge checkout.
  const gitPull =
    config.gitPullMs > 0
      ? startGitPull({
          dir: config.knowledgeDir,
          intervalMs: config.gitPullMs,
          reload: () => knowledge.reload(),
          logger,
        })
      : undefined;
  const shutdown = createShutdown({
    logger,
    stopIntake: () => router.close(),
    drain: () => router.drain(),
    closers: [
      { name: 'health server', close: () => health?.close() },
      { name: 'digest scheduler', close: () => digests.scheduler.stop() },
      { name: 'tracking scheduler', close: () => tracking?.stop() },
      { name: 'knowledge git pull', close: () => gitPull?.stop() },
      { name: 'discord client', close: () => client.destroy() },
      { name: 'store', close: () => store.close() },
      { name: 'search index', close: () => knowledge.close() },
    ],
  });
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
  process.on('SIGINT', () => void shutdown('SIGINT'));
  // Digests go out through REST, so they need no gateway; DIGEST_SCHEDULER=off leaves them to `digest tick`.
  if (config.digests.scheduler) digests.scheduler.start();
  tracking?.start();
  await client.login(config.discord.token);
  // A publication a stopped process left half done is finished now (idempotent), and its member told.
  await finishInterruptedPublications(ctx, client).catch((err: unknown) =>
    logger.warn({ err }, 'could not resume publications'),
  );
}

try {
  await main();
} catch (error) {
  process.stderr.write(
    `${error instanceof ConfigError ? error.message : `dossier: ${String((error as Error)?.stack ?? error)}`}\n`,
  );
  process.exit(1);
}
