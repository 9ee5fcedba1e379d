import type { SearchIndex } from '../../src/search/index.js';

/** Questions whose answers two builds of the same base must give alike (a misspelling among them). */
const QUERIES = ['face recognition police', 'illinios biometirc privacy', 'moratorium', 'consent employer'];

/** What an index answers to QUERIES: the entries, the confidence and the snippets, to compare two builds. */
export const answers = (index: SearchIndex) =>
  QUERIES.map((text) => {
    const r = index.search({ text });
    return {
      ids: r.hits.map((h) => h.doc.id),
      confidence: r.confidence,
      snippets: r.hits.map((h) => h.snippet),
    };
  });
