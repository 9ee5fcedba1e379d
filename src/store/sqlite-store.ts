import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import KeyvSqlite from '@keyv/sqlite';
import Keyv from 'keyv';
import { createKeyvStore, expiresAt, type NativeOps } from './keyv-store.js';
import type { Store } from './types.js';

const TABLE = 'keyv';
const SWEEP_EVERY_MS = 10 * 60_000;

/**
 * The default store: one SQLite file, no server. `path` is a file path or ":memory:".
 *
 * Claims and counters run as single SQL statements through the adapter's own connection (`query`) on
 * keyv's own table, rather than in a second table or a second connection: one statement is atomic under
 * SQLite's file lock (so several processes sharing the file still get exactly one winner), the values
 * stay in keyv's format so `get` reads them back, and there is only one connection to open and close.
 */
export async function createSqliteStore(path: string): Promise<Store> {
  if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
  const adapter = new KeyvSqlite({ uri: `sqlite://${path}`, table: TABLE, busyTimeout: 5_000 });
  const keyv = new Keyv({ store: adapter, namespace: '', useKeyPrefix: false, throwOnErrors: true });
  // keyv re-emits adapter errors; without a listener they would be lost, with one they must not crash.
  keyv.on('error', () => {});
  const where = `sqlite://${path}`;
  const native: NativeOps = {
    async claim(key, serialized) {
      const now = Date.now();
      // Insert if absent; take over only a row whose own expiry has passed. RETURNING says who won.
      const rows: unknown[] = await adapter.query(
        `INSERT INTO ${TABLE}(key, value) VALUES(?, ?)
         ON CONFLICT(key) DO UPDATE SET value = excluded.value
         WHERE json_valid(${TABLE}.value) AND json_extract(${TABLE}.value, '$.expires') <= ?
         RETURNING key`,
        key,
        serialized,
        now,
      );
      return rows.length === 1;
    },
    async increment(key, ttlMs) {
      const now = Date.now();
      const rows: { count: number }[] = await adapter.query(
        `INSERT INTO ${TABLE}(key, value) VALUES(?, json_object('value', 1, 'expires', ?))
         ON CONFLICT(key) DO UPDATE SET value = CASE
           WHEN NOT json_valid(${TABLE}.value) OR json_extract(${TABLE}.value, '$.expires') <= ?
             THEN excluded.value
           ELSE json_set(${TABLE}.value, '$.value', coalesce(json_extract(${TABLE}.value, '$.value'), 0) + 1)
         END
         RETURNING json_extract(value, '$.value') AS count`,
        key,
        expiresAt(ttlMs),
        now,
      );
      return Number(rows[0]?.count);
    },
    async list(prefix) {
      const rows: { key: string; value: string }[] = await adapter.query(
        `SELECT key, value FROM ${TABLE} WHERE substr(key, 1, ?) = ?`,
        prefix.length,
        prefix,
      );
      return rows.map((r) => ({ key: r.key, raw: r.value }));
    },
    close: async () => {
      clearInterval(sweeper);
      await adapter.disconnect();
    },
  };
  // keyv drops an expired row only when it is read again; claims for past days never are. Sweep them.
  const sweep = () =>
    adapter
      .query(
        `DELETE FROM ${TABLE} WHERE json_valid(value) AND json_extract(value, '$.expires') <= ?`,
        Date.now(),
      )
      .catch(() => {});
  const sweeper = setInterval(sweep, SWEEP_EVERY_MS);
  sweeper.unref();
  // Open the file now: a path that cannot be opened is reported at start, not at the first digest.
  await adapter.query('PRAGMA journal_mode = WAL');
  // With WAL, NORMAL keeps the file consistent through crashes and skips an fsync per write; a power cut
  // can lose the last moments of writes, so a digest posted just before the cut may be posted again.
  await adapter.query('PRAGMA synchronous = NORMAL');
  await sweep();
  return createKeyvStore(keyv, native, where);
}
