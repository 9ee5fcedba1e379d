import { tmpdir } from 'node:os';
import Database from 'better-sqlite3';
import { openPrivateFile } from '../kb/private-file.js';

/**
 * Where the search index's SQLite database lives and how it is read. It is built in a file and read
 * through SQLite's own small cache of pages, so the index (about 150 MB at 50,000 entries) sits in the
 * system's file cache, which the system can drop and read again, rather than in the process's memory.
 * Without SEARCH_INDEX_DIR the file is the process's own in the system's temporary folder, removed from
 * the folder as soon as it is opened (so it goes with the index, and nobody else can change it), as
 * entries' bodies are (src/kb/body-store.ts); where no such file can be made, the index is built in
 * memory as before. On a system whose temporary folder is in memory (tmpfs) it still takes memory, only
 * not the process's.
 */

/**
 * The pages of the index SQLite keeps in the process's memory while searching, in KiB: the rest come from
 * the system's file cache, a few microseconds a page. Alternate runs in one process (CPU per search, p50):
 * at 10,000 entries 1.57 ms with 2 MB, 1.62 ms with 8 MB, 1.55 ms with the index in memory (the rerank,
 * not SQLite, is most of a search); at 50,000 entries 5.77 ms with 2 MB, 5.40 ms with 4 MB, 4.65 ms with
 * 8 MB, 4.03 ms in memory.
 */
const READ_CACHE_KIB = 8 * 1024;
/**
 * The pages SQLite keeps while building, in KiB: the rest are written out as the build goes and read back
 * from the system's file cache when merged. A larger cache built no faster and, freed after the build,
 * left the process's memory larger.
 */
const BUILD_CACHE_KIB = 4 * 1024;

/**
 * A new database to build the index in: a file of the process's own in the system's temporary folder,
 * removed from the folder at once; in memory where no such file can be made (a read-only or missing
 * temporary folder, a system that cannot remove an open file).
 */
export function privateDatabase(folder = tmpdir()): Database.Database {
  return (
    openPrivateFile(
      'dossier-index-',
      'index.sqlite',
      (file) => forBuilding(new Database(file)),
      (db) => db.close(),
      folder,
    ) ?? forBuilding(new Database(':memory:'))
  );
}

/** forBuilding's settings, in order (a build's child process sets them itself: fts-build-child.mjs). */
export const BUILDING = [
  'journal_mode = OFF',
  'synchronous = OFF',
  'locking_mode = EXCLUSIVE',
  'temp_store = FILE',
  `cache_size = -${BUILD_CACHE_KIB}`,
] as const;

/**
 * Settings for writing the index once, start to end: no rollback journal (a build that fails is thrown
 * away, never rolled back; and a file removed from its folder cannot have one), no waiting for the disk,
 * no other connection, and a bounded cache. Journal OFF is refused in SQLite's defensive mode, which
 * better-sqlite3 turns on: it is lifted while they are set.
 */
export function forBuilding(db: Database.Database): Database.Database {
  db.unsafeMode(true);
  try {
    for (const pragma of BUILDING) db.pragma(pragma);
  } finally {
    db.unsafeMode(false);
  }
  return db;
}

/**
 * Settings for searching: a small cache of pages and no memory map (mapped pages count in the process's
 * memory once read). EXCLUSIVE keeps the read lock for good, so SQLite neither locks the file nor checks
 * it for changes at every query and keeps its cache between queries: nothing writes to an index once
 * built (a cached file is replaced by renaming a new one over it, which readers of the old never see).
 */
export function forReading(db: Database.Database): Database.Database {
  db.pragma(`cache_size = -${READ_CACHE_KIB}`);
  db.pragma('mmap_size = 0');
  db.pragma('locking_mode = EXCLUSIVE');
  return db;
}

/** An error of the file the index is written to (a full disk, a failing one) rather than of the build. */
export function isFileError(error: unknown): boolean {
  return error instanceof Database.SqliteError && /^SQLITE_(FULL|IOERR|CANTOPEN|READONLY)/.test(error.code);
}
