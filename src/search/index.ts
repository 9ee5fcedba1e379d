export { CONFIDENCE_THRESHOLD, createSearchIndex, type SearchIndexOptions } from './fts-index.js';
export { loadSynonyms, Synonyms } from './synonyms.js';
export type * from './types.js';
