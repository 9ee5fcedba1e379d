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
      serializers: { err: serializeError, error: serializeError },
    },
    destination,
  );
  return logger;
}

/**
 * Errors as pino serializes them, with credentials scrubbed from every string: discord.js errors carry the
 * request URL, and interaction and webhook URLs contain the interaction token.
 */
export function serializeError(error: unknown): unknown {
  return scrub(pino.stdSerializers.err(error as Error));
}

const SECRET_PATTERNS: [RegExp, string][] = [
  [/(\/interactions\/\d+\/)[^/?\s"]+/g, '$1[redacted]'],
  [/(\/webhooks\/\d+\/)[^/?\s"]+/g, '$1[redacted]'],
  [/\b(Bot|Bearer) [\w.-]+/g, '$1 [redacted]'],
  // Discord bot tokens: three base64url parts joined by dots.
  [/[\w-]{23,28}\.[\w-]{6,7}\.[\w-]{27,}/g, '[redacted]'],
  [/\bsk-[\w-]{16,}/g, '[redacted]'],
];

export function scrubText(text: string): string {
  return SECRET_PATTERNS.reduce((t, [re, to]) => t.replace(re, to), text);
}

function scrub(value: unknown, depth = 0): unknown {
  if (typeof value === 'string') return scrubText(value);
  if (depth > 6 || value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) return value.map((v) => scrub(v, depth + 1));
  return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, scrub(v, depth + 1)]));
}

/** A logger that drops everything (tests that do not look at logs). */
export function silentLogger(): Logger {
  return pino({ level: 'silent' });
}
