import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildLibrary } from '../../src/kb/load-library.js';
import { createSearchIndex, type SearchIndex, type SearchQuery } from '../../src/search/index.js';
import { memoizeSearch } from '../../src/search/memoize-search.js';
import { loadKnowledge } from '../../src/knowledge.js';

/** The real engine, recording every search that reaches it. */
function recording(engine: SearchIndex): { index: SearchIndex; asked: SearchQuery[]; closed: () => boolean } {
  const asked: SearchQuery[] = [];
  let closed = false;
  return {
    asked,
    closed: () => closed,
    index: {
      search(query) {
        asked.push(query);
        return engine.search(query);
      },
      passages: (query) => engine.passages(query),
      get size() {
        return engine.size;
      },
      close() {
        closed = true;
        engine.close();
      },
    },
  };
}

let engine: SearchIndex;
beforeAll(async () => {
  const loaded = await loadKnowledge('test/fixtures/knowledge', { today: '2026-11-22' });
  loaded.search.close();
  engine = createSearchIndex(loaded.library);
});
afterAll(() => engine.close());

describe('memoizeSearch', () => {
  it('GIVEN a query asked twice WHEN searched THEN the engine ranks it once and both get the same answer', () => {
    const { index, asked } = recording(engine);
    const search = memoizeSearch(index);
    const first = search.search({ text: 'biometric consent', limit: 5 });
    const again = search.search({ text: 'biometric consent', limit: 5 });
    expect(asked).toHaveLength(1);
    expect(again).toBe(first);
    expect(first.hits.map((h) => h.doc.id)).toEqual(
      engine.search({ text: 'biometric consent', limit: 5 }).hits.map((h) => h.doc.id),
    );
  });

  it('GIVEN queries differing in text, filters, limit or offset WHEN searched THEN each reaches the engine', () => {
    const { index, asked } = recording(engine);
    const search = memoizeSearch(index);
    const base: SearchQuery = { text: 'face recognition', limit: 5 };
    search.search(base);
    search.search({ ...base, text: 'face recognition police' });
    search.search({ ...base, offset: 5 });
    search.search({ ...base, limit: 10 });
    search.search({ ...base, filters: { type: 'law' } });
    search.search({ ...base, filters: { type: ['law', 'bill'] } });
    search.search({ ...base, filters: { jurisdiction: 'US-IL' } });
    search.search({ ...base, filters: { organization: 'Amazon' } });
    search.search({ ...base, filters: { from: '2019-01-01' } });
    search.search({ ...base, filters: { to: '2019-01-01' } });
    expect(asked).toHaveLength(10);
    // Undefined filters are the same search as none.
    search.search({ ...base, filters: { type: undefined, from: undefined } });
    expect(asked).toHaveLength(10);
  });

  it('GIVEN more distinct queries than it keeps WHEN the oldest is asked again THEN the engine ranks it again', () => {
    const { index, asked } = recording(engine);
    const search = memoizeSearch(index, { maxEntries: 2 });
    search.search({ text: 'one' });
    search.search({ text: 'two' });
    search.search({ text: 'one' }); // recently used again: "two" is now the oldest
    search.search({ text: 'three' });
    search.search({ text: 'one' });
    expect(asked.map((q) => q.text)).toEqual(['one', 'two', 'three']);
    search.search({ text: 'two' });
    expect(asked.map((q) => q.text)).toEqual(['one', 'two', 'three', 'two']);
  });

  it('GIVEN a remembered result WHEN a caller tries to change it THEN it is refused, so no other caller sees the change', () => {
    const search = memoizeSearch(engine);
    const result = search.search({ text: 'biometric' });
    expect(result.hits.length).toBeGreaterThan(0);
    expect(() => (result.hits as unknown[]).push(undefined)).toThrow(TypeError);
    expect(() => {
      (result as { total: number }).total = 0;
    }).toThrow(TypeError);
    expect(() => (result.concepts[0]?.variants as string[]).push('x')).toThrow(TypeError);
    // Passages and snippets are read only when first asked, after the result was frozen.
    const last = result.hits.at(-1);
    expect(last?.best.passage.text.length).toBeGreaterThan(0);
    expect(last?.best.passage).toBe(last?.best.passage);
    expect(last?.snippet.length).toBeGreaterThan(0);
  });

  it('GIVEN the memoized index WHEN passages are asked or it is closed THEN the engine answers and is closed', () => {
    const library = buildLibrary([]).library;
    const { index, closed } = recording(createSearchIndex(library));
    const search = memoizeSearch(index);
    expect(search.size).toBe(0);
    expect(search.passages({ text: 'anything' }).hits).toEqual([]);
    search.close();
    expect(closed()).toBe(true);
  });
});
