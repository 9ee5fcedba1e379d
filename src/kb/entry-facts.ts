import { formatDate } from './format.js';
import { type Doc, placeNameOf } from './schema.js';

/** One structured fact of an entry, labelled for readers ("Who is covered", "Signed by"). */
export interface EntryFact {
  label: string;
  value: string;
}

/**
 * The structured front matter of an entry by type, in reading order: what the CLI's `show` prints and
 * what search indexes as the entry's "key facts" passage, so both say the same thing.
 */
export function entryFacts(doc: Doc): EntryFact[] {
  const facts: EntryFact[] = [];
  const add = (label: string, value: string | readonly string[] | undefined) => {
    const text = typeof value === 'string' ? value : value?.join('; ');
    if (text) facts.push({ label, value: text });
  };
  switch (doc.type) {
    case 'law':
    case 'bill': {
      const p = doc.provisions;
      add('Jurisdiction', `${placeNameOf(doc)} (${doc.jurisdiction})`);
      add('Status', `${doc.status} as of ${formatDate(doc.status_as_of)}`);
      add('Citation', doc.citation);
      add('Effective', doc.effective && formatDate(doc.effective));
      add('Sunset', doc.sunset && formatDate(doc.sunset));
      add('Who is covered', p.covered);
      add('Consent', p.consent);
      add('Retention', p.retention);
      add('Enforcement', p.enforcement);
      add('Penalties', p.penalties);
      if (p.private_right_of_action !== undefined) {
        add('Private right of action', p.private_right_of_action ? 'yes, people can sue' : 'no');
      }
      add('Notes', p.notes);
      break;
    }
    case 'letter': {
      add('From', doc.authors);
      add('To', doc.recipients);
      add('Asked', doc.asks);
      const partial = doc.signatory_count !== undefined && doc.signatory_count > doc.signatories.length;
      add(
        partial ? `Signed by (${doc.signatories.length} named of ${doc.signatory_count})` : 'Signed by',
        doc.signatories,
      );
      break;
    }
    case 'statement':
      add('Organization', doc.organization);
      add('People', doc.people);
      add('Commitments', doc.commitments);
      break;
    case 'case':
      add('Court', doc.court);
      add('Parties', doc.parties);
      add('Docket', doc.docket);
      add('Outcome', doc.outcome);
      break;
    case 'report':
      add('Authors', doc.authors);
      break;
    case 'event':
      add('Participants', doc.participants);
      break;
  }
  return facts;
}
