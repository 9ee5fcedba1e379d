import type { Doc } from '../kb/schema.js';
import { recall, remember } from './bounded-cache.js';
import { type TokenIndex, tokenIndex } from './coverage.js';
import type { EntryProfile } from './entry-profile.js';
import type { RankedRow } from './fts-store.js';
import { splitPassages, summaryPassage } from './passages.js';
import { askedFactor, entryText, frameFactor, nameFactor, rerankFactor } from './ranking.js';
import type { Passage, PassageHit, QueryConcept } from './types.js';
import type { Understood } from './understand.js';
import { WordProbe, type WordSets } from './word-sets.js';

/**
 * The rerank of the rows SQLite returns: which of the question's words each row's passage and entry
 * hold comes from the word sets built with the index (no passage is read for that), and the text is
 * read only for phrases and for the hits a caller shows or quotes.
 */

/** Passages whose token strings are kept between searches: all of a small base, the busiest of a large one. */
const PASSAGE_WORDS_CACHE = 5_000;
/**
 * Entries whose passages are kept split between searches; the rest are split again from the entry when hit.
 * Few: judging a search's best entry reads its word sets, not its text, so what is split is the entries of
 * the hits a search shows or /ask quotes, which other searches seldom show again (at 10,000 entries and
 * distinct queries 2,000 kept about 6 MB for one hit in eight; 64, a quarter of a megabyte, for one in
 * eighteen), and every one kept is more for the collector to copy and then to mark.
 */
const PASSAGES_CACHE = 64;

/** Reranked hits, best first, and each one's row (rows reranked again when more are fetched are new hits). */
export interface Reranked {
  hits: PassageHit[];
  rowids: number[];
}

/** What the reranker reads of the index: its rows (by rowid - 1), their word sets and the entries. */
export interface RerankTables {
  docs: readonly Doc[];
  profiles: readonly EntryProfile[];
  docOf: Int32Array;
  passageOf: Int32Array;
  rowWords: WordSets;
  aboutWords: WordSets;
  wordNumber: ReadonlyMap<string, number>;
}

export class Reranker {
  /**
   * Passages split from their entries and passages' token strings, as the rerank reads them; both
   * bounded (least recently used goes first), since a large base has many and SQLite holds the index.
   */
  private readonly passageCache = new Map<number, readonly Passage[]>();
  private readonly passageWords = new Map<number, TokenIndex>();
  /** Each entry's first row (as rowid - 1; an entry's passages are consecutive rows), then the number of rows. */
  private readonly firstRow: Int32Array;

  /**
   * Each entry's frame, name and asked factors (see rerankFactor) by entry, three to an entry, for the
   * rerank call numbered in `factorsOf` (the same for every row of an entry, so worked out once a call,
   * with no map made for a call).
   */
  private readonly factors: Float64Array;
  private readonly factorsOf: Int32Array;
  /**
   * Each entry's marks of the question's words in its names and questions (WordSets.bits), for the rerank
   * call numbered in `aboutOf`: the same for every row of an entry, so read once a call.
   */
  private readonly aboutBits: Int32Array;
  private readonly aboutOf: Int32Array;
  private calls = 0;
  /** The question's words as the last search looked them up: one for all of a search's reranks. */
  private probe: { concepts: readonly QueryConcept[]; probe: WordProbe } | undefined;

  constructor(private readonly t: RerankTables) {
    this.factors = new Float64Array(t.docs.length * 3);
    this.factorsOf = new Int32Array(t.docs.length);
    this.aboutBits = new Int32Array(t.docs.length);
    this.aboutOf = new Int32Array(t.docs.length);
    this.firstRow = new Int32Array(t.docs.length + 1).fill(t.docOf.length);
    for (let row = t.docOf.length - 1; row >= 0; row--) this.firstRow[t.docOf[row] as number] = row;
    for (let doc = t.docs.length - 1; doc >= 0; doc--)
      this.firstRow[doc] = Math.min(this.firstRow[doc] as number, this.firstRow[doc + 1] as number);
  }

  /**
   * The concepts' variants the entry at `doc` holds anywhere, its profile or any passage, as
   * matchedVariants() finds them in entryText(): from the word sets of its rows, so judging a search's best
   * entry reads no text, except for a phrase whose words the entry all holds (the text says whether they
   * stand together).
   */
  entryVariants(doc: number, concepts: readonly QueryConcept[]): string[] {
    const probe = this.probeOf(concepts);
    probe.found.fill(0);
    const end = this.firstRow[doc + 1] as number;
    for (let row = this.firstRow[doc] as number; row < end; row++)
      this.t.rowWords.mark(row, probe.wanted, probe.found);
    this.t.aboutWords.mark(doc, probe.wanted, probe.found);
    return probe.matched(this.entryTokens, doc);
  }

  /** The entry's text as entryCoverage() reads it, as one space-padded token string (see tokenIndex). */
  private readonly entryTokens = (doc: number): string =>
    tokenIndex(entryText(this.t.docs[doc] as Doc, this.t.profiles[doc], false, this.passagesOf(doc))).joined;

  /**
   * The rows, rescored by rerankFactor() (coverage, place, actor, activity, declared questions) and sorted
   * (equal scores keep SQLite's order), each hit with its row id beside it.
   */
  rerank(rows: readonly RankedRow[], q: Understood, keep?: (doc: Doc) => boolean): Reranked {
    const hits: RowHit[] = [];
    const call = ++this.calls;
    const { factors, factorsOf } = this;
    const probe = this.probeOf(q.concepts);
    for (const { rowid, score } of rows) {
      const doc = this.t.docOf[rowid - 1];
      if (doc === undefined || (keep && !keep(this.t.docs[doc] as Doc))) continue;
      const hit = this.hit(rowid, doc, -score, probe, call);
      if (factorsOf[doc] !== call) {
        const profile = this.t.profiles[doc] as EntryProfile;
        factors[doc * 3] = frameFactor(profile, q.frame);
        factors[doc * 3 + 1] = nameFactor(profile, q);
        factors[doc * 3 + 2] = askedFactor(profile, q);
        factorsOf[doc] = call;
      }
      hit.score *= rerankFactor(
        q,
        hit.matched,
        factors[doc * 3] as number,
        factors[doc * 3 + 1] as number,
        factors[doc * 3 + 2] as number,
      );
      hits.push(hit);
    }
    // Best first; the sort is stable, so equal scores keep SQLite's order.
    hits.sort(byScore);
    return { hits, rowids: hits.map(rowOf) };
  }

  /** The probe of the concepts' words, made again only for other concepts (another search). */
  private probeOf(concepts: readonly QueryConcept[]): WordProbe {
    if (this.probe?.concepts !== concepts)
      this.probe = { concepts, probe: new WordProbe(concepts, this.t.wordNumber) };
    return this.probe.probe;
  }

  /**
   * A ranked passage. Which of the question's words it holds comes from the word sets; its text is read
   * (the entry split again, unless recently) only for a phrase whose words it all holds, and when a
   * caller reads `passage`: the few hits shown or quoted, not every row reranked.
   */
  private hit(rowid: number, docIndex: number, score: number, probe: WordProbe, call: number): RowHit {
    let matched: string[];
    if (probe.small) {
      if (this.aboutOf[docIndex] !== call) {
        this.aboutBits[docIndex] = this.t.aboutWords.bits(docIndex, probe.wanted);
        this.aboutOf[docIndex] = call;
      }
      const bits = this.t.rowWords.bits(rowid - 1, probe.wanted) | (this.aboutBits[docIndex] as number);
      matched = probe.matchedBits(bits, this.joinedOf, rowid);
    } else {
      const found = probe.found.fill(0);
      this.t.rowWords.mark(rowid - 1, probe.wanted, found);
      this.t.aboutWords.mark(docIndex, probe.wanted, found);
      matched = probe.matched(this.joinedOf, rowid);
    }
    return new RowHit(this.t.docs[docIndex] as Doc, score, matched, this.passageAt, rowid);
  }

  /** The row's token string (for phrases) and its passage: one function each for every row, none made per row. */
  private readonly joinedOf = (rowid: number): string => this.passageWordsOf(rowid).joined;
  private readonly passageAt = (rowid: number): Passage => this.passage(rowid);

  /** The row's passage as one token string with its entry's profile (for phrases), recently used kept. */
  private passageWordsOf(rowid: number): TokenIndex {
    let words = recall(this.passageWords, rowid);
    if (words === undefined) {
      const passage = this.passage(rowid);
      const about = this.t.profiles[this.t.docOf[rowid - 1] as number]?.about ?? '';
      words = tokenIndex(`${about} ${passage.heading} ${passage.text}`);
      remember(this.passageWords, rowid, words, PASSAGE_WORDS_CACHE);
    }
    return words;
  }

  /**
   * The row's passage, split again from its entry unless that entry was hit recently; a summary (the
   * passage members' searches show most) is the entry's own, and no body is read for it.
   */
  private passage(rowid: number): Passage {
    const doc = this.t.docOf[rowid - 1] as number;
    const index = this.t.passageOf[rowid - 1] as number;
    const split = index === 0 ? recall(this.passageCache, doc) : this.passagesOf(doc);
    if (split === undefined) return summaryPassage(this.t.docs[doc] as Doc);
    return split[index] as Passage;
  }

  /**
   * The text of a reranked hit's passage, read (or the hit's own, when it has read it) without the hit
   * keeping the passage: for a snippet, which is all a search's answer needs of it.
   */
  passageText(hit: PassageHit): string {
    if (!(hit instanceof RowHit)) return hit.passage.text;
    const read = hit.read();
    if (read) return read.text;
    // Not kept: the entry is split up to the passage only, unless it was split recently.
    const doc = this.t.docOf[hit.rowid - 1] as number;
    const index = this.t.passageOf[hit.rowid - 1] as number;
    const split = recall(this.passageCache, doc);
    if (split) return (split[index] as Passage).text;
    const entry = this.t.docs[doc] as Doc;
    return index === 0 ? summaryPassage(entry).text : (splitPassages(entry, index)[index] as Passage).text;
  }

  /** The passages of the entry at `doc` (its position in the library), split again unless it was hit recently. */
  private passagesOf(doc: number): readonly Passage[] {
    let passages = recall(this.passageCache, doc);
    if (passages === undefined) {
      passages = splitPassages(this.t.docs[doc] as Doc);
      remember(this.passageCache, doc, passages, PASSAGES_CACHE);
    }
    return passages;
  }
}

/** Higher score first; answered as -1, 0 or 1, so no number is made for each comparison. */
const byScore = (a: PassageHit, b: PassageHit): number =>
  b.score > a.score ? 1 : b.score < a.score ? -1 : 0;
const rowOf = (hit: RowHit): number => hit.rowid;

/**
 * A reranked row as a hit, its passage read the first time `passage` is: the getter is the class's, so no
 * function is made for each of the hundreds of rows a search reranks. Its own fields are the hit's.
 */
class RowHit implements PassageHit {
  #passage: Passage | undefined;
  readonly #load: (rowid: number) => Passage;
  readonly #rowid: number;

  constructor(
    readonly doc: Doc,
    public score: number,
    readonly matched: string[],
    load: (rowid: number) => Passage,
    rowid: number,
  ) {
    this.#load = load;
    this.#rowid = rowid;
  }

  get passage(): Passage {
    this.#passage ??= this.#load(this.#rowid);
    return this.#passage;
  }

  /** The index row it was ranked from (not an own property: copies and JSON of a hit do not carry it). */
  get rowid(): number {
    return this.#rowid;
  }

  /** The passage when it has been read, else undefined. */
  read(): Passage | undefined {
    return this.#passage;
  }
}
