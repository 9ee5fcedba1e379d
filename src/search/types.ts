import type { Doc, DocType } from '../kb/schema.js';
import type { QuestionFrame } from './question-frame.js';
import type { QuestionPlace } from './question-place.js';

/**
 * The search contract. Callers (commands, /ask, the CLI) depend on this, never on the engine behind it,
 * so the engine can be swapped and measured (see bench/).
 */

export interface SearchFilters {
  /** Only these document types. */
  type?: DocType | readonly DocType[] | undefined;
  /** Only laws and bills of this jurisdiction or places inside it (`US-CA` includes `US-CA-SF`). */
  jurisdiction?: string | undefined;
  /** Only entries naming this organisation (author, signatory, recipient, party, statement maker). */
  organization?: string | undefined;
  /** Inclusive date range on the entry's `date`, YYYY-MM-DD. */
  from?: string | undefined;
  to?: string | undefined;
}

export interface SearchQuery {
  text: string;
  /**
   * Where the question was asked, when that says what it is about: a Discord thread's title. Its words
   * help find and judge the answer, counting less than the question's own.
   */
  context?: string | undefined;
  filters?: SearchFilters;
  /** Documents to return (default 10). */
  limit?: number;
  /** Documents to skip, for paging (default 0). */
  offset?: number;
}

/** A passage: a piece of one document (its summary, or a section or paragraph of its body). */
export interface Passage {
  docId: string;
  /** Position of the passage in its document, 0 for the summary. */
  index: number;
  /** The heading the passage sits under ("Summary" for the summary passage). */
  heading: string;
  text: string;
}

export interface PassageHit {
  passage: Passage;
  doc: Doc;
  /** Engine score, higher is better; only comparable within one search. */
  score: number;
  /** Query terms (surface words, lowercase) found in this passage. */
  matched: string[];
}

export interface SearchHit {
  doc: Doc;
  score: number;
  /** The document's best passage. */
  best: PassageHit;
  /** The best passage's most relevant stretch, matched words wrapped in `**`. Plain Markdown. */
  snippet: string;
}

export interface SearchResult {
  hits: SearchHit[];
  /** Documents found (for paging): exact when `more` is false, otherwise a lower bound. */
  total: number;
  /** True when more documents may match than were ranked (a large knowledge base, a common query). */
  more: boolean;
  /**
   * How much of the question the best document answers, 0..1: the share of the query's concepts
   * (weighted by rarity) found in it. Below `confident`'s threshold, say "nothing relevant".
   */
  confidence: number;
  confident: boolean;
  /** The query as understood: concepts after stop words, synonyms and typo correction. */
  concepts: QueryConcept[];
  /** The places, actors and activities the query names. */
  frame: QuestionFrame;
}

/**
 * What /ask needs about places: the ones the question names, and those of them that nothing found
 * applies to ("Nothing on Florida in the knowledge base; …"). When the question names a place that
 * retrieved entries apply to, passages from entries of other places are left out.
 */
export interface PlaceJudgement {
  named: QuestionPlace[];
  missing: QuestionPlace[];
}

export interface QueryConcept {
  /** What the member typed (a word, or a phrase the synonym table knows). */
  text: string;
  /** Surface words and phrases searched for it: inflections, synonyms, typo corrections. */
  variants: string[];
  /** False when nothing in the knowledge base matches it, even after correction. */
  known: boolean;
  /** True when only typo corrections of it are indexed ("Nest" → next, best). */
  corrected?: boolean;
  /** True when it comes from the question's context (a thread's title), not the question itself. */
  context?: boolean;
}

export interface SearchIndex {
  search(query: SearchQuery): SearchResult;
  /**
   * The best passages for a question, at most `perDoc` from one document so a long entry cannot crowd
   * out the rest. For /ask: retrieval, before answering.
   */
  passages(query: SearchQuery & { perDoc?: number }): {
    hits: PassageHit[];
    confidence: number;
    confident: boolean;
    /** The query as understood (as in SearchResult), so /ask can match sentences the same way without a second search. */
    concepts?: QueryConcept[];
    frame?: QuestionFrame;
    places?: PlaceJudgement;
  };
  /** Number of passages indexed. */
  readonly size: number;
  close(): void;
}
