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

/**
 * `text` with each run of whitespace made one space, as `text.replace(/\s+/g, ' ')`. Most text (snippets,
 * queries) has only single spaces already, and is returned as it is without building a copy.
 */
export function oneLine(text: string): string {
  return /[^\S ]| {2}/.test(text) ? text.replace(/\s+/g, ' ') : text;
}

/** Cuts `text` to at most `max` UTF-16 units, ending with "…" when cut, never splitting a surrogate pair. */
export function truncate(text: string, max: number): string {
  if (text.length <= max) return text;
  if (max <= 1) return text.slice(0, Math.max(0, max));
  let end = max - 1;
  const code = text.charCodeAt(end - 1);
  if (code >= 0xd800 && code <= 0xdbff) end--;
  return `${text.slice(0, end).trimEnd()}…`;
}

/**
 * Joins as many lines as fit in `max` characters; when some do not fit, ends with "…and N more" so the
 * reader knows the list goes on. `total`: how many lines the list has when `lines` is only its start
 * (enough of it to fill `max`), so a long list's lines need not all be written.
 */
export function joinWithin(
  lines: readonly string[],
  max: number,
  more: (n: number) => string = (n) => `…and ${n} more`,
  separator = '\n',
  total = lines.length,
): string {
  const full = lines.join(separator);
  if (full.length <= max && total <= lines.length) return full;
  const kept: string[] = [];
  let used = 0;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i] ?? '';
    const tail = more(total - i - 1);
    const add = (kept.length ? separator.length : 0) + line.length;
    if (used + add + separator.length + tail.length > max) break;
    kept.push(line);
    used += add;
  }
  if (kept.length === 0) {
    // Not even one line fits whole: show the start of the first one.
    const tail = `${separator}${more(total - 1)}`;
    return `${truncate(lines[0] ?? '', Math.max(1, max - tail.length))}${tail}`.slice(0, max);
  }
  return `${kept.join(separator)}${separator}${more(total - kept.length)}`;
}
