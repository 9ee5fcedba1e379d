import { cp, mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { applyReviews } from '../../src/freshness/apply-reviews.js';
import { recordReview } from '../../src/freshness/reviews.js';
import { loadLibrary } from '../../src/kb/load-library.js';
import { createMemoryStore } from '../../src/store/memory-store.js';

let root: string;
beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'dossier-apply-'));
  await cp('test/fixtures/knowledge', join(root, 'knowledge'), { recursive: true });
});
afterAll(() => rm(root, { recursive: true, force: true }));

describe('kb apply-reviews', () => {
  test('GIVEN checks recorded in Discord WHEN applied THEN each entry gets its latest check as checked, once, other bytes unchanged', async () => {
    const store = createMemoryStore();
    const by = { id: '1', name: 'sam' };
    const file = join(root, 'knowledge/laws/illinois-bipa.md');
    const before = await readFile(file, 'utf8');
    await recordReview(store, {
      entryId: 'illinois-bipa',
      decision: 'accurate',
      by,
      at: new Date('2026-11-20T10:00:00Z'),
    });
    await recordReview(store, {
      entryId: 'illinois-bipa',
      decision: 'accurate',
      by,
      at: new Date('2026-11-28T10:00:00Z'),
    });
    await recordReview(store, {
      entryId: 'rosenbach-v-six-flags',
      decision: 'snooze',
      by,
      at: new Date('2026-11-28T10:00:00Z'),
    });
    await recordReview(store, {
      entryId: 'gone-entry',
      decision: 'accurate',
      by,
      at: new Date('2026-11-28T10:00:00Z'),
    });
    const { library } = await loadLibrary(join(root, 'knowledge'), { today: '2026-11-29' });

    const dry = await applyReviews(store, library, root, '2026-11-29', { dryRun: true });
    expect(dry.map((r) => [r.id, r.outcome])).toEqual([
      ['gone-entry', 'unknown-entry'],
      ['illinois-bipa', 'written'],
    ]);
    expect(await readFile(file, 'utf8')).toBe(before);

    const applied = await applyReviews(store, library, root, '2026-11-29');
    expect(applied.find((r) => r.id === 'illinois-bipa')).toMatchObject({
      path: 'knowledge/laws/illinois-bipa.md',
      date: '2026-11-28',
      by: 'sam',
      outcome: 'written',
    });
    const after = await readFile(file, 'utf8');
    expect(after.replace('checked: 2026-11-28\n', '')).toBe(before);
    expect((await applyReviews(store, library, root, '2026-11-29')).map((r) => r.id)).toEqual(['gone-entry']);
  });
});
