import { expect, onTestFinished, test } from 'vitest';
import { createKnowledgeHolder } from '../../src/kb/knowledge-holder.js';
import { loadKnowledge } from '../../src/knowledge.js';
import { createSearchIndex } from '../../src/search/index.js';
import { memoizeSearch } from '../../src/search/memoize-search.js';
import type { SearchIndex, SearchQuery } from '../../src/search/types.js';
import { copyFixtureKnowledge, removeKnowledgeCopy } from '../discord/harness.js';
import { startTestConsole } from './harness.js';

test('GIVEN an engine that has not counted every match WHEN a member pages THEN counts read "N+" and Next stays available until the end is known', async () => {
  const dir = await copyFixtureKnowledge();
  onTestFinished(() => removeKnowledgeCopy(dir));
  const loaded = await loadKnowledge(dir);
  const queries: SearchQuery[] = [];
  // Records each query and reports a lower-bound total until 20 results are asked for, as a large knowledge
  // base would; every hit is the same entry, since only the counts and buttons are under test here.
  const search: SearchIndex = {
    ...loaded.search,
    size: loaded.search.size,
    search(query) {
      queries.push(query);
      const result = loaded.search.search({ text: query.text, limit: 1 });
      const wanted = (query.offset ?? 0) + (query.limit ?? 10);
      const hits = Array.from({ length: query.limit ?? 10 }, () => result.hits[0]).filter(
        (h) => h !== undefined,
      );
      return { ...result, hits, total: wanted < 20 ? wanted + 1 : 15, more: wanted < 20 };
    },
    passages: (q) => loaded.search.passages(q),
    close: () => loaded.search.close(),
  };
  const knowledge = createKnowledgeHolder({ ...loaded, search }, async () => ({ ...loaded, search }));
  const { session, type } = await startTestConsole({ knowledge });

  expect(await type('/search biometric')).toMatch(/11\+ results · page 1\n/);
  expect(await type('1')).toMatch(/11\+ results · page 2\n/);
  expect(session.buttons.map((b) => b.label)).toEqual(['◀ Previous', 'Next ▶']);
  expect(await type('2')).toMatch(/15 results · page 3 of 3\n/);
  expect(session.buttons.map((b) => b.label)).toEqual(['◀ Previous']);
  // Two pages are ranked at a time: the second page comes from the first page's search (this engine is
  // not memoized, so it is asked again), the third from a search of its own.
  expect(queries.map((q) => [q.offset, q.limit])).toEqual([
    [0, 10],
    [0, 10],
    [10, 10],
  ]);
  knowledge.close();
});

test('GIVEN a search WHEN the member turns to the second page THEN it is not ranked again and shares no entry with the first', async () => {
  const dir = await copyFixtureKnowledge();
  onTestFinished(() => removeKnowledgeCopy(dir));
  const loaded = await loadKnowledge(dir);
  const engine = createSearchIndex(loaded.library);
  let ranked = 0;
  const search = memoizeSearch({
    ...engine,
    size: engine.size,
    search(query) {
      ranked++;
      return engine.search(query);
    },
    passages: (q) => engine.passages(q),
    close: () => engine.close(),
  });
  const knowledge = createKnowledgeHolder({ ...loaded, search }, async () => ({ ...loaded, search }));
  const { type } = await startTestConsole({ knowledge });
  const ids = (text: string) => [...text.matchAll(/· `([a-z0-9-]+)`/g)].map((m) => m[1]);

  const first = ids(await type('/search biometric privacy law'));
  expect(first).toHaveLength(5);
  const second = ids(await type('1'));
  expect(second.length).toBeGreaterThan(0);
  expect(ranked).toBe(1);
  expect(second.filter((id) => first.includes(id))).toEqual([]);
  knowledge.close();
});
