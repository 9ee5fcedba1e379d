import Database from 'better-sqlite3';
import type { Library } from '../kb/library.js';
import type { Places } from '../kb/places.js';
import { normalizeName } from '../kb/normalize.js';
import type { Doc } from '../kb/schema.js';
import {
  judgedShare,
  judgeWeights,
  onTopic,
  matchedVariants,
  share,
  type TokenIndex,
  tokenIndex,
  variantsIn,
} from './coverage.js';
import { FACET, type Filter, facetTokens, filterFor } from './filters.js';
import { domainWords, type EntryProfile, entryProfiles } from './entry-profile.js';
import { splitPassages } from './passages.js';
import { queryConcepts, withContext } from './query-concepts.js';
import {
  placeRelation,
  type QuestionFrame,
  type QuestionPlace,
  understandQuestion,
} from './question-frame.js';
import { withSnippet } from './snippet.js';
import { Synonyms } from './synonyms.js';
import { tokenize } from './text.js';
import type {
  Passage,
  PassageHit,
  PlaceJudgement,
  QueryConcept,
  SearchHit,
  SearchIndex,
  SearchQuery,
  SearchResult,
} from './types.js';
import { Vocabulary } from './vocabulary.js';

export { snippet } from './snippet.js';

/**
 * SearchIndex on SQLite FTS5 (BM25) in memory, chosen over MiniSearch by bench/search.ts (build time,
 * memory and p99 at 50,000 passages; see README). FTS5 indexes surface words; stemming, synonyms and typo
 * correction happen on the query side by expanding each concept to the indexed words that share its stem,
 * so the words we mark in snippets are exactly the words that matched. On top of BM25: the entries' own
 * concept map (names, the questions members ask, tags), and the question's place, actor and activity.
 */

/**
 * BM25 column weights: title, names (aliases, jurisdiction, organisation), asked (the questions members
 * ask about the entry, and its tags), heading, summary, body, and facets (filter tokens, never scored).
 */
const WEIGHTS = [5, 5, 2, 1.5, 2, 1, 0] as const;
/** A query whose best document covers less than this share of its (weighted) concepts is "nothing relevant". */
export const CONFIDENCE_THRESHOLD = 0.5;
/** Passages whose token strings are kept between searches: all of a small base, the busiest of a large one. */
const PASSAGE_WORDS_CACHE = 5_000;
/**
 * Postings (passages containing a query's words, summed) above which one OR query over every concept is
 * too slow to score on two cores; see retrieve().
 */
const POSTINGS_BUDGET = 6_000;
/** Score factors: an entry of the place the question names, of another place, about its actor or activity. */
const SAME_PLACE = 1.5;
const OTHER_PLACE = 0.3;
const SAME_ACTOR = 1.1;
const SAME_ACTIVITY = 1.05;
/** Up to this factor for an entry one of whose declared questions holds the whole question. */
const ASKED_BOOST = 0.6;
/** Passages scoring at least this share of the best one are what the place judgement looks at. */
const PLACE_SCORE_SHARE = 0.25;

export interface SearchIndexOptions {
  synonyms?: Synonyms;
}

/** The question as understood, with the weights ranking and judging use. */
interface Understood {
  concepts: QueryConcept[];
  frame: QuestionFrame;
  /** Every place the question (or its context) names, including those no entry is about. */
  named: QuestionPlace[];
  /** Rarity, halved for context concepts: for ranking. */
  weights: number[];
  /** For judging whether an entry answers (see judgeWeights). */
  judge: number[];
}

interface Row {
  doc: number;
  passage: Passage;
}

export function createSearchIndex(library: Library, options: SearchIndexOptions = {}): SearchIndex {
  return new FtsSearchIndex(library, options.synonyms ?? new Synonyms());
}

/**
 * A built index as plain data (the FTS database's bytes, the passages by row, the indexed words with their
 * passage counts), so a worker thread can build it and the main thread open it without building again
 * (src/reload/): a reload then does not block members' interactions while a large base is indexed.
 */
export interface SearchIndexImage {
  db: Uint8Array;
  rows: [doc: number, passage: Passage][];
  terms: [term: string, passages: number][];
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
  private readonly rows: Row[] = [];
  private readonly vocabulary = new Vocabulary();
  /** Years entries are dated in, ascending, and every organisation named (normalised): for filters. */
  private readonly years: string[];
  private readonly organizations: string[];
  /** Passages' token strings, as the coverage rerank reads them; bounded, since a large base has many. */
  private readonly passageWords = new Map<Row, TokenIndex>();
  private readonly profiles: EntryProfile[];
  private readonly indexOf: Map<Doc, number>;
  /** Every place an entry applies to. */
  private readonly places: string[];
  /** The knowledge base's places table, for reading the places questions name. */
  private readonly placeTable: Places;
  /** Words of the base's own vocabulary (see judgeWeights). */
  private readonly domain: Set<string>;
  private readonly rank: Database.Statement<[string, number], { rowid: number; score: number }>;

  constructor(
    library: Library,
    private readonly synonyms: Synonyms,
    image?: SearchIndexImage,
  ) {
    this.docs = library.docs;
    this.years = [...new Set(this.docs.map((d) => d.date.slice(0, 4)))].sort();
    this.organizations = library.organizations().map((f) => normalizeName(f.value));
    this.profiles = entryProfiles(library);
    this.indexOf = new Map(this.docs.map((d, i) => [d, i]));
    this.placeTable = library.places;
    this.places = [...new Set(this.profiles.flatMap((p) => (p.place ? [p.place] : [])))];
    this.domain = domainWords(library, this.profiles, synonyms.words());
    if (image) {
      this.db = new Database(Buffer.from(image.db.buffer, image.db.byteOffset, image.db.byteLength));
      for (const [doc, passage] of image.rows) this.rows.push({ doc, passage });
      for (const [term, passages] of image.terms) this.vocabulary.add(term, passages);
    } else {
      this.db = new Database(':memory:');
      this.db.pragma('journal_mode = OFF');
      this.db.exec(`
        CREATE VIRTUAL TABLE passages USING fts5(
          title, names, asked, heading, summary, body, facets,
          tokenize = 'unicode61 remove_diacritics 2',
          content = ''
        );
        CREATE VIRTUAL TABLE vocab USING fts5vocab(passages, 'row');
      `);
      const insert = this.db.prepare(
        'INSERT INTO passages (rowid, title, names, asked, heading, summary, body, facets) VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
      );
      this.db.transaction(() => {
        this.docs.forEach((doc, d) => {
          const profile = this.profiles[d] as EntryProfile;
          const facets = facetTokens(doc);
          for (const p of splitPassages(doc)) {
            const rowid = this.rows.length + 1;
            this.rows.push({ doc: d, passage: p });
            const isSummary = p.index === 0;
            insert.run(
              rowid,
              doc.title,
              profile.names,
              profile.asked,
              isSummary ? '' : p.heading,
              isSummary ? p.text : '',
              isSummary ? '' : p.text,
              facets,
            );
          }
        });
      })();
      this.db.exec(`INSERT INTO passages (passages) VALUES ('optimize')`);
      for (const { term, doc } of this.db.prepare('SELECT term, doc FROM vocab').all() as {
        term: string;
        doc: number;
      }[]) {
        if (!FACET.test(term)) this.vocabulary.add(term, doc);
      }
    }
    const bm25 = `bm25(passages, ${WEIGHTS.join(', ')})`;
    this.rank = this.db.prepare(
      `SELECT rowid, ${bm25} AS score FROM passages WHERE passages MATCH ? ORDER BY score, rowid LIMIT ?`,
    );
  }

  get size(): number {
    return this.rows.length;
  }

  close(): void {
    this.db.close();
  }

  image(): SearchIndexImage {
    const terms = (this.db.prepare('SELECT term, doc FROM vocab').all() as { term: string; doc: number }[])
      .filter((t) => !FACET.test(t.term))
      .map((t): [string, number] => [t.term, t.doc]);
    return { db: this.db.serialize(), rows: this.rows.map((r) => [r.doc, r.passage]), terms };
  }

  search(query: SearchQuery): SearchResult {
    const limit = clamp(query.limit ?? 10, 1, 100);
    const offset = Math.max(0, query.offset ?? 0);
    const q = this.understand(query);
    const filter = filterFor(query.filters, { organizations: this.organizations, years: this.years });
    const wanted = offset + limit;
    const { hits: ranked, exhausted } = this.retrieve(q, filter, Math.max(50, wanted * 6), (hits) => {
      return new Set(hits.map((h) => h.doc.id)).size >= wanted;
    });
    const ordered = [...this.groupByDoc(ranked).values()];
    const first = ordered[0];
    const confidence = first ? this.coverage(q, first) : 0;
    const hits: SearchHit[] = ordered
      .slice(offset, offset + limit)
      .map((best) => withSnippet({ doc: best.doc, score: best.score, best }, q.concepts));
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
    let q = this.understand(query);
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
    const places = this.judgePlaces(q, ranked);
    if (places.missing.length > 0) {
      // A place nothing answers for only pulls in passages that happen to mention it: search again
      // without it, so the answer comes from the places that have laws (after "Nothing on …").
      q = this.understand(query, { dropUnknownPlaces: true });
      ranked = fetch(q);
    }
    const kept =
      places.named.length > places.missing.length
        ? ranked.filter((h) => !this.elsewhere(h, places.named))
        : ranked;
    const hits = capped(kept);
    const best = hits[0];
    const confidence = best ? this.coverage(q, best) : 0;
    // Answering from other places is only right when the rest of the question is squarely on the base's
    // topics: "biometric privacy law in Florida" yes, "drone rules in Ohio" no.
    const offTopic =
      places.missing.length > 0 && q.concepts.some((c) => !c.context && !onTopic(c, this.domain));
    return {
      hits,
      confidence,
      confident: confidence >= CONFIDENCE_THRESHOLD && !offTopic,
      concepts: q.concepts,
      frame: q.frame,
      places,
    };
  }

  /** The question (and its context) as concepts and frame, with both sets of weights. */
  private understand(query: SearchQuery, options: { dropUnknownPlaces?: boolean } = {}): Understood {
    let concepts = queryConcepts(query.text, this.vocabulary, this.synonyms);
    let frame = understandQuestion(query.text, this.placeTable);
    // A place is known when an entry is about it: a federal rule applies in every state, but is not
    // what a question about Florida's laws asks for.
    const known = (p: QuestionPlace) =>
      this.places.some(
        (place) => (place !== 'US' || p.code === 'US') && placeRelation(place, p) !== 'elsewhere',
      );
    if (query.context?.trim()) {
      const context = queryConcepts(query.context, this.vocabulary, this.synonyms, { context: true });
      concepts = withContext(concepts, context);
      const around = understandQuestion(query.context, this.placeTable);
      frame = {
        places: frame.places.length > 0 ? frame.places : around.places,
        actors: [...new Set([...frame.actors, ...around.actors])],
        activities: [...new Set([...frame.activities, ...around.activities])],
      };
    }
    // Places no entry is about rank nothing up or down: every entry would be "elsewhere". Only the
    // question's own places can be missing: a thread's title naming the UK does not make a question about
    // Clearview one about the UK.
    const named = understandQuestion(query.text, this.placeTable).places;
    frame = { ...frame, places: frame.places.filter(known) };
    if (options.dropUnknownPlaces) {
      const unknown = new Set(named.filter((p) => !known(p)).map((p) => tokenize(p.name).join(' ')));
      concepts = concepts.filter((c) => !unknown.has(c.text));
    }
    const rarity = this.rarity(concepts);
    const weights = concepts.map((c, i) => (c.context ? 0.5 : 1) * (rarity[i] ?? 0));
    const placeWords = new Set(
      named.flatMap((p) => [p.name, ...tokenize(p.name)].map((w) => w.toLowerCase())),
    );
    const judge = judgeWeights(concepts, rarity, {
      domain: this.domain,
      places: new Set([...placeWords].flatMap((w) => [w, tokenize(w).join(' ')])),
    });
    return { concepts, frame, named, weights, judge };
  }

  /**
   * Ranked passages for the concepts. On a small index, one OR of every concept, reranked by coverage.
   * When the concepts' posting lists are long (a large knowledge base, common words), scoring every match
   * is what costs: first an AND of all concepts (cheap, and the best answers), then, if that found too
   * little, an OR of the rarer concepts only; the common ones still count in the coverage rerank.
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
    const plans: { match: string; complete: boolean }[] = [];
    const total = known.reduce((n, c) => n + postings(c), 0);
    if (total <= POSTINGS_BUDGET || known.length === 1) {
      plans.push({ match: orOf(known), complete: true });
    } else {
      plans.push({ match: andOf(known), complete: false });
      const rarest = [...known].sort((a, b) => postings(a) - postings(b));
      const kept: QueryConcept[] = [];
      let cost = 0;
      for (const c of rarest) {
        if (kept.length > 0 && cost + postings(c) > POSTINGS_BUDGET) break;
        kept.push(c);
        cost += postings(c);
      }
      plans.push({ match: orOf(kept), complete: kept.length === known.length });
    }
    const out: PassageHit[] = [];
    const seen = new Set<string>();
    let exhausted = false;
    for (const plan of plans) {
      let ranked: PassageHit[] = [];
      for (let fetch = firstFetch; ; fetch *= 4) {
        const rows = this.run(plan.match, filter, fetch);
        ranked = this.rerank(rows, q, filter.keep);
        exhausted = plan.complete && rows.length < fetch;
        if (rows.length < fetch || enough([...out, ...ranked])) break;
      }
      for (const hit of ranked) {
        const key = `${hit.doc.id}#${hit.passage.index}`;
        if (!seen.has(key)) {
          seen.add(key);
          out.push(hit);
        }
      }
      if (enough(out)) break;
    }
    return { hits: out, exhausted };
  }

  private run(match: string, filter: Filter, limit: number) {
    const query = filter.facets ? `(${match}) AND facets : (${filter.facets})` : match;
    return this.rank.all(query, limit);
  }

  /**
   * BM25 sums over every variant that matched, so a passage repeating three synonyms of one concept can
   * outscore one that answers every part of the question. Scale each score by how many distinct concepts
   * (weighted by rarity) the passage and its entry's profile cover, and by whether the entry is about the
   * question's place, actor and activity; then sort again.
   */
  private rerank(
    rows: { rowid: number; score: number }[],
    q: Understood,
    keep?: (doc: Doc) => boolean,
  ): PassageHit[] {
    const hits: PassageHit[] = [];
    const asked = new Map<number, number>();
    for (const { rowid, score } of rows) {
      const row = this.rows[rowid - 1];
      if (!row || (keep && !keep(this.docs[row.doc] as Doc))) continue;
      const hit = this.hit(row, -score, q.concepts);
      const covered = share(q.concepts, q.weights, new Set(hit.matched));
      hit.score *=
        (0.1 + covered * covered) * this.frameFactor(row.doc, q.frame) * this.askedFactor(row.doc, q, asked);
      hits.push(hit);
    }
    const order = new Map(hits.map((h, i) => [h, i]));
    return hits.sort((a, b) => b.score - a.score || (order.get(a) ?? 0) - (order.get(b) ?? 0));
  }

  /**
   * The entries' declared questions as a concept map: the closer one of them is to the member's question
   * (the share of its weighted concepts it holds), the more the entry is what the member asks about.
   */
  private askedFactor(doc: number, q: Understood, memo: Map<number, number>): number {
    let factor = memo.get(doc);
    if (factor === undefined) {
      let best = 0;
      for (const question of this.profiles[doc]?.questions ?? [])
        best = Math.max(best, share(q.concepts, q.weights, new Set(variantsIn(question, q.concepts))));
      factor = 1 + ASKED_BOOST * best * best;
      memo.set(doc, factor);
    }
    return factor;
  }

  private frameFactor(doc: number, frame: QuestionFrame): number {
    const profile = this.profiles[doc] as EntryProfile;
    let factor = 1;
    if (frame.places.length > 0 && profile.place) {
      const place = profile.place;
      factor *= frame.places.some((p) => placeRelation(place, p) !== 'elsewhere') ? SAME_PLACE : OTHER_PLACE;
    }
    for (const a of frame.actors) if (profile.actors.has(a)) factor *= SAME_ACTOR;
    for (const a of frame.activities) if (profile.activities.has(a)) factor *= SAME_ACTIVITY;
    return factor;
  }

  /** True when the hit's entry belongs to a place, and none of the places the question names. */
  private elsewhere(hit: PassageHit, named: readonly QuestionPlace[]): boolean {
    const place = this.profiles[this.docIndex(hit)]?.place;
    return place !== undefined && named.every((p) => placeRelation(place, p) === 'elsewhere');
  }

  /**
   * Named places nothing well ranked is about: no entry of that place, and no passage naming it
   * ("Orlando" in the letter about Orlando's police), among the passages scoring near the best.
   */
  private judgePlaces(q: Understood, ranked: readonly PassageHit[]): PlaceJudgement {
    const { named } = q;
    if (named.length === 0) return { named, missing: [] };
    const floor = (ranked[0]?.score ?? 0) * PLACE_SCORE_SHARE;
    const near = ranked.filter((h) => h.score >= floor);
    const missing = named.filter((p) => {
      const words = ` ${tokenize(p.name).join(' ')} `;
      return !near.some((h) => {
        const place = this.profiles[this.docIndex(h)]?.place;
        if (
          place !== undefined &&
          (place !== 'US' || p.code === 'US') &&
          placeRelation(place, p) !== 'elsewhere'
        )
          return true;
        // A passage naming the place counts when its entry answers the rest of the question too.
        return (
          ` ${tokenize(`${h.passage.text} ${h.doc.title}`).join(' ')} `.includes(words) &&
          this.coverage(q, h) >= CONFIDENCE_THRESHOLD
        );
      });
    });
    return { named, missing };
  }

  private docIndex(hit: PassageHit): number {
    return this.indexOf.get(hit.doc) ?? -1;
  }

  private groupByDoc(hits: PassageHit[]): Map<string, PassageHit> {
    const grouped = new Map<string, PassageHit>();
    for (const hit of hits) if (!grouped.has(hit.doc.id)) grouped.set(hit.doc.id, hit);
    return grouped;
  }

  private hit(row: Row, score: number, concepts: QueryConcept[]): PassageHit {
    const doc = this.docs[row.doc] as Doc;
    let words = this.passageWords.get(row);
    if (words === undefined) {
      words = tokenIndex(`${this.profiles[row.doc]?.about ?? ''} ${row.passage.heading} ${row.passage.text}`);
      if (this.passageWords.size >= PASSAGE_WORDS_CACHE) this.passageWords.clear();
      this.passageWords.set(row, words);
    } else {
      // Seen before: worth a word set, which makes each variant one lookup instead of a string scan.
      words.words ??= new Set(words.joined.split(' '));
    }
    return { passage: row.passage, doc, score, matched: variantsIn(words, concepts) };
  }

  /** Share of the question's concepts (judging weights) that the best entry holds anywhere, profile included. */
  private coverage(q: Understood, best: PassageHit): number {
    const doc = best.doc;
    const profile = this.profiles[this.docIndex(best)];
    const whole = [
      profile?.about ?? doc.title,
      ...splitPassages(doc).map((p) => `${p.heading} ${p.text}`),
    ].join(' ');
    return judgedShare(q.concepts, q.judge, new Set(matchedVariants(whole, q.concepts)));
  }

  /** Rarity (BM25's IDF) of each concept; a concept nothing matches counts as rarest of all. */
  private rarity(concepts: QueryConcept[]): number[] {
    const n = Math.max(1, this.rows.length);
    return concepts.map((c) => {
      const df = Math.max(0, ...c.variants.map((v) => this.vocabulary.postings(v)));
      return Math.log(1 + (n - df + 0.5) / (df + 0.5));
    });
  }
}

/** FTS5 query text for one concept: any of its variants, phrases quoted. */
const anyVariant = (c: QueryConcept) => `(${c.variants.map((v) => `"${v}"`).join(' OR ')})`;
/** Passages with any concept; BM25 and the coverage rerank reward those with more. */
const orOf = (concepts: QueryConcept[]) => concepts.map(anyVariant).join(' OR ');
/** Passages with every concept. */
const andOf = (concepts: QueryConcept[]) => concepts.map(anyVariant).join(' AND ');

function clamp(n: number, min: number, max: number): number {
  return Math.min(max, Math.max(min, Math.floor(n)));
}
