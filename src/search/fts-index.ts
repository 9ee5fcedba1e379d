import Database from 'better-sqlite3';
import type { Library } from '../kb/library.js';
import { normalizeName } from '../kb/normalize.js';
import type { Doc } from '../kb/schema.js';
import { Bm25Rows } from './bm25-rows.js';
import { offTopic } from './coverage.js';
import type { CommonTops } from './common-tops.js';
import { type EntryProfile, entryProfiles } from './entry-profile.js';
import { type Filter, filterFor } from './filters.js';
import {
  buildFtsTables,
  cachedFtsTables,
  type CountedTables,
  type EarlyTables,
  type FtsTables,
  openFtsTables,
  RANK_SQL,
  type RankedRow,
} from './fts-store.js';
import { matchPlans } from './match-plan.js';
import { answerableHits, judgePlaces } from './place-judgement.js';
import type { QuestionFrame } from './question-frame.js';
import { CONFIDENCE_THRESHOLD, entryCoverage } from './ranking.js';
import type { Reranked, Reranker } from './rerank.js';
import { type CountedParts, countedParts, type SearchParts, searchParts } from './search-parts.js';
import { SnippetHit } from './snippet.js';
import { Synonyms } from './synonyms.js';
import type {
  PassageHit,
  PlaceJudgement,
  QueryConcept,
  SearchHit,
  SearchIndex,
  SearchQuery,
  SearchResult,
} from './types.js';
import { understand, type Understood, type UnderstandingContext } from './understand.js';
import type { Vocabulary } from './vocabulary.js';

export { CONFIDENCE_THRESHOLD } from './ranking.js';

/**
 * Passages a union's uncommon words may hold for SQLite to rank them beside a common word's kept rows
 * (CommonTops.union): as many as make a word common (COMMON_POSTINGS), a millisecond of BM25.
 */
const UNION_REST = 1_000;
export { snippet } from './snippet.js';

/**
 * SearchIndex on SQLite FTS5 (BM25), its database in a file read through a small cache (see
 * index-file.ts), chosen over MiniSearch by bench/search.ts (build time, memory and p99 at 50,000
 * passages; see README). FTS5 indexes surface words; stemming, synonyms and typo
 * correction happen on the query side by expanding each concept to the indexed words that share its stem,
 * so the words we mark in snippets are exactly the words that matched. On top of BM25: the entries' own
 * concept map (names, the questions members ask, tags), and the question's place, actor and activity.
 * This file holds the index (building, exporting and querying FTS5); reading the question is
 * understand.ts, the FTS5 queries match-plan.ts, scoring ranking.ts, the rerank
 * over word sets rerank.ts, the places place-judgement.ts.
 */

export interface SearchIndexOptions {
  synonyms?: Synonyms;
  /**
   * A folder for the built index (SEARCH_INDEX_DIR): a file named after the knowledge base's version is
   * opened when there, and written when built, so restarts and shard processes do not build it again.
   */
  cacheDir?: string | undefined;
  /** Passages a word's inflections must be held by to be ranked alone when the index is built (tests). */
  commonPostings?: number;
  /**
   * Whether the FTS5 inserts run in a child process beside the rest of the build (see
   * fts-build-process.ts); by default on a base of thousands of entries. The same index either way.
   */
  threads?: boolean;
}

export function createSearchIndex(library: Library, options: SearchIndexOptions = {}): SearchIndex {
  return new FtsSearchIndex(library, options.synonyms ?? new Synonyms(), undefined, options);
}

/**
 * A built index as plain data (the FTS database's bytes, which also say which entry and passage each row
 * is and hold the indexed words), so a worker thread can build it and the main thread open it without
 * building again (src/reload/): a reload then does not block members' interactions while a large base is
 * indexed.
 */
export interface SearchIndexImage {
  db: Uint8Array;
}

export function exportSearchIndex(index: SearchIndex): SearchIndexImage {
  if (!(index instanceof FtsSearchIndex)) throw new Error('search: only the FTS index can be exported');
  return index.image();
}

/** The index `image` holds, for `library` (the same documents, in the same order, it was built from). */
export function importSearchIndex(
  library: Library,
  image: SearchIndexImage,
  options: SearchIndexOptions = {},
): SearchIndex {
  return new FtsSearchIndex(library, options.synonyms ?? new Synonyms(), image);
}

class FtsSearchIndex implements SearchIndex {
  private readonly db: Database.Database;
  private readonly docs: readonly Doc[];
  private readonly docOf: Int32Array;
  /** Rescores SQLite's rows by what the question's words they and their entries hold (see rerank.ts). */
  private readonly reranker: Reranker;
  private readonly vocabulary: Vocabulary;
  /** Years entries are dated in, ascending, and every organisation named (normalised): for filters. */
  private readonly years: string[];
  private readonly organizations: string[];
  private readonly profiles: EntryProfile[];
  /** The library's positions of its entries (the index numbers entries the same way). */
  private readonly library: Library;
  /** What reading a question needs of this index: its words, synonyms, places and domain. */
  private readonly reading: UnderstandingContext;
  private readonly rank: Database.Statement<[string, number], RankedRow>;
  /** The most common words' best rows, ranked when the index was built (see CommonTops). */
  private readonly common: CommonTops;
  /** Scores the rows of queries of single words without FTS5's bm25() (see Bm25Rows). */
  private readonly bm25: Bm25Rows | undefined;

  constructor(
    library: Library,
    private readonly synonyms: Synonyms,
    image?: SearchIndexImage,
    options: SearchIndexOptions = {},
  ) {
    this.docs = library.docs;
    this.years = [...new Set(this.docs.map((d) => d.date.slice(0, 4)))].sort();
    this.organizations = library.organizations().map((f) => normalizeName(f.value));
    this.profiles = entryProfiles(library);
    this.library = library;
    // The rerank's tables are made while a build's child process commits the rows and reads their words
    // back, the vocabulary while it merges the index, if the build has one (see buildFtsTables); or else
    // once the tables are here.
    let counted: CountedParts | undefined;
    let early: SearchParts | undefined;
    const whileCommitting = (tables: CountedTables) => {
      counted = countedParts(tables, library, this.profiles, synonyms);
    };
    const whileMerging = (tables: EarlyTables) => {
      early = searchParts(counted ?? countedParts(tables, library, this.profiles, synonyms), tables);
    };
    let tables: FtsTables;
    if (image) {
      tables = openFtsTables(
        new Database(Buffer.from(image.db.buffer, image.db.byteOffset, image.db.byteLength)),
      );
    } else if (options.cacheDir) {
      tables = cachedFtsTables(
        options.cacheDir,
        library.version,
        this.docs,
        () => this.profiles,
        options.threads,
        { whileMerging, whileCommitting },
      ).tables;
    } else {
      tables = buildFtsTables(this.docs, this.profiles, options.commonPostings, options.threads, {
        whileMerging,
        whileCommitting,
      });
    }
    this.db = tables.db;
    this.docOf = tables.docOf;
    const parts =
      early ?? searchParts(counted ?? countedParts(tables, library, this.profiles, synonyms), tables);
    this.reranker = parts.reranker;
    this.vocabulary = parts.vocabulary;
    this.reading = parts.reading;
    this.common = tables.common;
    this.rank = this.db.prepare(RANK_SQL);
    const sets = { rows: tables.rowWords, about: tables.aboutWords, docOf: tables.docOf };
    this.bm25 =
      tables.bm25 && new Bm25Rows(tables.bm25, sets, parts.wordNumber, (w) => this.vocabulary.df(w), this.db);
  }

  get size(): number {
    return this.docOf.length;
  }

  close(): void {
    this.db.close();
  }

  image(): SearchIndexImage {
    return { db: this.db.serialize() };
  }

  search(query: SearchQuery): SearchResult {
    const limit = clamp(query.limit ?? 10, 1, 100);
    const offset = Math.max(0, query.offset ?? 0);
    const q = understand(query, this.reading);
    const filter = filterFor(query.filters, { organizations: this.organizations, years: this.years });
    const wanted = offset + limit;
    const { hits: ranked, exhausted } = this.retrieve(q, filter, Math.max(50, wanted * 6), (hits) => {
      const docs = new Set<string>();
      for (const h of hits) if (docs.add(h.doc.id).size >= wanted) return true;
      return false;
    });
    const ordered = bestOfEachDoc(ranked);
    const first = ordered[0];
    const confidence = first ? this.coverage(q, first) : 0;
    const hits: SearchHit[] = ordered
      .slice(offset, offset + limit)
      .map((best) => new SnippetHit(best.doc, best.score, best, q.concepts, this.reranker));
    return {
      hits,
      total: ordered.length,
      more: !exhausted,
      confidence,
      confident: confidence >= CONFIDENCE_THRESHOLD,
      concepts: q.concepts,
      frame: q.frame,
    };
  }

  passages(query: SearchQuery & { perDoc?: number }): {
    hits: PassageHit[];
    confidence: number;
    confident: boolean;
    concepts: QueryConcept[];
    frame: QuestionFrame;
    places: PlaceJudgement;
  } {
    const limit = clamp(query.limit ?? 8, 1, 50);
    const perDoc = Math.max(1, query.perDoc ?? 2);
    let q = understand(query, this.reading);
    const capped = (ranked: PassageHit[]) => {
      const perDocCount = new Map<string, number>();
      const out: PassageHit[] = [];
      for (const hit of ranked) {
        const n = perDocCount.get(hit.doc.id) ?? 0;
        if (n >= perDoc) continue;
        perDocCount.set(hit.doc.id, n + 1);
        out.push(hit);
        if (out.length >= limit) break;
      }
      return out;
    };
    const filter = filterFor(query.filters, { organizations: this.organizations, years: this.years });
    const fetch = (understood: Understood) =>
      this.retrieve(understood, filter, Math.max(60, limit * 10), (h) => capped(h).length >= limit).hits;
    let ranked = fetch(q);
    const places = judgePlaces(
      q.named,
      ranked,
      (h) => this.profiles[this.docIndex(h)]?.place,
      (h) => this.coverage(q, h) >= CONFIDENCE_THRESHOLD,
    );
    if (places.missing.length > 0) {
      // A place nothing answers for only pulls in passages that happen to mention it: search again
      // without it, so the answer comes from the places that have laws (after "Nothing on …").
      q = understand(query, this.reading, { dropUnknownPlaces: true });
      ranked = fetch(q);
    }
    const kept = answerableHits(
      ranked,
      places,
      (h) => this.profiles[this.docIndex(h)],
      q.frame.asksRule === true,
      q.frame.actors,
    );
    const hits = capped(kept);
    const best = hits[0];
    const confidence = best ? this.coverage(q, best, places.missing.length > 0) : 0;
    // Answering from other places is only right when the rest of the question is squarely on the base's
    // topics: "biometric privacy law in Florida" yes, "drone rules in Ohio" no.
    const aside =
      (places.missing.length > 0 || q.excused) &&
      offTopic(q.concepts, q.weights, this.reading.domain, q.names);
    return {
      hits,
      confidence,
      confident: confidence >= CONFIDENCE_THRESHOLD && !aside,
      concepts: q.concepts,
      frame: q.frame,
      places,
    };
  }

  /**
   * Ranked passages for the concepts: each of matchPlans()'s FTS5 queries in turn, fetching more rows
   * until `enough` holds or the query is exhausted, each batch reranked by coverage.
   */
  private retrieve(
    q: Understood,
    filter: Filter,
    firstFetch: number,
    enough: (hits: PassageHit[]) => boolean,
  ): { hits: PassageHit[]; exhausted: boolean } {
    const known = q.concepts.filter((c) => c.known);
    if (known.length === 0 || filter.none) return { hits: [], exhausted: true };
    const postings = (c: QueryConcept) => c.variants.reduce((n, v) => n + this.vocabulary.postings(v), 0);
    const plans = matchPlans(known, postings);
    const out: PassageHit[] = [];
    const seen = new Set<number>();
    let exhausted = false;
    for (const plan of plans) {
      let ranked: Reranked = { hits: [], rowids: [] };
      for (let fetch = firstFetch; ; fetch *= 4) {
        const rows = this.run(plan.match, filter, fetch);
        ranked = this.reranker.rerank(rows, q, filter.keep);
        exhausted = plan.complete && rows.length < fetch;
        if (rows.length < fetch || enough(out.length > 0 ? [...out, ...ranked.hits] : ranked.hits)) break;
      }
      ranked.hits.forEach((hit, i) => {
        const key = ranked.rowids[i] as number;
        if (!seen.has(key)) {
          seen.add(key);
          out.push(hit);
        }
      });
      if (enough(out)) break;
    }
    return { hits: out, exhausted };
  }

  private run(match: string, filter: Filter, limit: number): RankedRow[] {
    const top = filter.facets
      ? undefined
      : (this.common.get(match, limit) ?? this.common.union(match, limit, this.rankRows, this.rest));
    if (top) return top;
    const query = filter.facets ? `(${match}) AND facets : (${filter.facets})` : match;
    return this.scored(match, limit, query);
  }

  /**
   * RANK_SQL's rows for `match` (run as `query`): an AND's scored here (see Bm25Rows), since it matches at
   * most the rows of its rarest concept while bm25() reads every concept's whole list to weigh it; an OR
   * matches about as many rows as those lists hold, which SQLite scores as fast as they can be read out.
   */
  private scored(match: string, limit: number, query = match): RankedRow[] {
    return (
      (match.includes(' AND ') ? this.bm25?.rank(match, limit, query) : undefined) ??
      this.rank.all(query, limit)
    );
  }

  private readonly rankRows = (match: string, limit: number) => this.scored(match, limit);
  /** Words not common enough to be ranked at build time that unions rank here (see CommonTops.union). */
  private readonly rest = { postings: (w: string) => this.vocabulary.postings(w), budget: UNION_REST };

  private docIndex(hit: PassageHit): number {
    return this.library.position(hit.doc);
  }

  /** Share of the question's concepts (judging weights) that the best entry holds anywhere, profile included. */
  private coverage(q: Understood, best: PassageHit, aboutOnly = false): number {
    const doc = this.docIndex(best);
    const held = aboutOnly || doc < 0 ? undefined : this.reranker.entryVariants(doc, q.concepts);
    return entryCoverage(q, best.doc, this.profiles[doc], aboutOnly, held);
  }
}

/** Each entry's first (best) hit, in the order of the hits. */
function bestOfEachDoc(hits: readonly PassageHit[]): PassageHit[] {
  const seen = new Set<string>();
  const out: PassageHit[] = [];
  for (const hit of hits) {
    const size = seen.size;
    if (seen.add(hit.doc.id).size > size) out.push(hit);
  }
  return out;
}

function clamp(n: number, min: number, max: number): number {
  return Math.min(max, Math.max(min, Math.floor(n)));
}
