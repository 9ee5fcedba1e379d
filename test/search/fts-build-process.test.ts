import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Library } from '../../src/kb/library.js';
import { loadLibrary } from '../../src/kb/load-library.js';
import { entryProfiles } from '../../src/search/entry-profile.js';
import { BuildWorker } from '../../src/search/fts-build-process.js';
import { createSearchIndex } from '../../src/search/fts-index.js';
import {
  buildFtsTables,
  cachedFtsTables,
  type CountedTables,
  type EarlyTables,
} from '../../src/search/fts-store.js';
import { answers } from './index-answers.js';

let library: Library;
let root: string;
beforeAll(async () => {
  library = (await loadLibrary('test/fixtures/knowledge', { today: '2026-11-22' })).library;
  root = mkdtempSync(join(tmpdir(), 'dossier-build-thread-'));
});
afterAll(() => rmSync(root, { recursive: true, force: true }));

/** Everything the index's database holds: FTS5's own tables (the index, its totals) and the layout. */
function contents(db: Database.Database) {
  const all = (sql: string) => db.prepare(sql).raw().all();
  return {
    data: all('SELECT id, block FROM passages_data ORDER BY id'),
    idx: all('SELECT segid, term, pgno FROM passages_idx ORDER BY segid, term, pgno'),
    layout: all('SELECT name, value FROM layout ORDER BY name'),
  };
}

describe('the search index built with its FTS5 inserts in a child process', () => {
  it('GIVEN a base WHEN built with the child process and on one thread THEN the databases hold the same index and layout, byte for byte, the tables given while the child committed and merged are the final ones, and they answer alike', () => {
    const profiles = entryProfiles(library);
    let early: EarlyTables | undefined;
    let counted: CountedTables | undefined;
    const threaded = buildFtsTables(library.docs, profiles, undefined, true, {
      whileMerging: (t) => (early = t),
      whileCommitting: (t) => (counted = t),
    });
    const single = buildFtsTables(library.docs, profiles, undefined, false);
    try {
      const { db: _db, common: _common, bm25: _bm25, ...rest } = threaded;
      expect(early).toEqual(rest);
      const { terms: _terms, ...countedRest } = rest;
      expect(counted).toEqual(countedRest);
      expect(threaded.db.memory).toBe(false);
      expect(existsSync(threaded.db.name)).toBe(false);
      expect(threaded.db.pragma('journal_mode', { simple: true })).toBe('off');
      expect(contents(threaded.db)).toEqual(contents(single.db));
      expect(threaded.terms).toEqual(single.terms);
    } finally {
      threaded.db.close();
      single.db.close();
    }
    const withWorker = createSearchIndex(library, { threads: true });
    const alone = createSearchIndex(library, { threads: false });
    try {
      expect(answers(withWorker)).toEqual(answers(alone));
    } finally {
      withWorker.close();
      alone.close();
    }
  });

  it('GIVEN a child process that ends at once WHEN the index is built with it THEN this process builds the same index itself', () => {
    const profiles = entryProfiles(library);
    const node = process.execPath;
    let fallen: ReturnType<typeof buildFtsTables> | undefined;
    const single = buildFtsTables(library.docs, profiles, undefined, false);
    try {
      process.execPath = '/bin/false';
      fallen = buildFtsTables(library.docs, profiles, undefined, true);
      process.execPath = node;
      expect(contents(fallen.db)).toEqual(contents(single.db));
    } finally {
      process.execPath = node;
      fallen?.db.close();
      single.db.close();
    }
  });

  it('GIVEN SEARCH_INDEX_DIR WHEN built with the child process THEN the file kept there holds what a one-thread build keeps', () => {
    const [a, b] = [join(root, 'threaded'), join(root, 'single')];
    const threaded = cachedFtsTables(a, library.version, library.docs, () => entryProfiles(library), true);
    const single = cachedFtsTables(b, library.version, library.docs, () => entryProfiles(library), false);
    try {
      expect(threaded.cached).toBe(false);
      expect(threaded.tables.db.readonly).toBe(true);
      expect(readdirSync(a)).toEqual(readdirSync(b));
      expect(contents(threaded.tables.db)).toEqual(contents(single.tables.db));
    } finally {
      threaded.tables.db.close();
      single.tables.db.close();
    }
  });

  it('GIVEN rows sent to a child process WHEN they end THEN it sends back the indexed words and leaves the built index in its file', () => {
    const file = join(root, 'direct.sqlite');
    const worker = BuildWorker.start(file);
    expect(worker).toBeDefined();
    worker?.entry('Biometric privacy', 'BIPA', '', '');
    worker?.row('', 'Consent before collection', '');
    worker?.row('Damages', '', 'Statutory damages per violation');
    const words = worker?.words();
    expect(words).toContainEqual(['biometric', 2]);
    expect(words).toContainEqual(['damages', 1]);
    expect(worker?.built()).toBe(true);
    const db = new Database(file, { readonly: true });
    try {
      expect(db.prepare("SELECT rowid FROM passages WHERE passages MATCH 'statutory'").pluck().all()).toEqual(
        [2],
      );
    } finally {
      db.close();
    }
  });

  it('GIVEN texts longer than the chunks rows are sent in, and of many-byte letters WHEN sent to a child process THEN each row holds its whole text', () => {
    const file = join(root, 'long.sqlite');
    const worker = BuildWorker.start(file);
    expect(worker).toBeDefined();
    const long = `${'données protégées '.repeat(40_000)}lastword`;
    for (let i = 0; i < 3; i++) {
      worker?.entry(`Entrée ${i}`, 'Zoë', '', '');
      worker?.row('', `résumé ${i}`, '');
      worker?.row('Corps', '', long);
    }
    const words = worker?.words();
    expect(words).toContainEqual(['lastword', 3]);
    expect(words).toContainEqual(['zoe', 6]);
    expect(worker?.built()).toBe(true);
    const db = new Database(file, { readonly: true });
    try {
      const match = db.prepare('SELECT rowid FROM passages WHERE passages MATCH ? ORDER BY rowid').pluck();
      expect(match.all('lastword')).toEqual([2, 4, 6]);
      expect(match.all('resume')).toEqual([1, 3, 5]);
    } finally {
      db.close();
    }
  });

  it('GIVEN a child process that cannot open its file WHEN its words are asked for THEN it says it failed instead of leaving the build waiting', () => {
    const worker = BuildWorker.start(join(root, 'missing', 'folder', 'index.sqlite'));
    expect(worker).toBeDefined();
    worker?.entry('A title', '', '', '');
    worker?.row('', 'A summary', '');
    expect(worker?.words()).toBeUndefined();
  });
});
