import { docDate, formatCitation, formatDate, formatSourceCitation } from '../kb/format.js';
import { jurisdictionName } from '../kb/jurisdictions.js';
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
  switch (doc.type) {
    case 'law':
    case 'bill': {
      field('Jurisdiction', `${jurisdictionName(doc.jurisdiction)} (${doc.jurisdiction})`);
      field('Status', `${doc.status} as of ${formatDate(doc.status_as_of)}`);
      field('Citation', doc.citation);
      field('Effective', doc.effective && formatDate(doc.effective));
      field('Sunset', doc.sunset && formatDate(doc.sunset));
      const p = doc.provisions;
      field('Who is covered', p.covered);
      field('Consent', p.consent);
      field('Retention', p.retention);
      field('Enforcement', p.enforcement);
      field('Penalties', p.penalties);
      if (p.private_right_of_action !== undefined)
        field('Private right of action', p.private_right_of_action ? 'yes' : 'no');
      field('Notes', p.notes);
      break;
    }
    case 'letter':
      field('From', doc.authors);
      field('To', doc.recipients);
      field('Asked', doc.asks);
      field(
        doc.signatory_count && doc.signatory_count > doc.signatories.length
          ? `Signatories (${doc.signatories.length} named of ${doc.signatory_count})`
          : `Signatories (${doc.signatories.length})`,
        doc.signatories,
      );
      break;
    case 'statement':
      field('Organization', doc.organization);
      field('People', doc.people);
      field('Commitments', doc.commitments);
      break;
    case 'case':
      field('Court', doc.court);
      field('Parties', doc.parties);
      field('Docket', doc.docket);
      field('Outcome', doc.outcome);
      break;
    case 'report':
      field('Authors', doc.authors);
      break;
    case 'event':
      field('Participants', doc.participants);
      break;
  }
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
