import { type Doc, isLawLike, placeNameOf, type Source } from './schema.js';

const MONTHS = [
  'January',
  'February',
  'March',
  'April',
  'May',
  'June',
  'July',
  'August',
  'September',
  'October',
  'November',
  'December',
];

/** "25 January 2019", or "May 2018" / "2008" when the entry records only a month or a year. */
export function formatDate(date: string, precision: 'day' | 'month' | 'year' = 'day'): string {
  const [y, m, d] = date.split('-');
  const month = MONTHS[Number(m) - 1] ?? m;
  if (precision === 'year') return `${y}`;
  if (precision === 'month') return `${month} ${y}`;
  return `${Number(d)} ${month} ${y}`;
}

/** The entry's own date as members should read it. */
export function docDate(doc: Doc): string {
  return formatDate(doc.date, doc.date_precision);
}

/** A citation to copy: `Publisher, "Title" (25 January 2019). https://…` */
export function formatSourceCitation(source: Source): string {
  const parts = [source.publisher ? `${source.publisher}, ` : '', `"${source.title}"`];
  if (source.date) parts.push(` (${formatDate(source.date)})`);
  return `${parts.join('')}. ${source.url}`;
}

/** How to cite the entry itself, with its first source. */
export function formatCitation(doc: Doc, kbVersion: string): string {
  const first = doc.sources[0];
  const place = isLawLike(doc) ? `, ${placeNameOf(doc)}` : '';
  const base = `${doc.title} (${doc.type}${place}, ${docDate(doc)}). Dossier entry ${doc.id}, ${kbVersion}.`;
  return first ? `${base} Source: ${formatSourceCitation(first)}` : base;
}
