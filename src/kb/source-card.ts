import type { Card, CardField } from './card.js';
import { docMeta, shortDate } from './doc-line.js';
import { formatCitation } from './format.js';
import type { Doc } from './schema.js';

/** How to cite an entry: title, type, place and date, the Dossier id and version, and its first source. */
export const citeEntry = formatCitation;

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
