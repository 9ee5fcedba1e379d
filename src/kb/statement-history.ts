import type { Card, CardField } from './card.js';
import { dateOf, docLine } from './doc-line.js';
import type { Library } from './library.js';
import { normalizeName } from './normalize.js';
import type { Doc } from './schema.js';

/**
 * Statements and letters listed on a card: more than a reply can show (Discord shows 25 fields of
 * 1,024 characters) would only be built to be cut, and a large base can hold hundreds for one company.
 */
const LISTED_STATEMENTS = 20;
const LISTED_LETTERS = 15;

/**
 * A company's statements in date order (the first LISTED_STATEMENTS, then how many more), each with what
 * it promised and its sources, then the letters addressed to or related to the company.
 */
export function statementHistory(library: Library, company: string): Card | undefined {
  let made = cards.get(library);
  if (!made) {
    made = new Map();
    cards.set(library, made);
  }
  // Only companies with statements are kept, so the cache holds at most one card per company.
  const key = normalizeName(company);
  let card = made.get(key);
  if (!card) {
    card = makeStatementHistory(library, company);
    if (!card) return undefined;
    made.set(key, card);
  }
  return { ...card, fields: card.fields.map((f) => ({ ...f })) };
}

/**
 * Cards already made, per library and company: a library never changes once loaded (a reload builds a new
 * one), a large base holds hundreds of statements and letters per company, and members ask about the
 * same few companies again and again.
 */
const cards = new WeakMap<Library, Map<string, Card>>();

function makeStatementHistory(library: Library, company: string): Card | undefined {
  const statements = library.statementsOf(company);
  if (statements.length === 0) return undefined;
  const first = statements[0] as Doc & { type: 'statement' };
  const name = first.organization;
  const fields: CardField[] = statements.slice(0, LISTED_STATEMENTS).map((s) => {
    const lines: string[] = [brief(s.summary)];
    if (s.type === 'statement' && s.commitments.length)
      lines.push(`**Promised:**\n${s.commitments.map((c) => `• ${c}`).join('\n')}`);
    lines.push(s.sources.map((src) => `[${src.title}](${src.url})`).join(' · '));
    return { name: `${dateOf(s)} · ${s.title}`, value: lines.join('\n') };
  });
  const later = statements.length - LISTED_STATEMENTS;
  if (later > 0) fields.push({ name: '…', value: `and ${later} later statement${later === 1 ? '' : 's'}` });
  const related = companyLetters(library, name, statements);
  const unlisted = related.length - LISTED_LETTERS;
  if (related.length)
    fields.push({
      name: 'Related letters',
      value: [
        ...related.slice(0, LISTED_LETTERS).map(docLine),
        ...(unlisted > 0 ? [`…and ${unlisted} more`] : []),
      ].join('\n'),
    });
  return {
    title: `${name}: statements`,
    doc: first,
    description: `${statements.length} statement${statements.length === 1 ? '' : 's'}, oldest first.`,
    fields,
  };
}

/**
 * The letters /statement shows beside a company's statements: those the company wrote, signed or received,
 * and those linked (either way) to one of its statements; oldest first.
 */
export function companyLetters(library: Library, name: string, statements: readonly Doc[]): Doc[] {
  const letters = new Set<Doc>();
  for (const d of library.byOrganization(name)) if (d.type === 'letter') letters.add(d);
  for (const s of statements)
    for (const r of [...library.related(s), ...library.referencing(s)])
      if (r.type === 'letter') letters.add(r);
  return library.inDateOrder(letters);
}

/** A summary short enough for a history listing: its first sentence when the whole is long. */
function brief(summary: string, max = 300): string {
  if (summary.length <= max) return summary;
  const end = summary.search(/[.!?](\s|$)/);
  return end > 0 && end < max ? summary.slice(0, end + 1) : `${summary.slice(0, max - 1).trimEnd()}…`;
}
