import { z } from 'zod';
import { PLACE_CODE, PLACES_FILE } from './places.js';

/**
 * The knowledge entry format: one Markdown file per document, YAML front matter validated here.
 * Keys are snake_case in YAML. Every object is strict, so a misspelt key is an error, not a silent no-op.
 */

export const DOC_TYPES = ['law', 'bill', 'letter', 'statement', 'case', 'report', 'event'] as const;
export const DocType = z.enum(DOC_TYPES);
export type DocType = z.infer<typeof DocType>;

export const LAW_STATUSES = [
  'proposed',
  'enacted',
  'in-force',
  'expired',
  'repealed',
  'struck-down',
  'failed',
] as const;

/** A real calendar date written YYYY-MM-DD (kept as a string: no time zone, sorts lexically). */
export const IsoDate = z.string().refine(isCalendarDate, {
  error: (iss) => `expected YYYY-MM-DD, got ${JSON.stringify(iss.input)}`,
});
export type IsoDate = z.infer<typeof IsoDate>;

export function isCalendarDate(value: unknown): value is string {
  if (typeof value !== 'string' || !/^\d{4}-\d{2}-\d{2}$/.test(value)) return false;
  const d = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === value;
}

const Text = z.string().trim().min(1, { error: 'must not be empty' });
/**
 * A title: shown inside Markdown links (`[title](source)`) in public embeds, so it may not hold the `](`
 * that closes a link's text and opens another URL (a title could otherwise link members anywhere).
 */
const Title = Text.refine((t) => !/\]\s*\(/.test(t), {
  error: 'must not contain "](" (Markdown link syntax): write the title as plain text',
});
const Slug = z.string().regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, {
  error: (iss) => `expected a lowercase slug like "illinois-bipa", got ${JSON.stringify(iss.input)}`,
});
const HttpUrl = z.string().refine(isHttpUrl, {
  error: (iss) => `expected an http(s) URL, got ${JSON.stringify(iss.input)}`,
});

export function isHttpUrl(value: unknown): boolean {
  if (typeof value !== 'string') return false;
  try {
    const u = new URL(value);
    return (u.protocol === 'https:' || u.protocol === 'http:') && u.hostname.includes('.');
  } catch {
    return false;
  }
}

export const Source = z.strictObject({
  url: HttpUrl,
  title: Title,
  publisher: Text.optional(),
  date: IsoDate.optional(),
});
export type Source = z.infer<typeof Source>;

/** A dated event an entry carries beyond its main date (a hearing, a deadline, a status change). */
export const Milestone = z.strictObject({
  date: IsoDate,
  label: Text,
});
export type Milestone = z.infer<typeof Milestone>;

const common = {
  id: Slug,
  title: Title.max(200),
  /** The names people actually use: "BIPA", "Illinois biometric law". Matched case- and accent-insensitively. */
  aliases: z.array(Text).default([]),
  /** When the document was issued, signed, enacted or decided. */
  date: IsoDate,
  /** How precise `date` is, when the source gives only a month or a year (shown as "May 2018"). */
  date_precision: z.enum(['day', 'month', 'year']).default('day'),
  summary: Text,
  sources: z.array(Source).min(1, { error: 'expected at least one source' }),
  tags: z.array(Text).default([]),
  related: z.array(Slug).default([]),
  milestones: z.array(Milestone).default([]),
  /** When the entry was added to the knowledge base, and last changed: digests announce both. */
  added: IsoDate,
  updated: IsoDate.optional(),
  /** When a curator last confirmed the entry against its sources (laws and bills may rely on `status_as_of`). */
  checked: IsoDate.optional(),
  /** How members ask about this entry, in their own words ("can my boss make me scan my finger?"). */
  questions: z.array(Text).default([]),
};

/** Key provisions of a law or bill, each a short plain-language answer. */
export const Provisions = z.strictObject({
  covered: Text.optional(),
  consent: Text.optional(),
  retention: Text.optional(),
  enforcement: Text.optional(),
  penalties: Text.optional(),
  private_right_of_action: z.boolean().optional(),
  notes: Text.optional(),
});
export type Provisions = z.infer<typeof Provisions>;

/** Congress.gov's bill types, as its API spells them in paths (`/bill/119/hr/4695`). */
export const CONGRESS_BILL_TYPES = [
  'hr',
  's',
  'hjres',
  'sjres',
  'hconres',
  'sconres',
  'hres',
  'sres',
] as const;

/**
 * Where official data about a bill is tracked (src/tracking). An Open States bill is named by its
 * `ocd-bill/…` id, or by session and bill identifier (the jurisdiction defaults to the entry's US state);
 * a federal bill by its Congress, type and number as Congress.gov writes them.
 */
export const TrackingRef = z.discriminatedUnion('source', [
  z
    .strictObject({
      source: z.literal('openstates'),
      id: z
        .string()
        .regex(/^ocd-bill\/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/, {
          error: (iss) =>
            `expected an Open States id like "ocd-bill/<uuid>", got ${JSON.stringify(iss.input)}`,
        })
        .optional(),
      /** A state's two-letter abbreviation as Open States writes it ("tx"); by default the entry's state. */
      jurisdiction: z
        .string()
        .regex(/^[a-z]{2}$/, {
          error: (iss) =>
            `expected a two-letter state abbreviation like "tx", got ${JSON.stringify(iss.input)}`,
        })
        .optional(),
      /** The legislative session's identifier in Open States ("89R", "2023-2024", "2025"). */
      session: z.coerce.string().trim().min(1).optional(),
      /** The bill's identifier in that session ("HB 149", "SB 2979"). */
      bill: Text.optional(),
    })
    .refine((r) => r.id !== undefined || (r.session !== undefined && r.bill !== undefined), {
      error: 'expected either id (ocd-bill/…) or both session and bill',
    }),
  z.strictObject({
    source: z.literal('congress'),
    congress: z
      .number()
      .int()
      .min(93, { error: 'expected a Congress from 93 on (Congress.gov data starts there)' }),
    type: z.enum(CONGRESS_BILL_TYPES),
    number: z.number().int().positive(),
  }),
]);
export type TrackingRef = z.infer<typeof TrackingRef>;

const lawFields = {
  /** A code listed in knowledge/jurisdictions.yml (the loader checks it is listed). */
  jurisdiction: z.string().regex(PLACE_CODE, {
    error: (iss) =>
      `expected a place code from knowledge/${PLACES_FILE} such as US-IL or US-CA-SF, got ${JSON.stringify(iss.input)}`,
  }),
  status: z.enum(LAW_STATUSES),
  status_as_of: IsoDate,
  effective: IsoDate.optional(),
  sunset: IsoDate.optional(),
  /** The official citation, e.g. "740 ILCS 14" or "Regulation (EU) 2024/1689". */
  citation: Text.optional(),
  provisions: Provisions.default({}),
  /** Official data sources that follow this bill or the bill that made this law (src/tracking). */
  tracking: z.array(TrackingRef).default([]),
};

export const Law = z.strictObject({ ...common, type: z.literal('law'), ...lawFields });
export const Bill = z.strictObject({ ...common, type: z.literal('bill'), ...lawFields });

export const Letter = z.strictObject({
  ...common,
  type: z.literal('letter'),
  authors: z.array(Text).min(1, { error: 'expected at least one author' }),
  recipients: z.array(Text).min(1, { error: 'expected at least one recipient' }),
  /** What the letter asked its recipients to do. */
  asks: z.array(Text).default([]),
  signatories: z.array(Text).default([]),
  /** The total number of signers, when `signatories` lists only some of them. */
  signatory_count: z.number().int().positive().optional(),
});

export const Statement = z.strictObject({
  ...common,
  type: z.literal('statement'),
  organization: Text,
  people: z.array(Text).default([]),
  /** What was promised, each as one line ("No sales of face recognition to US police until a federal law"). */
  commitments: z.array(Text).default([]),
});

export const Case = z.strictObject({
  ...common,
  type: z.literal('case'),
  court: Text,
  parties: z.array(Text).min(1, { error: 'expected at least one party' }),
  outcome: Text,
  docket: Text.optional(),
});

export const Report = z.strictObject({
  ...common,
  type: z.literal('report'),
  authors: z.array(Text).default([]),
});

export const Event = z.strictObject({
  ...common,
  type: z.literal('event'),
  participants: z.array(Text).default([]),
});

export const SCHEMAS = {
  law: Law,
  bill: Bill,
  letter: Letter,
  statement: Statement,
  case: Case,
  report: Report,
  event: Event,
} as const;

export const FrontMatter = z.discriminatedUnion('type', [Law, Bill, Letter, Statement, Case, Report, Event]);
export type FrontMatter = z.infer<typeof FrontMatter>;

export type Law = z.infer<typeof Law>;
export type Bill = z.infer<typeof Bill>;
export type Letter = z.infer<typeof Letter>;
export type Statement = z.infer<typeof Statement>;
export type Case = z.infer<typeof Case>;
export type Report = z.infer<typeof Report>;
export type Event = z.infer<typeof Event>;
export type LawLike = Law | Bill;

/** A loaded document: its validated front matter plus where it came from and its Markdown body. */
export type Doc = FrontMatter & {
  /** Path relative to the knowledge folder's parent, e.g. "knowledge/laws/illinois-bipa.md". */
  path: string;
  body: string;
  /** Laws and bills: the name of their jurisdiction from knowledge/jurisdictions.yml, set by the loader. */
  placeName?: string;
};

export function isLawLike(doc: Doc): doc is Doc & LawLike {
  return doc.type === 'law' || doc.type === 'bill';
}

/** Every key the front matter of `type` accepts, for "did you mean" hints. */
export function knownKeys(type: DocType): string[] {
  return Object.keys(SCHEMAS[type].shape);
}

/** The name of a law's or bill's place ("Illinois"), or its code when no name was loaded. */
export function placeNameOf(doc: Doc & LawLike): string {
  return doc.placeName ?? doc.jurisdiction;
}
