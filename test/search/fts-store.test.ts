import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Library } from '../../src/kb/library.js';
import { loadLibrary } from '../../src/kb/load-library.js';
import { entryProfiles } from '../../src/search/entry-profile.js';
import { createSearchIndex } from '../../src/search/fts-index.js';
import { cachedFtsTables, cacheFileName } from '../../src/search/fts-store.js';
import { answers } from './index-answers.js';

let library: Library;
let dir: string;
beforeAll(async () => {
  library = (await loadLibrary('test/fixtures/knowledge', { today: '2026-11-22' })).library;
  dir = mkdtempSync(join(tmpdir(), 'dossier-index-cache-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('search index kept on disk', () => {
  it('GIVEN a folder for the index WHEN the base is indexed twice THEN the second time opens the file and answers exactly as a fresh build', () => {
    const first = cachedFtsTables(dir, library.version, library.docs, () => entryProfiles(library));
    expect(first.cached).toBe(false);
    first.tables.db.close();
    const second = cachedFtsTables(dir, library.version, library.docs, () => {
      throw new Error('opening the cached file must not need the entries indexed again');
    });
    expect(second.cached).toBe(true);
    second.tables.db.close();

    const fresh = createSearchIndex(library);
    const cached = createSearchIndex(library, { cacheDir: dir });
    expect(answers(cached)).toEqual(answers(fresh));
    expect(cached.size).toBe(fresh.size);
    fresh.close();
    cached.close();
  });

  it('GIVEN a new version of the base WHEN indexed THEN a new file is written and the old one removed', () => {
    const newer = cachedFtsTables(dir, 'kb-newer', library.docs, () => entryProfiles(library));
    expect(newer.cached).toBe(false);
    newer.tables.db.close();
    expect(readdirSync(dir)).toEqual([cacheFileName('kb-newer', library.docs)]);
  });

  it('GIVEN a damaged file under the expected name WHEN indexed THEN the index is built again and answers', () => {
    writeFileSync(join(dir, cacheFileName(library.version, library.docs)), 'not a database');
    const index = createSearchIndex(library, { cacheDir: dir });
    expect(index.search({ text: 'moratorium' }).hits.length).toBeGreaterThan(0);
    index.close();
    const again = cachedFtsTables(dir, library.version, library.docs, () => entryProfiles(library));
    expect(again.cached).toBe(true);
    again.tables.db.close();
  });
});
