import { existsSync, mkdtempSync, readdirSync, readlinkSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Library } from '../../src/kb/library.js';
import { loadLibrary } from '../../src/kb/load-library.js';
import { entryProfiles } from '../../src/search/entry-profile.js';
import { createSearchIndex } from '../../src/search/fts-index.js';
import { buildFtsTables, cachedFtsTables } from '../../src/search/fts-store.js';
import { answers } from './index-answers.js';

let library: Library;
let root: string;
const TMPDIR = process.env.TMPDIR;
beforeAll(async () => {
  library = (await loadLibrary('test/fixtures/knowledge', { today: '2026-11-22' })).library;
  root = mkdtempSync(join(tmpdir(), 'dossier-index-file-'));
});
afterEach(() => {
  if (TMPDIR === undefined) delete process.env.TMPDIR;
  else process.env.TMPDIR = TMPDIR;
});
afterAll(() => rmSync(root, { recursive: true, force: true }));

/** A temporary folder of the test's own, made the process's (os.tmpdir() reads TMPDIR at each call). */
function ownTmpdir(name: string): string {
  process.env.TMPDIR = mkdtempSync(join(root, `${name}-`));
  return process.env.TMPDIR;
}

describe('the search index kept in a file of the process own', () => {
  it('GIVEN a writable temporary folder WHEN the index is built THEN it is in a file already removed from the folder, which the process still reads', () => {
    const tmp = ownTmpdir('writable');
    const tables = buildFtsTables(library.docs, entryProfiles(library));
    try {
      expect(tables.db.memory).toBe(false);
      expect(tables.db.name.startsWith(tmp)).toBe(true);
      expect(existsSync(tables.db.name)).toBe(false);
      expect(readdirSync(tmp)).toEqual([]);
      expect(tables.db.pragma('mmap_size', { simple: true })).toBe(0);
      expect(tables.db.pragma('journal_mode', { simple: true })).toBe('off');
      if (existsSync('/proc/self/fd')) {
        const open = readdirSync('/proc/self/fd').map((fd) => {
          try {
            return readlinkSync(`/proc/self/fd/${fd}`);
          } catch {
            return '';
          }
        });
        expect(open).toContain(`${tables.db.name} (deleted)`);
      }
      expect(
        tables.db.prepare("SELECT count(*) FROM passages WHERE passages MATCH 'moratorium'").pluck().get(),
      ).toBeGreaterThan(0);
    } finally {
      tables.db.close();
    }
  });

  it('GIVEN a temporary folder that cannot be written WHEN the index is built THEN it is built in memory and answers as from a file', () => {
    ownTmpdir('file-backed');
    const fromFile = createSearchIndex(library);
    const blocker = join(root, 'not-a-folder');
    writeFileSync(blocker, 'a file where the temporary folder should be');
    process.env.TMPDIR = join(blocker, 'tmp');
    const tables = buildFtsTables(library.docs, entryProfiles(library));
    expect(tables.db.memory).toBe(true);
    tables.db.close();
    const inMemory = createSearchIndex(library);
    try {
      expect(answers(inMemory)).toEqual(answers(fromFile));
      expect(inMemory.size).toBe(fromFile.size);
    } finally {
      fromFile.close();
      inMemory.close();
    }
  });

  it('GIVEN a missing temporary folder WHEN the index is built THEN nothing is left behind and it answers', () => {
    process.env.TMPDIR = join(root, 'missing', 'tmp');
    const index = createSearchIndex(library);
    try {
      expect(index.search({ text: 'moratorium' }).hits.length).toBeGreaterThan(0);
      expect(existsSync(dirname(process.env.TMPDIR))).toBe(false);
    } finally {
      index.close();
    }
  });

  it('GIVEN SEARCH_INDEX_DIR WHEN the index is built THEN the file left there is read without a memory map, and nothing is left in the temporary folder', () => {
    const tmp = ownTmpdir('cache-dir');
    const dir = join(root, 'index-dir');
    const built = cachedFtsTables(dir, library.version, library.docs, () => entryProfiles(library));
    expect(built.cached).toBe(false);
    expect(built.tables.db.readonly).toBe(true);
    expect(built.tables.db.pragma('mmap_size', { simple: true })).toBe(0);
    expect(readdirSync(dir)).toHaveLength(1);
    built.tables.db.close();
    const opened = cachedFtsTables(dir, library.version, library.docs, () => entryProfiles(library));
    expect(opened.cached).toBe(true);
    expect(opened.tables.db.pragma('mmap_size', { simple: true })).toBe(0);
    opened.tables.db.close();
    expect(readdirSync(tmp)).toEqual([]);
  });

  it('GIVEN SEARCH_INDEX_DIR where no folder can be made WHEN the index is built THEN it is built in a private file and answers', () => {
    ownTmpdir('no-cache-dir');
    const blocker = join(root, 'index-dir-blocker');
    writeFileSync(blocker, 'a file where the folder should be');
    const built = cachedFtsTables(join(blocker, 'index'), library.version, library.docs, () =>
      entryProfiles(library),
    );
    expect(built.cached).toBe(false);
    expect(built.tables.db.memory).toBe(false);
    expect(existsSync(built.tables.db.name)).toBe(false);
    built.tables.db.close();
  });
});
