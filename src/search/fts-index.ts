import Database from 'better-sqlite3';
import { distance } from 'fastest-levenshtein';
import { type Library, organizationsOf } from '../kb/library.js';
import { normalizeName } from '../kb/normalize.js';
import { type Doc, isLawLike } from '../kb/schema.js';
import { namesOf, splitPassages } from './passages.js';
import { Synonyms } from './synonyms.js';
import { STOP_WORDS, stem, tokenize, tokenString } from './text.js';
import type {
  Passage,
  PassageHit,
  QueryConcept,
  SearchFilters,
  SearchHit,
  SearchIndex,
  SearchQuery,
  SearchResult,
} from './types.js';

/**
 * SearchIndex on SQLite FTS5 (BM25) in memory, chosen over MiniSearch by bench/search.ts (build time,
 * memory and p99 at 50,000 passages; see README). FTS5 indexes surface words; stemming, synonyms and typo
 * correction happen on the query side by expanding each concept to the indexed words that share its stem,
 * so the words we mark in snippets are exactly the words that matched.
 */

/**
 * BM25 column weights: title, names (aliases, jurisdiction, organisation), heading, summary, body, and
 * facets (type and jurisdiction tokens for filtering, never scored).
 */
const WEIGHTS = [5, 5, 1.5, 2, 1, 0] as const;
/** A query whose best document covers less than this share of its (rarity-weighted) concepts is "nothing relevant". */
export const CONFIDENCE_THRESHOLD = 0.5;
const SNIPPET_WORDS = 28;
/** Passages whose token strings are kept between searches: all of a small base, the busiest of a large one. */
const PASSAGE_WORDS_CACHE = 5_000;
/**
 * Postings (passages containing a query's words, summed) above which one OR query over every concept is
 * too slow to score on two cores; see retrieve().
 */
const POSTINGS_BUDGET = 6_000;

export interface SearchIndexOptions {
  synonyms?: Synonyms;
}

interface Filter {
  /** FTS5 expression over the facets column. */
  facets?: string;
  /** Exact test for what facets only approximate (a date range is filtered by year in FTS5). */
  keep?: (doc: Doc) => boolean;
  /** True when the filter can match nothing (an organisation no entry names). */
  none?: boolean;
}

/** Facet terms never collide with words: a prefix no English word has, letters and digits only. */
const FACET = /^xq(type|jur|year|org)/;
const facetOf = (kind: 'type' | 'jur' | 'year' | 'org', value: string) =>
  `xq${kind}${value.toLowerCase().replace(/[^a-z0-9]/g, '')}`;

/** Facet terms of a document: its type, and its jurisdiction with every enclosing one (US-CA-SF, US-CA, US). */
function facetTokens(doc: Doc): string {
  const tokens = [facetOf('type', doc.type), facetOf('year', doc.date.slice(0, 4))];
  for (const org of organizationsOf(doc)) tokens.push(facetOf('org', normalizeName(org)));
  if (isLawLike(doc)) {
    const parts = doc.jurisdiction.split('-');
    for (let i = 1; i <= parts.length; i++) tokens.push(facetOf('jur', parts.slice(0, i).join('-')));
  }
  return tokens.join(' ');
}

interface Row {
  doc: number;
  passage: Passage;
}

export function createSearchIndex(library: Library, options: SearchIndexOptions = {}): SearchIndex {
  return new FtsSearchIndex(library, options.synonyms ?? new Synonyms());
}

/**
 * A built index as plain data (the FTS database's bytes and the passages by row), so a worker thread can
 * build it and the main thread open it without building again (src/reload/): a reload then never blocks
 * the members' interactions for the seconds a large base takes to index.
 */
export interface SearchIndexImage {
  db: Uint8Array;
  rows: [doc: number, passage: Passage][];
  /** The vocabulary tables the constructor derives from the index (maps clone faster than they rebuild). */
  df: Map<string, number>;
  byStem: Map<string, string[]>;
  byShape: Map<string, string[]>;
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
  /** Indexed word → number of passages containing it. */
  private readonly df = new Map<string, number>();
  /** Porter stem → indexed words with that stem ("consent" → consent, consents, consented). */
  private readonly byStem = new Map<string, string[]>();
  /** Indexed words by first letter and length, for typo correction (a typo rarely hits the first letter). */
  private readonly byShape = new Map<string, string[]>();
  private readonly corrections = new Map<string, string[]>();
  /** Years entries are dated in, ascending, and every organisation named (normalised): for filters. */
  private readonly years: string[];
  private readonly organizations: string[];
  /** Passages' token strings, as the coverage rerank reads them; bounded, since a large base has many. */
  private readonly passageWords = new Map<Row, TokenIndex>();
  /** Each document's title and other names, as the coverage rerank reads them. */
  private readonly names: string[];
  private readonly rank: Database.Statement<[string, number], { rowid: number; score: number }>;

  constructor(
    library: Library,
    private readonly synonyms: Synonyms,
    image?: SearchIndexImage,
  ) {
    this.docs = library.docs;
    this.years = [...new Set(this.docs.map((d) => d.date.slice(0, 4)))].sort();
    this.organizations = library.organizations().map((f) => normalizeName(f.value));
    this.names = this.docs.map((d) => `${d.title} ${namesOf(d)}`);
    if (image) {
      this.db = new Database(Buffer.from(image.db.buffer, image.db.byteOffset, image.db.byteLength));
      for (const [doc, passage] of image.rows) this.rows.push({ doc, passage });
    } else {
      this.db = new Database(':memory:');
      this.db.pragma('journal_mode = OFF');
      this.db.exec(`
        CREATE VIRTUAL TABLE passages USING fts5(
          title, names, heading, summary, body, facets,
          tokenize = 'unicode61 remove_diacritics 2',
          content = ''
        );
        CREATE VIRTUAL TABLE vocab USING fts5vocab(passages, 'row');
      `);
      const insert = this.db.prepare(
        'INSERT INTO passages (rowid, title, names, heading, summary, body, facets) VALUES (?, ?, ?, ?, ?, ?, ?)',
      );
      this.db.transaction(() => {
        this.docs.forEach((doc, d) => {
          const names = namesOf(doc);
          const facets = facetTokens(doc);
          for (const p of splitPassages(doc)) {
            const rowid = this.rows.length + 1;
            this.rows.push({ doc: d, passage: p });
            const isSummary = p.index === 0;
            insert.run(
              rowid,
              doc.title,
              names,
              isSummary ? '' : p.heading,
              isSummary ? p.text : '',
              isSummary ? '' : p.text,
              facets,
            );
          }
        });
      })();
      this.db.exec(`INSERT INTO passages (passages) VALUES ('optimize')`);
    }
    if (image) {
      for (const [k, v] of image.df) this.df.set(k, v);
      for (const [k, v] of image.byStem) this.byStem.set(k, v);
      for (const [k, v] of image.byShape) this.byShape.set(k, v);
    } else {
      for (const { term, doc } of this.db.prepare('SELECT term, doc FROM vocab').all() as {
        term: string;
        doc: number;
      }[]) {
        if (FACET.test(term)) continue;
        this.df.set(term, doc);
        const s = stem(term);
        const group = this.byStem.get(s);
        if (group) group.push(term);
        else this.byStem.set(s, [term]);
        const shape = `${term[0]}${term.length}`;
        const sameShape = this.byShape.get(shape);
        if (sameShape) sameShape.push(term);
        else this.byShape.set(shape, [term]);
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
    return {
      db: this.db.serialize(),
      rows: this.rows.map((r) => [r.doc, r.passage]),
      df: this.df,
      byStem: this.byStem,
      byShape: this.byShape,
    };
  }

  search(query: SearchQuery): SearchResult {
    const limit = clamp(query.limit ?? 10, 1, 100);
    const offset = Math.max(0, query.offset ?? 0);
    const concepts = this.understand(query.text);
    const filter = this.filterFor(query.filters);
    const weights = this.weigh(concepts);
    const wanted = offset + limit;
    const { hits: ranked, exhausted } = this.retrieve(
      concepts,
      weights,
      filter,
      Math.max(50, wanted * 6),
      (hits) => {
        return new Set(hits.map((h) => h.doc.id)).size >= wanted;
      },
    );
    const ordered = [...this.groupByDoc(ranked).values()];
    const first = ordered[0];
    const confidence = first ? this.coverage(concepts, weights, first) : 0;
    const hits: SearchHit[] = ordered
      .slice(offset, offset + limit)
      .map((best) => withSnippet({ doc: best.doc, score: best.score, best }, concepts));
    return {
      hits,
      total: ordered.length,
      more: !exhausted,
      confidence,
      confident: confidence >= CONFIDENCE_THRESHOLD,
      concepts,
    };
  }

  passages(query: SearchQuery & { perDoc?: number }): {
    hits: PassageHit[];
    confidence: number;
    confident: boolean;
    concepts: QueryConcept[];
  } {
    const limit = clamp(query.limit ?? 8, 1, 50);
    const perDoc = Math.max(1, query.perDoc ?? 2);
    const concepts = this.understand(query.text);
    const weights = this.weigh(concepts);
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
    const filter = this.filterFor(query.filters);
    const { hits: ranked } = this.retrieve(concepts, weights, filter, Math.max(60, limit * 10), (h) => {
      return capped(h).length >= limit;
    });
    const hits = capped(ranked);
    const best = hits[0];
    const confidence = best ? this.coverage(concepts, weights, best) : 0;
    return { hits, confidence, confident: confidence >= CONFIDENCE_THRESHOLD, concepts };
  }

  /**
   * Ranked passages for the concepts. On a small index, one OR of every concept, reranked by coverage.
   * When the concepts' posting lists are long (a large knowledge base, common words), scoring every match
   * is what costs: first an AND of all concepts (cheap, and the best answers), then, if that found too
   * little, an OR of the rarer concepts only; the common ones still count in the coverage rerank.
   */
  private retrieve(
    concepts: QueryConcept[],
    weights: number[],
    filter: Filter,
    firstFetch: number,
    enough: (hits: PassageHit[]) => boolean,
  ): { hits: PassageHit[]; exhausted: boolean } {
    const known = concepts.filter((c) => c.known);
    if (known.length === 0 || filter.none) return { hits: [], exhausted: true };
    const postings = (c: QueryConcept) =>
      c.variants.reduce((n, v) => n + (this.df.get(v.split(' ')[0] as string) ?? 0), 0);
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
        ranked = this.rerank(rows, concepts, weights, filter.keep);
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

  /** Turns what the member typed into concepts: synonym phrases first, then single words; stop words dropped. */
  private understand(text: string): QueryConcept[] {
    const tokens = tokenize(text).slice(0, 40);
    const concepts: QueryConcept[] = [];
    const seen = new Set<string>();
    for (let i = 0; i < tokens.length;) {
      let taken = 0;
      for (let n = Math.min(this.synonyms.maxTokens, tokens.length - i); n >= 2; n--) {
        const phrase = tokens.slice(i, i + n).join(' ');
        const group = this.synonyms.lookup(phrase);
        if (group) {
          this.addConcept(concepts, seen, phrase, group);
          taken = n;
          break;
        }
      }
      if (taken > 0) {
        i += taken;
        continue;
      }
      const word = tokens[i++] as string;
      if (STOP_WORDS.has(word) || (word.length < 2 && !/\d/.test(word))) continue;
      this.addConcept(concepts, seen, word, this.synonyms.lookup(word) ?? [word]);
    }
    return concepts;
  }

  private addConcept(concepts: QueryConcept[], seen: Set<string>, text: string, members: string[]) {
    if (seen.has(text)) return;
    seen.add(text);
    const variants = new Set<string>();
    for (const member of members) {
      if (member.includes(' ')) {
        // A phrase: matched as written (every word must be indexed for it to match at all).
        if (member.split(' ').every((w) => this.df.has(w))) variants.add(member);
        continue;
      }
      for (const w of this.inflections(member)) variants.add(w);
    }
    if (variants.size === 0 && !text.includes(' ')) for (const w of this.correct(text)) variants.add(w);
    concepts.push({ text, variants: [...variants].sort(), known: variants.size > 0 });
  }

  /** Indexed words sharing the word's stem: "asking" → ask, asked, asking, asks. */
  private inflections(word: string): string[] {
    const found = this.byStem.get(stem(word)) ?? [];
    return this.df.has(word) && !found.includes(word) ? [word, ...found] : found;
  }

  /** Indexed words within a small edit distance of an unknown word, most common first; memoised. */
  private correct(word: string): string[] {
    const cached = this.corrections.get(word);
    if (cached) return cached;
    let result: string[] = [];
    if (word.length >= 4 && !/\d/.test(word)) {
      const max = word.length >= 8 ? 2 : 1;
      let best = max;
      let candidates: string[] = [];
      for (let len = word.length - max; len <= word.length + max; len++) {
        for (const term of this.byShape.get(`${word[0]}${len}`) ?? []) {
          const d = isTransposition(word, term) ? 1 : distance(word, term);
          if (d < best) {
            best = d;
            candidates = [term];
          } else if (d === best && d <= max) {
            candidates.push(term);
          }
        }
      }
      candidates.sort((a, b) => (this.df.get(b) ?? 0) - (this.df.get(a) ?? 0) || a.localeCompare(b));
      result = [...new Set(candidates.slice(0, 2).flatMap((t) => this.inflections(t)))];
    }
    if (this.corrections.size > 10_000) this.corrections.clear();
    this.corrections.set(word, result);
    return result;
  }

  /**
   * Filters become FTS5 terms on the facets column (type, jurisdiction with the places inside it, year,
   * organisation), so only matching passages are scored; exact dates are then checked on the few hits.
   */
  private filterFor(filters: SearchFilters | undefined): Filter {
    if (!filters) return {};
    const { type, jurisdiction, organization, from, to } = filters;
    const facets: string[] = [];
    const types = type === undefined ? [] : typeof type === 'string' ? [type] : [...type];
    if (types.length > 0) facets.push(anyOf(types.map((t) => facetOf('type', t))));
    if (jurisdiction) facets.push(facetOf('jur', jurisdiction));
    if (organization) {
      const wanted = normalizeName(organization);
      const names = this.organizations.filter(
        (o) => o === wanted || o.startsWith(`${wanted} `) || o.includes(wanted),
      );
      if (names.length === 0) return { none: true };
      facets.push(anyOf(names.map((o) => facetOf('org', o))));
    }
    let keep: Filter['keep'];
    if (from || to) {
      const first = Number((from ?? this.years[0] ?? '0').slice(0, 4));
      const last = Number((to ?? this.years[this.years.length - 1] ?? '9999').slice(0, 4));
      const years = this.years.filter((y) => Number(y) >= first && Number(y) <= last);
      if (years.length === 0) return { none: true };
      facets.push(anyOf(years.map((y) => facetOf('year', y))));
      keep = (doc) => (!from || doc.date >= from) && (!to || doc.date <= to);
    }
    return { ...(facets.length > 0 ? { facets: facets.join(' AND ') } : {}), ...(keep ? { keep } : {}) };
  }

  private run(match: string, filter: Filter, limit: number) {
    const query = filter.facets ? `(${match}) AND facets : (${filter.facets})` : match;
    return this.rank.all(query, limit);
  }

  /**
   * BM25 sums over every variant that matched, so a passage repeating three synonyms of one concept can
   * outscore one that answers every part of the question. Scale each score by how many distinct concepts
   * (weighted by rarity) the passage and its document's names cover, then sort again.
   */
  private rerank(
    rows: { rowid: number; score: number }[],
    concepts: QueryConcept[],
    weights: number[],
    keep?: (doc: Doc) => boolean,
  ): PassageHit[] {
    const hits: PassageHit[] = [];
    for (const { rowid, score } of rows) {
      const row = this.rows[rowid - 1];
      if (!row || (keep && !keep(this.docs[row.doc] as Doc))) continue;
      const hit = this.hit(row, -score, concepts);
      const covered = share(concepts, weights, new Set(hit.matched));
      hit.score *= 0.1 + covered * covered;
      hits.push(hit);
    }
    const order = new Map(hits.map((h, i) => [h, i]));
    return hits.sort((a, b) => b.score - a.score || (order.get(a) ?? 0) - (order.get(b) ?? 0));
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
      words = tokenIndex(`${this.names[row.doc]} ${row.passage.heading} ${row.passage.text}`);
      if (this.passageWords.size >= PASSAGE_WORDS_CACHE) this.passageWords.clear();
      this.passageWords.set(row, words);
    } else {
      // Seen before: worth a word set, which makes each variant one lookup instead of a string scan.
      words.words ??= new Set(words.joined.split(' '));
    }
    return { passage: row.passage, doc, score, matched: variantsIn(words, concepts) };
  }

  /** Share of the query's concepts, weighted by rarity, that the best document contains anywhere. */
  private coverage(concepts: QueryConcept[], weights: number[], best: PassageHit): number {
    const doc = best.doc;
    const whole = [doc.title, namesOf(doc), ...splitPassages(doc).map((p) => `${p.heading} ${p.text}`)].join(
      ' ',
    );
    return share(concepts, weights, new Set(matchedVariants(whole, concepts)));
  }

  /** Rarity (BM25's IDF) of each concept; a concept nothing matches counts as rarest of all. */
  private weigh(concepts: QueryConcept[]): number[] {
    const n = Math.max(1, this.rows.length);
    return concepts.map((c) => {
      const df = Math.max(0, ...c.variants.map((v) => this.df.get(v.split(' ')[0] as string) ?? 0));
      return Math.log(1 + (n - df + 0.5) / (df + 0.5));
    });
  }
}

function share(concepts: QueryConcept[], weights: number[], matched: Set<string>): number {
  let total = 0;
  let found = 0;
  concepts.forEach((c, i) => {
    const w = weights[i] ?? 0;
    total += w;
    if (c.variants.some((v) => matched.has(v))) found += w;
  });
  return total === 0 ? 0 : found / total;
}

/** True when b is a with two adjacent letters swapped ("agecny" / "agency"): one typo, not two edits. */
function isTransposition(a: string, b: string): boolean {
  if (a.length !== b.length) return false;
  let i = 0;
  while (i < a.length && a[i] === b[i]) i++;
  return i < a.length - 1 && a[i] === b[i + 1] && a[i + 1] === b[i] && a.slice(i + 2) === b.slice(i + 2);
}

const anyOf = (terms: string[]) => `(${terms.join(' OR ')})`;

/** FTS5 query text for one concept: any of its variants, phrases quoted. */
const anyVariant = (c: QueryConcept) => `(${c.variants.map((v) => `"${v}"`).join(' OR ')})`;
/** Passages with any concept; BM25 and the coverage rerank reward those with more. */
const orOf = (concepts: QueryConcept[]) => concepts.map(anyVariant).join(' OR ');
/** Passages with every concept. */
const andOf = (concepts: QueryConcept[]) => concepts.map(anyVariant).join(' AND ');

/** The variants (words or phrases) of any concept that occur in `text`. */
function matchedVariants(text: string, concepts: QueryConcept[]): string[] {
  return variantsIn(tokenIndex(text), concepts);
}

/** A text's tokens as one space-padded string, plus a word set once the text is read again. */
interface TokenIndex {
  joined: string;
  words?: Set<string>;
}

function tokenIndex(text: string): TokenIndex {
  return { joined: ` ${tokenString(text)} ` };
}

function variantsIn(tokens: TokenIndex, concepts: QueryConcept[]): string[] {
  const found: string[] = [];
  for (const c of concepts) {
    for (const v of c.variants) {
      const present =
        tokens.words && !v.includes(' ') ? tokens.words.has(v) : tokens.joined.includes(` ${v} `);
      if (present) found.push(v);
    }
  }
  return found;
}

/**
 * A search hit whose snippet is made the first time it is read: /timeline asks for up to 100 documents
 * and shows none of their snippets, /search shows five.
 */
function withSnippet(hit: Omit<SearchHit, 'snippet'>, concepts: QueryConcept[]): SearchHit {
  let made: string | undefined;
  return {
    ...hit,
    get snippet() {
      made ??= snippet(hit.best.passage.text, concepts);
      return made;
    },
  };
}

/**
 * The stretch of a passage with the most distinct query concepts, matched words in bold. Works on the
 * original text (so punctuation and capitals survive) by walking its words alongside their folded forms.
 */
export function snippet(text: string, concepts: QueryConcept[], size = SNIPPET_WORDS): string {
  const words = text.split(/\s+/).filter(Boolean);
  const single = new Map<string, number>();
  const phrases: { tokens: string[]; concept: number }[] = [];
  concepts.forEach((c, i) => {
    for (const v of c.variants) {
      if (v.includes(' ')) phrases.push({ tokens: v.split(' '), concept: i });
      else single.set(v, i);
    }
  });
  const folded = words.map(wordTokens);
  const marks: (number | undefined)[] = words.map((_, i) => {
    for (const t of folded[i] ?? []) {
      const c = single.get(t);
      if (c !== undefined) return c;
    }
    return undefined;
  });
  for (const p of phrases) {
    for (let i = 0; i + p.tokens.length <= words.length; i++) {
      if (p.tokens.every((t, k) => (folded[i + k] ?? []).includes(t))) {
        for (let k = 0; k < p.tokens.length; k++) marks[i + k] = p.concept;
      }
    }
  }
  let bestStart = 0;
  let bestScore = -1;
  for (let start = 0; start < Math.max(1, words.length - size + 1); start++) {
    const distinct = new Set(marks.slice(start, start + size).filter((m) => m !== undefined)).size;
    if (distinct > bestScore) {
      bestScore = distinct;
      bestStart = start;
    }
  }
  const end = Math.min(words.length, bestStart + size);
  const out = words
    .slice(bestStart, end)
    .map((w, k) => (marks[bestStart + k] === undefined ? w : boldWord(w)));
  return `${bestStart > 0 ? '… ' : ''}${out.join(' ')}${end < words.length ? ' …' : ''}`.replace(
    /\*\*\s\*\*/g,
    ' ',
  );
}

/** Tokens of one whitespace-separated word; plain words (the vast majority) skip the regex split. */
function wordTokens(word: string): string[] {
  return PLAIN_WORD.test(word) ? [word.toLowerCase()] : tokenize(word);
}
const PLAIN_WORD = /^[A-Za-z0-9]+$/;

function boldWord(word: string): string {
  const m = /^([^\p{L}\p{N}]*)(.*?)([^\p{L}\p{N}]*)$/u.exec(word);
  return m?.[2] ? `${m[1]}**${m[2]}**${m[3]}` : word;
}

function clamp(n: number, min: number, max: number): number {
  return Math.min(max, Math.max(min, Math.floor(n)));
}
