import type { Logger } from './log.js';

/**
 * Graceful shutdown on SIGTERM/SIGINT: stop taking new interactions, let in-flight ones finish (up to
 * `graceMs`), then close what is open in order (client, store, search index) and exit 0. A second signal
 * exits at once.
 */
export function createShutdown(parts: {
  logger: Logger;
  /** Refuse new work. */
  stopIntake: () => void;
  /** Resolves when in-flight work is done. */
  drain: () => Promise<void>;
  /** Closed in order after draining. */
  closers: { name: string; close: () => unknown }[];
  exit?: (code: number) => void;
  graceMs?: number;
}): (signal: string) => Promise<void> {
  const exit = parts.exit ?? ((code: number) => process.exit(code));
  let started = false;
  return async (signal: string) => {
    if (started) {
      parts.logger.warn({ signal }, 'second signal: exiting now');
      return exit(1);
    }
    started = true;
    parts.logger.info({ signal }, 'shutting down: finishing in-flight interactions');
    parts.stopIntake();
    let timer: NodeJS.Timeout | undefined;
    const timedOut = await Promise.race([
      parts.drain().then(() => false),
      new Promise<boolean>((resolve) => {
        timer = setTimeout(() => resolve(true), parts.graceMs ?? 10_000);
      }),
    ]);
    clearTimeout(timer);
    if (timedOut) parts.logger.warn('in-flight interactions did not finish in time');
    let code = 0;
    for (const { name, close } of parts.closers) {
      try {
        await close();
      } catch (error) {
        code = 1;
        parts.logger.error({ err: error, name }, 'could not close');
      }
    }
    parts.logger.info({ code }, 'stopped');
    exit(code);
  };
}
