import type { Card, CardField } from './card.js';
import { dateOf, docMeta, shortDate } from './doc-line.js';
import { jurisdictionName } from './jurisdictions.js';
import type { Doc } from './schema.js';
import { isLawLike } from './schema.js';

/** How to cite an entry: title, type, place and date, the Dossier id and version, and its first source. */
export function citeEntry(doc: Doc, version: string): string {
  const place = isLawLike(doc) ? `, ${jurisdictionName(doc.jurisdiction)}` : '';
  const first = doc.sources[0];
  const source = first
    ? ` Source: ${first.publisher ? `${first.publisher}, ` : ''}"${first.title}"${first.date ? ` (${shortDate(first.date)})` : ''}. ${first.url}`
    : '';
  return `${doc.title} (${doc.type}${place}, ${dateOf(doc)}). Dossier entry ${doc.id}, ${version}.${source}`;
}

/** The full entry: summary, body, every source link and a citation to copy. */
export function sourceCard(doc: Doc, version: string): Card {
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
  if (doc.milestones.length)
    fields.push({
      name: 'Milestones',
      value: doc.milestones.map((m) => `• ${shortDate(m.date)}: ${m.label}`).join('\n'),
    });
  const description = doc.body ? `${doc.summary}\n\n${doc.body}` : doc.summary;
  return { title: doc.title, doc, url: doc.sources[0]?.url, description, fields };
}
