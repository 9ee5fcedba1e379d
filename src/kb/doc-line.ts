import { type Doc, type DocType, isLawLike, placeNameOf } from './schema.js';

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

export const TYPE_LABELS: Record<DocType, string> = {
  law: 'Law',
  bill: 'Bill',
  letter: 'Letter',
  statement: 'Statement',
  case: 'Case',
  report: 'Report',
  event: 'Event',
};

/** "15 Jan 2019", or "Jan 2019" / "2019" when only the month or year is known. */
export function shortDate(date: string, precision: 'day' | 'month' | 'year' = 'day'): string {
  const [y, m, d] = date.split('-');
  const month = MONTHS[Number(m) - 1] ?? m;
  if (precision === 'year') return `${y}`;
  if (precision === 'month') return `${month} ${y}`;
  return `${Number(d)} ${month} ${y}`;
}

export function dateOf(doc: Doc): string {
  return shortDate(doc.date, doc.date_precision);
}

/** "Law · Illinois · 2008": what kind of document, where, and (unless the caller shows it already) when. */
export function docMeta(doc: Doc, options: { date?: boolean } = {}): string {
  const place = isLawLike(doc) ? ` · ${placeNameOf(doc)}` : '';
  const org = doc.type === 'statement' ? ` · ${doc.organization}` : '';
  return `${TYPE_LABELS[doc.type]}${place}${org}${options.date === false ? '' : ` · ${dateOf(doc)}`}`;
}

/** One line for lists: the title in bold with its id, then type, place and date. */
export function docLine(doc: Doc): string {
  return `**${doc.title}** (\`${doc.id}\`)\n${docMeta(doc)}`;
}

/** Markdown link to a document's first source, or its title alone. */
export function linkedTitle(doc: Doc): string {
  const url = doc.sources[0]?.url;
  return url ? `[${doc.title}](${url})` : doc.title;
}
