import type { SearchIndex, SearchQuery, SearchResult } from './types.js';

/** Distinct searches remembered per index: members repeat the same few queries and page through them. */
const DEFAULT_MAX_ENTRIES = 500;

/**
 * A SearchIndex that remembers its most recent search results. An index never changes once built (a
 * reload builds a new one), so the same query always gets the same answer: /search, its paging buttons
 * and /timeline asking again for what was just asked reuse that answer instead of ranking it again.
 * Results are frozen, since every caller holding one shares it.
 */
export function memoizeSearch(index: SearchIndex, options: { maxEntries?: number } = {}): SearchIndex {
  const maxEntries = options.maxEntries ?? DEFAULT_MAX_ENTRIES;
  const results = new Map<string, SearchResult>();
  return {
    search(query) {
      const key = searchKey(query);
      const known = results.get(key);
      if (known) {
        // Most recently used last, so the oldest is the first to go.
        results.delete(key);
        results.set(key, known);
        return known;
      }
      const result = freezeResult(index.search(query));
      results.set(key, result);
      if (results.size > maxEntries) {
        const oldest = results.keys().next().value;
        if (oldest !== undefined) results.delete(oldest);
      }
      return result;
    },
    passages: (query) => index.passages(query),
    get size() {
      return index.size;
    },
    close() {
      results.clear();
      index.close();
    },
  };
}

/** Everything a search's answer depends on, in a fixed order; undefined and absent are the same. */
function searchKey(query: SearchQuery): string {
  const f = query.filters ?? {};
  return JSON.stringify([
    query.text,
    f.type ?? null,
    f.jurisdiction ?? null,
    f.organization ?? null,
    f.from ?? null,
    f.to ?? null,
    query.limit ?? null,
    query.offset ?? null,
  ]);
}

function freezeResult(result: SearchResult): SearchResult {
  for (const hit of result.hits) {
    Object.freeze(hit.best.matched);
    Object.freeze(hit.best);
    Object.freeze(hit);
  }
  Object.freeze(result.hits);
  for (const concept of result.concepts) {
    Object.freeze(concept.variants);
    Object.freeze(concept);
  }
  Object.freeze(result.concepts);
  return Object.freeze(result);
}
