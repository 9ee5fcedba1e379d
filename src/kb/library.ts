import { distance } from 'fastest-levenshtein';
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
  private readonly byName = new Map<string, Doc>();
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
  private readonly nameKeys: string[][] = [];
  /** Positions in `docs` of each type's entries, so suggest() for a type reads only that type's names. */
  private readonly typePositions = new Map<DocType, number[]>();
  /** Facets computed on first use: the library never changes, and autocomplete asks on every keystroke. */
  private statementFacets: readonly Facet[] | undefined;
  private jurisdictionFacets: readonly Facet[] | undefined;
  private typeCounts: Readonly<Record<DocType, number>> | undefined;
  private lastDate: { value: string | undefined } | undefined;

  constructor(docs: readonly Doc[], version: string, places: Places = new Places([])) {
    this.docs = [...docs].sort((a, b) => a.date.localeCompare(b.date) || a.id.localeCompare(b.id));
    this.version = version;
    this.places = places;
    for (const doc of this.docs) {
      this.byId.set(doc.id, doc);
      const keys = [doc.id, doc.title, ...doc.aliases].map(normalizeName);
      this.nameKeys.push(keys);
      for (const key of keys) if (key && !this.byName.has(key)) this.byName.set(key, doc);
      for (const org of organizationsOf(doc)) addTo(this.orgIndex, org, doc);
      if (doc.type === 'letter')
        for (const s of [...doc.authors, ...doc.signatories]) addTo(this.signatoryIndex, s, doc);
      push(this.typeIndex, doc.type, doc);
      push(this.typePositions, doc.type, this.nameKeys.length - 1);
      for (const id of new Set(doc.related)) push(this.referencedBy, id, doc);
      if (doc.type === 'statement') push(this.statementIndex, normalizeName(doc.organization), doc);
    }
  }

  get size(): number {
    return this.docs.length;
  }

  get(id: string): Doc | undefined {
    return this.byId.get(id);
  }

  /** The entry an id, title or alias names ("bipa", "Illinois biometric law", "illinois-bipa"). */
  resolve(name: string, type?: DocType | readonly DocType[]): Doc | undefined {
    const doc = this.byId.get(name) ?? this.byName.get(normalizeName(name));
    return doc && matchesType(doc, type) ? doc : undefined;
  }

  /** The closest names to `name`, best first, for "did you mean" replies and autocomplete. */
  suggest(name: string, options: { type?: DocType | readonly DocType[]; limit?: number } = {}): Doc[] {
    const query = normalizeName(name);
    const limit = options.limit ?? 5;
    // Exact, prefix and substring matches first (cheap); the edit distance to every name is only worth
    // computing when they do not fill the list, since any of them ranks above any near miss.
    const scored: { doc: Doc; score: number }[] = [];
    const near: number[] = [];
    let found = 0;
    const type = options.type;
    const positions =
      type === undefined
        ? this.docs.keys()
        : (typeof type === 'string' ? [type] : type).flatMap((t) => this.typePositions.get(t) ?? []);
    for (const at of positions) {
      let best = Number.POSITIVE_INFINITY;
      for (const key of this.nameKeys[at] as string[]) {
        if (!query || key === query) best = 0;
        else if (key.startsWith(query)) best = Math.min(best, 1);
        else if (key.includes(query)) best = Math.min(best, 2);
      }
      if (best <= 2) {
        found++;
        scored.push({ doc: this.docs[at] as Doc, score: best });
      } else near.push(at);
    }
    const cutoff = query.length < 3 ? 2 : 3.5;
    if (found < limit && cutoff > 2) {
      for (const at of near) {
        let best = Number.POSITIVE_INFINITY;
        for (const key of this.nameKeys[at] as string[])
          best = Math.min(
            best,
            3 + distance(query, key.slice(0, query.length + 2)) / Math.max(1, query.length),
          );
        scored.push({ doc: this.docs[at] as Doc, score: best });
      }
    }
    return scored
      .filter((s) => s.score <= cutoff)
      .sort(
        (a, b) =>
          a.score - b.score || b.doc.date.localeCompare(a.doc.date) || a.doc.id.localeCompare(b.doc.id),
      )
      .slice(0, limit)
      .map((s) => s.doc);
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
    this.lastDate ??= (() => {
      let last: string | undefined;
      for (const d of this.docs) {
        const date = d.updated ?? d.added;
        if (!last || date > last) last = date;
      }
      return { value: last };
    })();
    return this.lastDate.value;
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
