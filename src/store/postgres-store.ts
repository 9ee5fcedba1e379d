import KeyvPostgres from '@keyv/postgres';
import Keyv from 'keyv';
import pg from 'pg';
import { createKeyvStore, expiresAt, type NativeOps, redactUrl } from './keyv-store.js';
import type { Store } from './types.js';

const TABLE = 'keyv';

/**
 * @keyv/postgres with a connection pool of our own: its built-in pool is shared module-wide and has no
 * "error" listener, so a restarted server would crash the process; ours reports the error and reconnects.
 */
class PooledKeyvPostgres extends KeyvPostgres {
  // `declare`: set from connect() during the parent constructor; a field initializer would erase it.
  declare pool: pg.Pool;
  static onError: ((error: Error) => void) | undefined;

  override async connect() {
    const pool = new pg.Pool({ connectionString: this.opts.uri, max: 4, connectionTimeoutMillis: 3_000 });
    pool.on('error', (error) => PooledKeyvPostgres.onError?.(error));
    this.pool = pool;
    return async (sql: string, values?: unknown[]) => (await pool.query(sql, values)).rows;
  }

  override async disconnect() {
    await this.pool.end();
  }
}

/**
 * Postgres as the shared store (`postgres://…`). Claims and counters are single statements on keyv's own
 * table, as in SQLite: `INSERT … ON CONFLICT DO UPDATE … WHERE expired … RETURNING`.
 */
export async function createPostgresStore(
  url: string,
  options: { keyPrefix?: string; onError?: (error: Error) => void } = {},
): Promise<Store> {
  const { onError } = options;
  PooledKeyvPostgres.onError = onError;
  const adapter = new PooledKeyvPostgres({ uri: url, table: TABLE });
  adapter.on('error', (error: Error) => onError?.(error));
  const keyv = new Keyv({ store: adapter, namespace: '', useKeyPrefix: false, throwOnErrors: true });
  keyv.on('error', () => {});
  const query = (sql: string, values: unknown[]) =>
    adapter.query(sql, values) as Promise<Record<string, unknown>[]>;
  const expired = (column: string) =>
    `(${column} LIKE '{%' AND (${column}::jsonb->>'expires') IS NOT NULL AND (${column}::jsonb->>'expires')::bigint <= $3)`;
  const native: NativeOps = {
    async claim(key, serialized) {
      const rows = await query(
        `INSERT INTO ${TABLE}(key, value) VALUES($1, $2)
         ON CONFLICT(key) DO UPDATE SET value = excluded.value WHERE ${expired(`${TABLE}.value`)}
         RETURNING key`,
        [key, serialized, Date.now()],
      );
      return rows.length === 1;
    },
    async increment(key, ttlMs) {
      const rows = await query(
        `INSERT INTO ${TABLE}(key, value) VALUES($1, $2)
         ON CONFLICT(key) DO UPDATE SET value = CASE
           WHEN ${expired(`${TABLE}.value`)} THEN excluded.value
           ELSE jsonb_set(${TABLE}.value::jsonb, '{value}',
             to_jsonb(coalesce((${TABLE}.value::jsonb->>'value')::bigint, 0) + 1))::text
         END
         RETURNING (value::jsonb->>'value')::bigint AS count`,
        [key, JSON.stringify({ value: 1, expires: expiresAt(ttlMs) }), Date.now()],
      );
      return Number(rows[0]?.count);
    },
    async list(prefix) {
      const rows = await query(`SELECT key, value FROM ${TABLE} WHERE left(key, $1) = $2`, [
        prefix.length,
        prefix,
      ]);
      return rows.map((r) => ({ key: String(r.key), raw: String(r.value) }));
    },
    close: () => adapter.disconnect(),
  };
  // Reach the server now: a wrong URL or a server that is down is reported at start.
  try {
    await query('SELECT 1', []);
  } catch (error) {
    await adapter.disconnect().catch(() => {});
    throw new Error(`store: ${redactUrl(url, 'postgres')}: cannot connect: ${(error as Error).message}`, {
      cause: error,
    });
  }
  return createKeyvStore(keyv, native, redactUrl(url, 'postgres'), options.keyPrefix ?? '');
}
