import type { Card, CardField } from './card.js';
import { dateOf, docLine } from './doc-line.js';
import type { Library } from './library.js';
import type { Doc, Letter } from './schema.js';

export const SIGNATORIES_PER_PAGE = 40;

/**
 * A letter's card: date, authors, recipients, what it asked, one page of signatories, sources.
 * `page` is 0-based; `pages` tells the caller whether to offer paging.
 */
export function letterCard(doc: Doc & Letter, page = 0): { card: Card; page: number; pages: number } {
  const pages = Math.max(1, Math.ceil(doc.signatories.length / SIGNATORIES_PER_PAGE));
  const at = Math.min(Math.max(0, page), pages - 1);
  const fields: CardField[] = [
    { name: 'Date', value: dateOf(doc), inline: true },
    { name: 'From', value: doc.authors.join(', '), inline: true },
    { name: 'To', value: doc.recipients.join(', '), inline: true },
  ];
  if (doc.asks.length)
    fields.push({ name: 'What it asked', value: doc.asks.map((a) => `• ${a}`).join('\n') });
  if (doc.signatories.length) {
    const shown = doc.signatories.slice(at * SIGNATORIES_PER_PAGE, (at + 1) * SIGNATORIES_PER_PAGE);
    const total = doc.signatory_count ?? doc.signatories.length;
    const range =
      pages > 1
        ? ` (${at * SIGNATORIES_PER_PAGE + 1}–${at * SIGNATORIES_PER_PAGE + shown.length} of ${doc.signatories.length} listed)`
        : '';
    fields.push({ name: `Signatories: ${total}${range}`, value: shown.join(', ') });
  } else if (doc.signatory_count) {
    fields.push({ name: 'Signatories', value: `${doc.signatory_count} (not listed)` });
  }
  fields.push({ name: 'Sources', value: doc.sources.map((s) => `• [${s.title}](${s.url})`).join('\n') });
  return {
    card: { title: doc.title, doc, url: doc.sources[0]?.url, description: doc.summary, fields },
    page: at,
    pages,
  };
}

/** The letters an organisation or person wrote or signed, oldest first. */
export function lettersSignedBy(library: Library, name: string): Doc[] {
  return library.bySignatory(name).filter((d) => d.type === 'letter');
}

export function letterList(name: string, letters: readonly Doc[]): Card {
  return {
    title: `Letters signed by ${name}`,
    description: letters.map(docLine).join('\n\n'),
    fields: [],
  };
}
