import { distance } from 'fastest-levenshtein';
import { GRAM, NameKeys, NameText } from './name-keys.js';
import { normalizeName } from './normalize.js';
import { isWithin, Places } from './places.js';
import { DOC_TYPES, type Doc, type DocType, isLawLike } from './schema.js';

/** A value members pick from (autocomplete), with how many entries carry it. */
export interface Facet {
  value: string;
  label: string;
  count: number;
}

export interface DateRange {
  from?: string | undefined;
  to?: string | undefined;
}

/**
 * The loaded knowledge base, immutable once built: lookups by id, name, organisation, signatory,
 * jurisdiction, type and date. Names compare case- and accent-insensitively (see normalizeName).
 */
export class Library {
  readonly docs: readonly Doc[];
  readonly version: string;
  /** The places laws and bills may name (knowledge/jurisdictions.yml), for names and autocomplete. */
  readonly places: Places;
  private readonly byId = new Map<string, Doc>();
  private readonly orgIndex = new Map<string, { label: string; docs: Doc[] }>();
  private readonly signatoryIndex = new Map<string, { label: string; docs: Doc[] }>();
  /**
   * Lookups members make on every interaction, indexed once so their cost does not grow with the base:
   * entries by type, the entries whose `related` names an id, statements by organisation (normalised),
   * and every entry's names normalised for suggest().
   */
  private readonly typeIndex = new Map<DocType, Doc[]>();
  private readonly referencedBy = new Map<string, Doc[]>();
  private readonly statementIndex = new Map<string, Doc[]>();
  private readonly nameKeys = new NameKeys();
  /** Positions in `docs` of each type's entries, so suggest() for a type reads only that type's names. */
  private readonly typePositions = new Map<DocType, number[]>();
  /** Each entry's position in `docs` (oldest first, then by id), so a list can be put in date order with
   * integer comparisons instead of comparing dates and ids as text. */
  private readonly positionOf = new Map<Doc, number>();
  /** By position in `docs`: its rank newest first (then by id), the order suggest() breaks ties in. */
  private readonly newestRank: Int32Array;
  /** Per type, its entries' names in one text (see NameText), built on first use. */
  private readonly nameTexts = new Map<DocType, NameText>();
  private readonly nameLengths = new Map<DocType, Map<number, { at: number; key: string }[]>>();
  /** Facets computed on first use: the library never changes, and autocomplete asks on every keystroke. */
  private statementFacets: readonly Facet[] | undefined;
  private jurisdictionFacets: readonly Facet[] | undefined;
  private typeCounts: Readonly<Record<DocType, number>> | undefined;
  /** The most recent `added` or `updated` date, found while indexing so /about never reads every entry. */
  private readonly lastDate: string | undefined;

  constructor(docs: readonly Doc[], version: string, places: Places = new Places([])) {
    this.docs = [...docs].sort((a, b) => a.date.localeCompare(b.date) || a.id.localeCompare(b.id));
    this.version = version;
    this.places = places;
    let last: string | undefined;
    let position = 0;
    for (const doc of this.docs) {
      const changed = doc.updated ?? doc.added;
      if (!last || changed > last) last = changed;
      this.byId.set(doc.id, doc);
      const keys = [doc.id, doc.title, ...doc.aliases].map(normalizeName);
      this.nameKeys.add(keys);
      for (const org of organizationsOf(doc)) addTo(this.orgIndex, org, doc);
      if (doc.type === 'letter')
        for (const s of [...doc.authors, ...doc.signatories]) addTo(this.signatoryIndex, s, doc);
      push(this.typeIndex, doc.type, doc);
      push(this.typePositions, doc.type, position++);
      for (const id of new Set(doc.related)) push(this.referencedBy, id, doc);
      if (doc.type === 'statement') push(this.statementIndex, normalizeName(doc.organization), doc);
    }
    this.nameKeys.finish();
    // `docs` is oldest first and by id within a date: newest first by id is its runs of one date reversed.
    this.newestRank = new Int32Array(this.docs.length);
    let rank = 0;
    for (let end = this.docs.length; end > 0;) {
      let start = end - 1;
      const date = (this.docs[start] as Doc).date;
      while (start > 0 && (this.docs[start - 1] as Doc).date === date) start--;
      for (let at = start; at < end; at++) this.newestRank[at] = rank++;
      end = start;
    }
    this.docs.forEach((doc, at) => this.positionOf.set(doc, at));
    this.lastDate = last;
  }

  /** The entry's position in `docs`, -1 when it is not one of this library's. */
  position(doc: Doc): number {
    return this.positionOf.get(doc) ?? -1;
  }

  /** The entries oldest first, then by id (the library's own order), whatever order they come in. */
  inDateOrder(docs: Iterable<Doc>): Doc[] {
    const known = (doc: Doc) => this.positionOf.get(doc) ?? -1;
    const out = [...docs];
    if (out.some((d) => known(d) < 0))
      return out.sort((a, b) => a.date.localeCompare(b.date) || a.id.localeCompare(b.id));
    return out.sort((a, b) => known(a) - known(b));
  }

  get size(): number {
    return this.docs.length;
  }

  get(id: string): Doc | undefined {
    return this.byId.get(id);
  }

  /** The entry an id, title or alias names ("bipa", "Illinois biometric law", "illinois-bipa"). */
  resolve(name: string, type?: DocType | readonly DocType[]): Doc | undefined {
    const doc = this.byId.get(name) ?? this.docs[this.nameKeys.find(normalizeName(name))];
    return doc && matchesType(doc, type) ? doc : undefined;
  }

  /** The closest names to `name`, best first, for "did you mean" replies and autocomplete. */
  suggest(name: string, options: { type?: DocType | readonly DocType[]; limit?: number } = {}): Doc[] {
    const query = normalizeName(name);
    const limit = options.limit ?? 5;
    // Exact, prefix and substring matches first (cheap); the edit distance to every name is only worth
    // computing when they do not fill the list, since any of them ranks above any near miss.
    const scored: { at: number; score: number }[] = [];
    const type = options.type;
    const score = (at: number) => {
      let best = Number.POSITIVE_INFINITY;
      for (let k = this.nameKeys.start(at), end = this.nameKeys.end(at); k < end; k++) {
        const key = this.nameKeys.key(k);
        if (!query || key === query) best = 0;
        else if (key.startsWith(query)) best = Math.min(best, 1);
        else if (key.includes(query)) best = Math.min(best, 2);
      }
      return best;
    };
    const types = type === undefined ? DOC_TYPES : typeof type === 'string' ? [type] : type;
    if (!query)
      for (const t of types) for (const at of this.typePositions.get(t) ?? []) scored.push({ at, score: 0 });
    else
      for (const t of new Set(types)) {
        // Only the entries whose names hold the query can score: those its runs of letters find (a few
        // more, which score nothing), or for a letter or two, one native search of the names.
        const names = this.nameText(t);
        if (query.length >= GRAM) {
          for (const at of names.holding(query)) {
            const best = score(at);
            if (best <= 2) scored.push({ at, score: best });
          }
          continue;
        }
        for (let i = names.text.indexOf(query); i >= 0;) {
          const k = names.keyAt(i);
          const at = names.docs[k] as number;
          scored.push({ at, score: score(at) });
          i = names.text.indexOf(query, names.nextDoc[k]);
        }
      }
    const found = scored.length;
    const cutoff = query.length < 3 ? 2 : 3.5;
    if (found < limit && cutoff > 2) {
      const matched = new Set(scored.map((s) => s.at));
      const types = [...new Set(typeof type === 'string' ? [type] : (type ?? DOC_TYPES))];
      // A near miss is within cutoff - 3 edits per typed letter; two strings are at least their difference
      // in length apart, so most names are passed over without computing the distance.
      const edits = (cutoff - 3) * Math.max(1, query.length);
      const within = (key: string) => {
        const start = key.slice(0, query.length + 2);
        return Math.abs(start.length - query.length) > edits
          ? Number.POSITIVE_INFINITY
          : 3 + distance(query, start) / Math.max(1, query.length);
      };
      if (edits < 2) {
        // A name is compared by its first query + 2 letters, so with fewer than two edits allowed (three
        // letters typed) only names shorter than that can be near: read those by length, not every name.
        const nearest = new Map<number, number>();
        for (const t of types)
          for (let length = Math.ceil(query.length - edits); length < query.length + 2; length++)
            for (const { at, key } of this.namesByLength(t).get(length) ?? []) {
              if (matched.has(at)) continue;
              const score = within(key);
              if (score < (nearest.get(at) ?? Number.POSITIVE_INFINITY)) nearest.set(at, score);
            }
        for (const [at, score] of nearest) if (score <= cutoff) scored.push({ at, score });
      } else {
        const near = types.flatMap((t) => this.typePositions.get(t) ?? []).filter((at) => !matched.has(at));
        for (const at of near) {
          let best = Number.POSITIVE_INFINITY;
          for (let k = this.nameKeys.start(at), end = this.nameKeys.end(at); k < end; k++)
            best = Math.min(best, within(this.nameKeys.key(k)));
          if (best <= cutoff) scored.push({ at, score: best });
        }
      }
    }
    // Best score first, then newest, then by id: the ranks built with the library, not text comparisons
    // (a short prefix can match thousands of names in a large base).
    const rank = this.newestRank;
    return scored
      .filter((s) => s.score <= cutoff)
      .sort((a, b) => a.score - b.score || (rank[a.at] as number) - (rank[b.at] as number))
      .slice(0, limit)
      .map((s) => this.docs[s.at] as Doc);
  }

  /** A type's entries' names by length, built on first use (see suggest()). */
  private namesByLength(type: DocType): Map<number, { at: number; key: string }[]> {
    let names = this.nameLengths.get(type);
    if (!names) {
      names = new Map();
      for (const at of this.typePositions.get(type) ?? [])
        for (const key of this.nameKeys.of(at)) push(names, key.length, { at, key });
      this.nameLengths.set(type, names);
    }
    return names;
  }

  private nameText(type: DocType): NameText {
    let names = this.nameTexts.get(type);
    if (!names) {
      names = new NameText(
        (this.typePositions.get(type) ?? []).map((at) => ({ at, keys: this.nameKeys.of(at) })),
      );
      this.nameTexts.set(type, names);
    }
    return names;
  }

  byType(type: DocType | readonly DocType[]): Doc[] {
    if (typeof type === 'string') return [...(this.typeIndex.get(type) ?? [])];
    return this.docs.filter((d) => matchesType(d, type));
  }

  inRange(range: DateRange, docs: readonly Doc[] = this.docs): Doc[] {
    return docs.filter((d) => (!range.from || d.date >= range.from) && (!range.to || d.date <= range.to));
  }

  /** Laws and bills of a jurisdiction, including those of places inside it (US-CA includes US-CA-SF). */
  byJurisdiction(code: string): Doc[] {
    return this.docs.filter((d) => isLawLike(d) && isWithin(d.jurisdiction, code));
  }

  /** Entries an organisation wrote, signed, received or is a party to; statements first come by date. */
  byOrganization(name: string): Doc[] {
    return lookup(this.orgIndex, name);
  }

  /** Letters an organisation or person signed or wrote. */
  bySignatory(name: string): Doc[] {
    return lookup(this.signatoryIndex, name);
  }

  /** A company's or organisation's statements, oldest first. */
  statementsOf(organization: string): Doc[] {
    return [...(this.statementIndex.get(normalizeName(organization)) ?? [])];
  }

  /** The entries a document links to with `related`, in the order given, skipping ids not loaded. */
  related(doc: Doc): Doc[] {
    return doc.related.map((id) => this.byId.get(id)).filter((d): d is Doc => d !== undefined);
  }

  /** Entries that link to `doc` with their own `related`. */
  referencing(doc: Doc): Doc[] {
    return [...(this.referencedBy.get(doc.id) ?? [])];
  }

  organizations(): Facet[] {
    return facets(this.orgIndex);
  }

  /** Organisations that made statements (the companies `/statement` offers). */
  statementOrganizations(): Facet[] {
    this.statementFacets ??= (() => {
      const index = new Map<string, { label: string; docs: Doc[] }>();
      for (const d of this.docs) if (d.type === 'statement') addTo(index, d.organization, d);
      return facets(index);
    })();
    return copyFacets(this.statementFacets);
  }

  signatories(): Facet[] {
    return facets(this.signatoryIndex);
  }

  jurisdictions(): Facet[] {
    this.jurisdictionFacets ??= (() => {
      const counts = new Map<string, number>();
      for (const d of this.docs)
        if (isLawLike(d)) counts.set(d.jurisdiction, (counts.get(d.jurisdiction) ?? 0) + 1);
      return [...counts]
        .map(([value, count]) => ({ value, label: this.places.name(value), count }))
        .sort((a, b) => a.label.localeCompare(b.label));
    })();
    return copyFacets(this.jurisdictionFacets);
  }

  countsByType(): Record<DocType, number> {
    this.typeCounts ??= Object.fromEntries(
      DOC_TYPES.map((t) => [t, this.typeIndex.get(t)?.length ?? 0]),
    ) as Record<DocType, number>;
    return { ...this.typeCounts };
  }

  /** The most recent `added` or `updated` date, or undefined for an empty library. */
  lastUpdated(): string | undefined {
    return this.lastDate;
  }
}

function matchesType(doc: Doc, type: DocType | readonly DocType[] | undefined): boolean {
  if (type === undefined) return true;
  return typeof type === 'string' ? doc.type === type : type.includes(doc.type);
}

/** Every organisation an entry names, whatever its role. */
export function organizationsOf(doc: Doc): string[] {
  switch (doc.type) {
    case 'statement':
      return [doc.organization];
    case 'letter':
      return [...doc.authors, ...doc.recipients, ...doc.signatories];
    case 'case':
      return doc.parties;
    case 'report':
      return doc.authors;
    case 'event':
      return doc.participants;
    default:
      return [];
  }
}

function push<K, V>(index: Map<K, V[]>, key: K, value: V) {
  const list = index.get(key);
  if (list) list.push(value);
  else index.set(key, [value]);
}

function addTo(index: Map<string, { label: string; docs: Doc[] }>, name: string, doc: Doc) {
  const key = normalizeName(name);
  if (!key) return;
  const entry = index.get(key) ?? { label: name, docs: [] };
  if (!entry.docs.includes(doc)) entry.docs.push(doc);
  index.set(key, entry);
}

function lookup(index: Map<string, { label: string; docs: Doc[] }>, name: string): Doc[] {
  const key = normalizeName(name);
  const exact = index.get(key);
  if (exact) return [...exact.docs];
  // "amazon" finds "Amazon.com" and "Amazon Web Services": whole words at the start of the name.
  const found = new Set<Doc>();
  for (const [k, v] of index)
    if (key && (k === key || k.startsWith(`${key} `))) for (const d of v.docs) found.add(d);
  return [...found].sort((a, b) => a.date.localeCompare(b.date) || a.id.localeCompare(b.id));
}

/** Fresh copies, so a caller changing its list cannot change the library's. */
function copyFacets(list: readonly Facet[]): Facet[] {
  return list.map((f) => ({ ...f }));
}

function facets(index: Map<string, { label: string; docs: Doc[] }>): Facet[] {
  return [...index.values()]
    .map((v) => ({ value: v.label, label: v.label, count: v.docs.length }))
    .sort((a, b) => b.count - a.count || a.label.localeCompare(b.label));
}
