import { type DestinationStream, type Logger, pino } from 'pino';

export type { Logger } from 'pino';

/**
 * Paths pino censors wherever they appear in a log line. Secrets never reach a log: the Discord token,
 * model keys, authorization headers, interaction tokens (they act as a webhook credential for 15 min).
 */
export const REDACTED_PATHS = [
  'token',
  '*.token',
  '*.*.token',
  'apiKey',
  '*.apiKey',
  '*.*.apiKey',
  'authorization',
  '*.authorization',
  '*.headers.authorization',
  'config.discord.token',
  'config.model.apiKey',
];

/** The process logger: JSON lines on stdout (or `destination`), secrets censored. */
export function createLogger(
  level: string = 'info',
  destination?: DestinationStream,
  bindings: Record<string, unknown> = {},
): Logger {
  const logger = pino(
    {
      level,
      base: { app: 'dossier', ...bindings },
      redact: { paths: REDACTED_PATHS, censor: '[redacted]' },
      serializers: { err: pino.stdSerializers.err, error: pino.stdSerializers.err },
    },
    destination,
  );
  return logger;
}

/** A logger that drops everything (tests that do not look at logs). */
export function silentLogger(): Logger {
  return pino({ level: 'silent' });
}
