import { expect, test } from 'vitest';
import { createKnowledgeHolder } from '../../src/kb/knowledge-holder.js';
import { loadKnowledge } from '../../src/knowledge.js';
import type { SearchIndex, SearchQuery } from '../../src/search/types.js';
import { copyFixtureKnowledge } from '../discord/harness.js';
import { startTestConsole } from './harness.js';

test('GIVEN an engine that has not counted every match WHEN a member pages THEN counts read "N+" and Next stays available until the end is known', async () => {
  const loaded = await loadKnowledge(await copyFixtureKnowledge());
  const queries: SearchQuery[] = [];
  // Records each query and reports a lower-bound total until the third page, as a large knowledge base would.
  const search: SearchIndex = {
    ...loaded.search,
    size: loaded.search.size,
    search(query) {
      queries.push(query);
      const result = loaded.search.search({ text: query.text, limit: 1 });
      const page = (query.offset ?? 0) / (query.limit ?? 10);
      return { ...result, total: page < 2 ? (page + 1) * 5 + 1 : 15, more: page < 2 };
    },
    passages: (q) => loaded.search.passages(q),
    close: () => loaded.search.close(),
  };
  const knowledge = createKnowledgeHolder({ ...loaded, search }, async () => ({ ...loaded, search }));
  const { session, type } = await startTestConsole({ knowledge });

  expect(await type('/search biometric')).toMatch(/6\+ results · page 1\n/);
  expect(await type('1')).toMatch(/11\+ results · page 2\n/);
  expect(session.buttons.map((b) => b.label)).toEqual(['◀ Previous', 'Next ▶']);
  expect(await type('2')).toMatch(/15 results · page 3 of 3\n/);
  expect(session.buttons.map((b) => b.label)).toEqual(['◀ Previous']);
  expect(queries.map((q) => [q.offset, q.limit])).toEqual([
    [0, 5],
    [5, 5],
    [10, 5],
  ]);
  knowledge.close();
});
