import type { Logger } from './log.js';

/** The part of `process` the handlers use, so a test can pass an emitter. */
export interface FatalSource {
  on(event: 'unhandledRejection', listener: (reason: unknown) => void): unknown;
  on(event: 'uncaughtException', listener: (error: Error) => void): unknown;
}

/**
 * A promise rejected with nobody listening, or an exception nothing caught, leaves the process in a state
 * no code planned for. Log it at fatal and exit non-zero, so the supervisor (systemd, the container's
 * restart policy) starts a clean process instead of one that limps on.
 */
export function exitOnFatalErrors(
  source: FatalSource,
  logger: Pick<Logger, 'fatal'>,
  exit: (code: number) => void,
): void {
  source.on('unhandledRejection', (reason) => {
    logger.fatal({ err: reason }, 'unhandled promise rejection; exiting so the supervisor restarts the bot');
    exit(1);
  });
  source.on('uncaughtException', (error) => {
    logger.fatal({ err: error }, 'uncaught exception; exiting so the supervisor restarts the bot');
    exit(1);
  });
}
