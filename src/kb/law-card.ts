import { type Freshness, freshnessLine } from '../freshness/assess.js';
import type { Card, CardField } from './card.js';
import { dateOf, docLine, shortDate } from './doc-line.js';
import type { Library } from './library.js';
import { normalizeName } from './normalize.js';
import { isWithin } from './places.js';
import { type Doc, isLawLike, type LawLike, placeNameOf } from './schema.js';

const STATUS_LABELS: Record<LawLike['status'], string> = {
  proposed: 'Proposed',
  enacted: 'Enacted (not yet in force)',
  'in-force': 'In force',
  expired: 'Expired',
  repealed: 'Repealed',
  'struck-down': 'Struck down',
  failed: 'Failed',
};

/**
 * One law's or bill's card: where, status as of when and how fresh that is, dates, key provisions,
 * related cases, sources. With `freshness`, the status says when it was checked, and warns when a review
 * is overdue or the entry contradicts itself, so a stale status is never presented as current.
 */
export function lawCard(
  library: Library,
  doc: Doc & LawLike,
  freshness?: { of: Freshness; today: string },
  /** What official data last said about the bill (src/tracking/official-line.ts), shown beside the status. */
  official?: string,
): Card {
  const p = doc.provisions;
  const fields: CardField[] = [
    {
      name: 'Jurisdiction',
      value: `${placeNameOf(doc)} (${doc.jurisdiction})`,
      inline: true,
    },
    {
      name: 'Status',
      value: `${STATUS_LABELS[doc.status]} as of ${shortDate(doc.status_as_of)}${freshness ? `\n${statusFreshness(freshness.of, freshness.today)}` : ''}`,
      inline: true,
    },
    { name: doc.type === 'bill' ? 'Introduced' : 'Enacted', value: dateOf(doc), inline: true },
  ];
  if (official) fields.push({ name: 'Latest official action', value: official });
  if (doc.effective) fields.push({ name: 'Effective', value: shortDate(doc.effective), inline: true });
  if (doc.sunset) fields.push({ name: 'Sunset', value: shortDate(doc.sunset), inline: true });
  if (doc.citation) fields.push({ name: 'Citation', value: doc.citation, inline: true });
  const provisions: [string, string | undefined][] = [
    ['Who is covered', p.covered],
    ['Consent', p.consent],
    ['Retention', p.retention],
    ['Enforcement', p.enforcement],
    ['Penalties', p.penalties],
    [
      'Private right of action',
      p.private_right_of_action === undefined
        ? undefined
        : p.private_right_of_action
          ? 'Yes: people affected can sue'
          : 'No',
    ],
    ['Notes', p.notes],
  ];
  for (const [name, value] of provisions) if (value) fields.push({ name, value });
  const cases = [...library.related(doc), ...library.referencing(doc)].filter((d) => d.type === 'case');
  if (cases.length)
    fields.push({
      name: 'Related cases',
      value: unique(cases)
        .map((c) => `• ${c.title} (\`${c.id}\`)`)
        .join('\n'),
    });
  fields.push({ name: 'Sources', value: doc.sources.map((s) => `• [${s.title}](${s.url})`).join('\n') });
  const why = freshness ? whyOutOfDate(freshness.of) : undefined;
  if (why) fields.push({ name: 'Why this may be out of date', value: why });
  return { title: doc.title, doc, url: doc.sources[0]?.url, description: doc.summary, fields };
}

/** "Status checked 2 Aug 2024 (2 years ago)", or "⚠️ May be out of date — last checked …". */
export function statusFreshness(f: Freshness, today: string, subject = 'status'): string {
  const line = freshnessLine(f, today, subject);
  return f.overdue ? `⚠️ ${capitalise(line)}` : capitalise(line);
}

/** The contradictions a curator has not yet answered, for members: what the entry itself shows is off. */
export function whyOutOfDate(f: Freshness): string | undefined {
  const reasons = f.reasons.filter(
    (r) => r.kind !== 'age' && r.kind !== 'moved-link' && r.kind !== 'broken-link',
  );
  return reasons.length ? reasons.map((r) => `• ${capitalise(r.text)}`).join('\n') : undefined;
}

function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/** The laws and bills of a jurisdiction (and places inside it), newest first. */
export function lawList(library: Library, jurisdiction: string): Card {
  const docs = library.byJurisdiction(jurisdiction).sort((a, b) => b.date.localeCompare(a.date));
  return {
    title: `Laws and bills: ${library.places.name(jurisdiction)}`,
    description: docs.map(docLine).join('\n\n'),
    fields: [],
  };
}

/** A jurisdiction code from a code or a name a member typed ("us-il", "Illinois"). */
export function resolveJurisdiction(library: Library, input: string): string | undefined {
  const text = normalizeName(input);
  if (!text) return undefined;
  for (const { code, name } of library.places.all())
    if (normalizeName(code) === text || normalizeName(name) === text) return code;
  // A name that starts a known one: "new york" is the state, not the city.
  const facets = library.jurisdictions().filter((f) => normalizeName(f.label).startsWith(text));
  return facets.length === 1 ? facets[0]?.value : undefined;
}

export function hasLawsIn(library: Library, code: string): boolean {
  return library.docs.some((d) => isLawLike(d) && isWithin(d.jurisdiction, code));
}

function unique<T>(items: T[]): T[] {
  return [...new Set(items)];
}
