import { beforeAll, describe, expect, it } from 'vitest';
import { selectTimeline, TOPIC_ENTRIES, TOPIC_ENTRIES_DATED } from '../../src/kb/build-timeline.js';
import type { Library } from '../../src/kb/library.js';
import { loadLibrary } from '../../src/kb/load-library.js';
import type { SearchIndex, SearchQuery, SearchResult } from '../../src/search/types.js';

let library: Library;
beforeAll(async () => {
  ({ library } = await loadLibrary('test/fixtures/knowledge', { today: '2026-11-22' }));
});

/** A search that ranks the library newest first and says whether more matched than it returned. */
function rankingSearch(more: boolean) {
  const asked: SearchQuery[] = [];
  const search = {
    search(query: SearchQuery): SearchResult {
      asked.push(query);
      const hits = [...library.docs].reverse().slice(0, query.limit ?? 10);
      return {
        hits: hits.map((doc) => ({ doc, score: 1, snippet: '', best: { doc, score: 1, matched: [] } })),
        total: more ? hits.length + 1 : hits.length,
        more: false,
        confidence: 1,
        confident: true,
        concepts: [],
      } as unknown as SearchResult;
    },
  } as unknown as SearchIndex;
  return { search, asked };
}

describe('timeline selection', () => {
  it('GIVEN a topic WHEN a timeline is built THEN only its best-ranked entries are read, listed oldest first', () => {
    const { search, asked } = rankingSearch(true);
    const { items, best } = selectTimeline(library, search, { topic: 'biometric' });
    expect(asked.map((q) => q.limit)).toEqual([TOPIC_ENTRIES]);
    const read = new Set(items.map((i) => i.doc.id));
    expect(read.size).toBe(Math.min(TOPIC_ENTRIES, library.size));
    expect(items.map((i) => i.date)).toEqual(items.map((i) => i.date).sort());
    // More matched than were read, and the reply must be able to say so.
    expect(best).toBe(read.size);
  });

  it('GIVEN a topic that matches no more than it lists WHEN built THEN nothing is said to be left out', () => {
    const { search } = rankingSearch(false);
    expect(selectTimeline(library, search, { topic: 'biometric' }).best).toBeUndefined();
  });

  it('GIVEN a topic and dates WHEN built THEN more of its best entries are read, since the range rules some out', () => {
    const { search, asked } = rankingSearch(false);
    const { items } = selectTimeline(library, search, { topic: 'biometric', from: '2021-01-01' });
    expect(asked[0]?.limit).toBe(TOPIC_ENTRIES_DATED);
    expect(asked[0]?.filters?.from).toBeUndefined();
    expect(items.every((i) => i.date >= '2021-01-01')).toBe(true);
  });
});

describe('timeline without a topic', () => {
  it('GIVEN the same library and filters WHEN asked twice THEN the selection made the first time is given again', () => {
    const { search, asked } = rankingSearch(false);
    const first = selectTimeline(library, search, { type: 'law' });
    expect(selectTimeline(library, search, { type: 'law' })).toBe(first);
    expect(first.items.every((i) => i.doc.type === 'law')).toBe(true);
    // Other filters are another selection, and no search is asked for either.
    const all = selectTimeline(library, search, {});
    expect(all).not.toBe(first);
    expect(all.items.length).toBeGreaterThan(first.items.length);
    expect(selectTimeline(library, search, { type: 'law', from: '2021-01-01' }).items.length).toBeLessThan(
      first.items.length,
    );
    expect(asked).toEqual([]);
  });
});
