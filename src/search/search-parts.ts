import type { Library } from '../kb/library.js';
import { domainWords, type EntryProfile } from './entry-profile.js';
import type { CountedTables, EarlyTables } from './fts-store.js';
import { Reranker } from './rerank.js';
import type { Synonyms } from './synonyms.js';
import type { UnderstandingContext } from './understand.js';
import { Vocabulary, type WordTable } from './vocabulary.js';

/**
 * What searching reads besides the database: the rerank's tables, the vocabulary, the question's context.
 * Made in two steps, so that a build whose FTS5 inserts run in a child process makes the first while the
 * child commits the rows and reads their words back (see buildFtsTables's `whileCommitting`), and only
 * the vocabulary, which needs those words, after.
 */
export interface SearchParts {
  wordNumber: ReadonlyMap<string, number>;
  reranker: Reranker;
  vocabulary: Vocabulary;
  reading: UnderstandingContext;
}

/** The parts that need no indexed word's passage count: made from the counted tables alone. */
export interface CountedParts {
  words: WordTable;
  reranker: Reranker;
  reading: Omit<UnderstandingContext, 'vocabulary'>;
}

export function countedParts(
  tables: CountedTables,
  library: Library,
  profiles: EntryProfile[],
  synonyms: Synonyms,
): CountedParts {
  // One table of the index's words, numbered, for the rerank, the vocabulary and the domain alike.
  const words = { words: tables.words, numberOf: new Map(tables.words.map((w, i) => [w, i])) };
  const reranker = new Reranker({
    docs: library.docs,
    profiles,
    docOf: tables.docOf,
    passageOf: tables.passageOf,
    rowWords: tables.rowWords,
    aboutWords: tables.aboutWords,
    wordNumber: words.numberOf,
  });
  const reading = {
    synonyms,
    placeTable: library.places,
    places: [...new Set(profiles.flatMap((p) => (p.place ? [p.place] : [])))],
    domain: domainWords(tables.domain, synonyms.words(), words),
    passages: tables.docOf.length,
  };
  return { words, reranker, reading };
}

/** The parts complete, with the vocabulary of the index's words (`tables.terms`). */
export function searchParts(counted: CountedParts, tables: Pick<EarlyTables, 'terms'>): SearchParts {
  const vocabulary = new Vocabulary(counted.words);
  for (const [term, passages, stem] of tables.terms) vocabulary.add(term, passages, stem);
  return {
    wordNumber: counted.words.numberOf,
    reranker: counted.reranker,
    vocabulary,
    reading: { vocabulary, ...counted.reading },
  };
}
