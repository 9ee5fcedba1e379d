import { createClient } from '@keyv/redis';

/** REDIS_URL when set and answering; otherwise a one-line reason the Redis tests skip. */
export async function redisAvailable(): Promise<{ url?: string; skip?: string }> {
  const url = process.env.REDIS_URL;
  if (!url) return { skip: 'REDIS_URL is not set' };
  const client = createClient({ url, socket: { connectTimeout: 1_000, reconnectStrategy: false } });
  client.on('error', () => {});
  try {
    await client.connect();
    await client.ping();
    await client.close();
    return { url };
  } catch (error) {
    return { skip: `Redis at ${url} is unreachable: ${(error as Error).message}` };
  }
}

/** POSTGRES_URL when set and answering; otherwise a one-line reason the Postgres tests skip. */
export async function postgresAvailable(): Promise<{ url?: string; skip?: string }> {
  const url = process.env.POSTGRES_URL;
  if (!url) return { skip: 'POSTGRES_URL is not set' };
  const { default: pg } = await import('pg');
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 1_000 });
  client.on('error', () => {});
  try {
    await client.connect();
    await client.query('SELECT 1');
    await client.end();
    return { url };
  } catch (error) {
    return { skip: `Postgres at ${url} is unreachable: ${(error as Error).message}` };
  }
}
