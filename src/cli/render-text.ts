import { docDate, formatCitation, formatDate, formatSourceCitation } from '../kb/format.js';
import { entryFacts } from '../kb/entry-facts.js';
import type { Library } from '../kb/library.js';
import type { Doc } from '../kb/schema.js';
import type { SearchResult } from '../search/types.js';

/** Plain-text renderings for the scripting CLI (the console and Discord have their own renderers). */

export function renderSearchText(result: SearchResult): string {
  if (result.hits.length === 0) return 'Nothing in the knowledge base matches that.';
  const lines = result.hits.map(
    (h, i) =>
      `${i + 1}. ${h.doc.title} (${h.doc.type}, ${docDate(h.doc)}) [${h.doc.id}]\n   ${h.snippet.replace(/\n/g, ' ')}`,
  );
  if (!result.confident) lines.unshift('Nothing clearly relevant; the closest entries are:');
  return lines.join('\n');
}

export function renderEntryText(doc: Doc, library: Library): string {
  const out: string[] = [doc.title, '='.repeat(Math.min(doc.title.length, 80))];
  const field = (label: string, value: string | readonly string[] | undefined) => {
    const text = typeof value === 'string' ? value : value?.join('; ');
    if (text) out.push(`${label}: ${text}`);
  };
  field('Type', doc.type);
  field('Date', docDate(doc));
  field('Also known as', doc.aliases);
  for (const fact of entryFacts(doc)) field(fact.label, fact.value);
  out.push('', doc.summary);
  if (doc.body) out.push('', doc.body);
  if (doc.milestones.length > 0) {
    out.push('', 'Milestones:');
    for (const m of doc.milestones) out.push(`  ${formatDate(m.date)}: ${m.label}`);
  }
  const related = library.related(doc);
  if (related.length > 0) {
    out.push('', 'Related:');
    for (const r of related) out.push(`  ${r.title} (${r.type}, ${docDate(r)}) [${r.id}]`);
  }
  out.push('', 'Sources:');
  doc.sources.forEach((s, i) => {
    out.push(`  [${i + 1}] ${formatSourceCitation(s)}`);
  });
  out.push('', `Cite as: ${formatCitation(doc, library.version)}`);
  return out.join('\n');
}
