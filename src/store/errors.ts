/**
 * The store could not be reached or answered with an error (Redis down, SQLite file unwritable).
 * Callers treat it as "state unavailable right now": digests pause, commands say so; nothing crashes.
 */
export class StoreUnavailableError extends Error {
  override name = 'StoreUnavailableError';
  constructor(
    readonly where: string,
    readonly operation: string,
    cause: unknown,
  ) {
    super(`store: ${where}: ${operation} failed: ${describeCause(cause)}`, { cause });
  }
}

function describeCause(cause: unknown): string {
  if (cause instanceof Error) return cause.message || cause.name;
  return String(cause);
}
