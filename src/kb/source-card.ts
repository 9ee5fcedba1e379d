import type { Freshness } from '../freshness/assess.js';
import type { Card, CardField } from './card.js';
import { docMeta, shortDate } from './doc-line.js';
import { formatCitation } from './format.js';
import { statusFreshness, whyOutOfDate } from './law-card.js';
import { type Doc, isLawLike } from './schema.js';

/** How to cite an entry: title, type, place and date, the Dossier id and version, and its first source. */
export const citeEntry = formatCitation;

/** The full entry: summary, body, how fresh it is, every source link and a citation to copy. */
export function sourceCard(doc: Doc, version: string, freshness?: { of: Freshness; today: string }): Card {
  const fields: CardField[] = [
    { name: 'Entry', value: `${docMeta(doc)}\n\`${doc.path}\`` },
    {
      name: `Sources (${doc.sources.length})`,
      value: doc.sources
        .map(
          (s) =>
            `• [${s.title}](${s.url})${s.publisher ? ` · ${s.publisher}` : ''}${s.date ? ` · ${shortDate(s.date)}` : ''}`,
        )
        .join('\n'),
    },
    { name: 'Cite as', value: `\`\`\`\n${citeEntry(doc, version).replaceAll('```', "'''")}\n\`\`\`` },
  ];
  if (freshness && (isLawLike(doc) || freshness.of.lastChecked || freshness.of.overdue)) {
    const why = whyOutOfDate(freshness.of);
    fields.splice(1, 0, {
      name: isLawLike(doc) ? 'Status' : 'Checked',
      value: `${isLawLike(doc) ? `${doc.status.replace(/-/g, ' ')} as of ${shortDate(doc.status_as_of)}\n` : ''}${statusFreshness(freshness.of, freshness.today, isLawLike(doc) ? 'status' : '')}${why ? `\n${why}` : ''}`,
    });
  }
  if (doc.milestones.length)
    fields.push({
      name: 'Milestones',
      value: doc.milestones.map((m) => `• ${shortDate(m.date)}: ${m.label}`).join('\n'),
    });
  const description = doc.body ? `${doc.summary}\n\n${doc.body}` : doc.summary;
  return { title: doc.title, doc, url: doc.sources[0]?.url, description, fields };
}
