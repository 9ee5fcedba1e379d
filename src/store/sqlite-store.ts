import { mkdirSync, statSync } from 'node:fs';
import { dirname } from 'node:path';
import { defaultDeserialize, defaultSerialize } from '@keyv/serialize';
import Database from 'better-sqlite3';
import type { z } from 'zod';
import { StoreUnavailableError } from './errors.js';
import type { Store } from './types.js';

/**
 * The table and value format are those @keyv/sqlite 4 wrote (`keyv(key VARCHAR(255) PRIMARY KEY, value
 * TEXT)`, values as keyv's `{"value":…,"expires":…}` envelope), so a file from an earlier Dossier opens
 * as it is: the migration only stamps `user_version` 1 on it.
 */
const TABLE = 'keyv';
const SCHEMA_VERSION = 1;
const SWEEP_EVERY_MS = 10 * 60_000;

export interface SqliteStoreOptions {
  /**
   * Told, at error level, when the file was deleted or replaced under the running process and what was
   * done about it. Loud on purpose: the operator must learn that someone touched the file.
   */
  onFileProblem?: (message: string, details: object) => void;
  /** How often the file's identity is compared with the one opened (it is also checked before writes). */
  checkEveryMs?: number;
}

interface Envelope {
  value: unknown;
  expires?: number | null;
}

/**
 * The default store: one SQLite file through better-sqlite3, no server. `path` is a file path or ":memory:".
 *
 * Claims and counters are single statements (`INSERT … ON CONFLICT … RETURNING`), atomic under SQLite's
 * file lock, so several processes sharing the file get exactly one winner.
 *
 * The file can be deleted or replaced under a running process (a clean-up script, a restore done without
 * stopping the bot). SQLite would go on writing to the deleted file, and every subscription would be lost
 * at the next restart. So the file's identity (device and inode) is compared on a timer and before every
 * write; when it changed, everything this process holds is written back into the file now at the path
 * (a new one if it was deleted; entries the replacement lacks if it was replaced), and that is logged. If
 * the path cannot be opened, writes are refused with a clear error and the entries stay held until it can.
 */
export async function createSqliteStore(path: string, options: SqliteStoreOptions = {}): Promise<Store> {
  const where = `sqlite://${path}`;
  const inMemory = path === ':memory:';
  let db = open(path);
  let identity = inMemory ? undefined : fileIdentity(path);
  let refusing: string | undefined;
  /** What this process held when the file went away, until it is written back. */
  let pending: { key: string; value: string }[] | undefined;
  let closed = false;

  const statements = (d: Database.Database) => ({
    get: d.prepare<[string], { value: string }>(`SELECT value FROM ${TABLE} WHERE key = ?`),
    set: d.prepare(
      `INSERT INTO ${TABLE}(key, value) VALUES(?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value`,
    ),
    delete: d.prepare(`DELETE FROM ${TABLE} WHERE key = ?`),
    // Insert if absent; take over only a row whose own expiry has passed. RETURNING says who won.
    claim: d.prepare(
      `INSERT INTO ${TABLE}(key, value) VALUES(?, ?)
       ON CONFLICT(key) DO UPDATE SET value = excluded.value
       WHERE json_valid(${TABLE}.value) AND json_extract(${TABLE}.value, '$.expires') <= ?
       RETURNING key`,
    ),
    increment: d.prepare<[string, number, number], { count: number }>(
      `INSERT INTO ${TABLE}(key, value) VALUES(?, json_object('value', 1, 'expires', ?))
       ON CONFLICT(key) DO UPDATE SET value = CASE
         WHEN NOT json_valid(${TABLE}.value) OR json_extract(${TABLE}.value, '$.expires') <= ?
           THEN excluded.value
         ELSE json_set(${TABLE}.value, '$.value', coalesce(json_extract(${TABLE}.value, '$.value'), 0) + 1)
       END
       RETURNING json_extract(value, '$.value') AS count`,
    ),
    list: d.prepare<[number, string], { key: string; value: string }>(
      `SELECT key, value FROM ${TABLE} WHERE substr(key, 1, ?) = ?`,
    ),
    sweep: d.prepare(
      `DELETE FROM ${TABLE} WHERE json_valid(value) AND json_extract(value, '$.expires') <= ?`,
    ),
  });
  let sql = statements(db);

  /** Puts the rows this process holds into the file now at `path`; false (writes refused) if it cannot. */
  function recover(reason: 'deleted' | 'replaced') {
    const now = Date.now();
    // Read once: after a failed reopen the old connection may no longer read (its WAL files are gone).
    const held = (
      pending ?? db.prepare<[], { key: string; value: string }>(`SELECT key, value FROM ${TABLE}`).all()
    ).filter((r) => !isExpired(parse(r.value), now));
    pending = held;
    // Out of WAL mode first: that removes the -wal and -shm files at the path, which belong to the old
    // file and must not be applied to the new one. (Fails harmlessly if another process holds the file.)
    try {
      db.pragma('wal_checkpoint(TRUNCATE)');
      db.pragma('journal_mode = DELETE');
    } catch {
      /* another connection shares the file; it keeps its own WAL */
    }
    let next: Database.Database;
    try {
      next = open(path);
    } catch (error) {
      const message = `${where}: the file was ${reason} while Dossier was running and cannot be opened again (${(error as Error).message}); the store refuses calls until it can, and the ${held.length} entries this process held are kept in memory and written back then`;
      if (refusing !== message) options.onFileProblem?.(`store: ${message}`, { reason, held: held.length });
      refusing = message;
      return false;
    }
    const insert = next.prepare(`INSERT INTO ${TABLE}(key, value) VALUES(?, ?) ON CONFLICT(key) DO NOTHING`);
    let written = 0;
    next.transaction(() => {
      for (const r of held) written += insert.run(r.key, r.value).changes;
    })();
    try {
      db.close();
    } catch {
      /* the old file is gone; nothing of it is needed any more */
    }
    db = next;
    sql = statements(db);
    identity = fileIdentity(path);
    refusing = undefined;
    pending = undefined;
    const subscriptions = held.filter((r) => r.key.startsWith('digest:sub:')).length;
    options.onFileProblem?.(
      reason === 'deleted'
        ? `store: ${where}: the file was deleted while Dossier was running; a new file was created there and the ${written} entries this process held were written back (${subscriptions} digest subscriptions). If the deletion was meant to reset state, stop the bot first.`
        : `store: ${where}: the file was replaced while Dossier was running; Dossier now uses the new file, and ${written} of the ${held.length} entries this process held were missing from it and were added (${subscriptions} digest subscriptions held). To restore a backup, stop the bot first.`,
      { reason, held: held.length, written, subscriptions },
    );
    return true;
  }

  /** Compares the file at the path with the one open; recovers when it was deleted or replaced. */
  function checkFile() {
    if (inMemory || closed) return;
    const now = fileIdentity(path);
    if (now && identity && now.dev === identity.dev && now.ino === identity.ino && !refusing) return;
    recover(now ? 'replaced' : 'deleted');
  }

  const run = <T>(operation: string, write: boolean, fn: () => T): Promise<T> => {
    if (closed)
      return Promise.reject(new StoreUnavailableError(where, operation, new Error('the store is closed')));
    try {
      // Reads too while refusing: the old connection may have lost its WAL files and read garbage or fail.
      if (write || refusing) {
        checkFile();
        if (refusing) throw new Error(refusing);
      }
      return Promise.resolve(fn());
    } catch (error) {
      return Promise.reject(new StoreUnavailableError(where, operation, error));
    }
  };

  const sweep = () => {
    try {
      sql.sweep.run(Date.now());
    } catch {
      /* the next sweep tries again */
    }
  };
  sweep();
  const sweeper = setInterval(sweep, SWEEP_EVERY_MS);
  sweeper.unref();
  const watcher = inMemory
    ? undefined
    : setInterval(() => {
        try {
          checkFile();
        } catch {
          /* reported through onFileProblem; the next check tries again */
        }
      }, options.checkEveryMs ?? 5_000);
  watcher?.unref();

  /** The envelope under `key`, or undefined when absent or expired (an expired row is dropped). */
  const read = (key: string): Envelope | undefined => {
    const row = sql.get.get(key);
    if (!row) return undefined;
    const data = parse(row.value);
    if (isExpired(data, Date.now())) {
      sql.delete.run(key);
      return undefined;
    }
    return isEnvelope(data) ? data : { value: data };
  };

  return {
    get<T>(key: string, schema: z.ZodType<T>) {
      return run(`get ${key}`, false, () => {
        const parsed = schema.safeParse(read(key)?.value);
        return parsed.success ? parsed.data : undefined;
      });
    },
    set(key, value, ttlMs) {
      return run(`set ${key}`, true, () => {
        // A ttl of 0 or less means "already expired": a delete.
        if (ttlMs !== undefined && ttlMs <= 0) sql.delete.run(key);
        else sql.set.run(key, serialize(value, ttlMs));
      });
    },
    delete(key) {
      return run(`delete ${key}`, true, () => read(key) !== undefined && sql.delete.run(key).changes > 0);
    },
    claim(key, value, ttlMs) {
      return run(`claim ${key}`, true, () => {
        const now = Date.now();
        return sql.claim.all(key, serialize(value, ttlMs), now).length === 1;
      });
    },
    increment(key, ttlMs) {
      return run(`increment ${key}`, true, () => {
        const now = Date.now();
        return Number(sql.increment.get(key, now + ttlMs, now)?.count);
      });
    },
    list(prefix) {
      return run(`list ${prefix}`, false, () => {
        const now = Date.now();
        return sql.list
          .all(prefix.length, prefix)
          .map((r) => ({ key: r.key, data: parse(r.value) }))
          .filter((r) => !isExpired(r.data, now))
          .map((r) => ({ key: r.key, value: isEnvelope(r.data) ? r.data.value : r.data }))
          .sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
      });
    },
    close() {
      return run('close', false, () => {
        closed = true;
        clearInterval(sweeper);
        clearInterval(watcher);
        db.close();
      });
    },
  };
}

/** Opens (creating if needed) and migrates the file at `path`. */
function open(path: string): Database.Database {
  if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
  const db = new Database(path, { timeout: 5_000 });
  try {
    db.pragma('journal_mode = WAL');
    // With WAL, NORMAL keeps the file consistent through crashes and skips an fsync per write; a power cut
    // can lose the last moments of writes, so a digest posted just before the cut may be posted again.
    db.pragma('synchronous = NORMAL');
    migrate(db);
    return db;
  } catch (error) {
    db.close();
    throw error;
  }
}

/**
 * Version 0 is an empty file or one written by @keyv/sqlite (Dossier before better-sqlite3): the same
 * table and format, so it is adopted as it is. A newer version than this code knows is refused.
 */
function migrate(db: Database.Database) {
  const version = db.pragma('user_version', { simple: true }) as number;
  if (version > SCHEMA_VERSION)
    throw new Error(
      `the file has store format ${version}, newer than this Dossier knows (${SCHEMA_VERSION}): upgrade Dossier`,
    );
  if (version === SCHEMA_VERSION) return;
  db.transaction(() => {
    db.exec(`CREATE TABLE IF NOT EXISTS ${TABLE}(key VARCHAR(255) PRIMARY KEY, value TEXT)`);
    db.pragma(`user_version = ${SCHEMA_VERSION}`);
  })();
}

function fileIdentity(path: string): { dev: number; ino: number } | undefined {
  try {
    const { dev, ino } = statSync(path);
    return { dev, ino };
  } catch {
    return undefined;
  }
}

/** keyv's envelope and escaping (a string starting with ":" is stored as "::…"), as earlier files hold. */
function serialize(value: unknown, ttlMs: number | undefined): string {
  const plain: unknown = JSON.parse(JSON.stringify(value ?? null));
  return defaultSerialize({ value: plain, expires: ttlMs === undefined ? undefined : Date.now() + ttlMs });
}

function parse(raw: string): unknown {
  try {
    return defaultDeserialize(raw);
  } catch {
    return undefined;
  }
}

function isEnvelope(data: unknown): data is Envelope {
  return typeof data === 'object' && data !== null && 'value' in data;
}

function isExpired(data: unknown, now: number): boolean {
  return isEnvelope(data) && typeof data.expires === 'number' && data.expires <= now;
}
