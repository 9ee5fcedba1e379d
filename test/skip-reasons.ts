import { redisServerAvailable } from './faults/redis-process.js';
import { postgresAvailable, redisAvailable } from './store/redis-available.js';

/**
 * Vitest global setup: says once per run, in one line each, which groups of tests will be skipped and
 * why. Vitest's default reporter shows a skipped suite only as "skipped", so without this a run without
 * Redis or Postgres looks the same as a run that had them.
 */
export async function skipReasons(): Promise<string[]> {
  const [redis, postgres, redisServer] = await Promise.all([
    redisAvailable(),
    postgresAvailable(),
    redisServerAvailable(),
  ]);
  const reasons: string[] = [];
  if (redis.skip)
    reasons.push(
      `Redis store and exactly-once digest tests skipped: ${redis.skip} (e.g. REDIS_URL=redis://127.0.0.1:6379)`,
    );
  if (postgres.skip)
    reasons.push(
      `Postgres store tests skipped: ${postgres.skip} (e.g. POSTGRES_URL=postgres://postgres@127.0.0.1:5432/test)`,
    );
  if (redisServer) reasons.push(`Redis outage tests (the bot on a Redis of its own) skipped: ${redisServer}`);
  if (process.getuid?.() === 0)
    reasons.push('Read-only SQLite test skipped: running as root, which ignores file modes');
  return reasons;
}

let reasons: string[] = [];

export async function setup(): Promise<() => void> {
  reasons = await skipReasons();
  // Once, at the end of the run, under the summary that counts them only as "skipped".
  return () => {
    for (const reason of reasons) process.stderr.write(`${reason}\n`);
  };
}
