import { formatDate } from '../kb/format.js';
import type { Doc } from '../kb/schema.js';
import type { QuestionType } from './question-type.js';

/** The heading of the passage that carries an entry's structured facts for the question asked. */
export const FACTS_HEADING = 'Facts asked for';

/**
 * An entry's front matter, as sentences, for the kind of question asked: signatories and participants for
 * who; dates and milestones for when and what-next; penalties, amounts and retention for how much and how
 * long; the rule itself for can-they and yes-no. Each line is one fact, stated as the entry records it, so
 * the answer can cite it like any passage. Empty when the question type wants nothing structured.
 */
export function questionFacts(doc: Doc, type: QuestionType): string[] {
  const lines: string[] = [];
  const add = (text: string | undefined) => {
    if (text && text.trim()) lines.push(finish(text.trim()));
  };
  const list = (items: readonly string[]) => items.join('; ');
  const date = formatDate(doc.date, doc.date_precision);
  const milestones = doc.milestones.map((m) => `On ${formatDate(m.date)}: ${m.label}`);

  switch (doc.type) {
    case 'law':
    case 'bill': {
      const p = doc.provisions;
      const sue =
        p.private_right_of_action === undefined
          ? undefined
          : p.private_right_of_action
            ? 'People affected can sue under it themselves (a private right of action)'
            : 'People affected cannot sue under it themselves (no private right of action)';
      if (type === 'when' || type === 'after' || type === 'how-long') {
        add(p.retention && type === 'how-long' ? `Retention: ${p.retention}` : undefined);
        add(doc.effective && `Effective: ${formatDate(doc.effective)}`);
        add(doc.sunset && `Sunset: ${formatDate(doc.sunset)}`);
        if (type !== 'how-long') add(`Dated: ${date}`);
        for (const m of milestones) add(m);
      }
      if (type === 'how-much') {
        add(p.penalties && `Penalties: ${p.penalties}`);
        add(sue);
      }
      if (type === 'compare') {
        add(p.covered && `Who is covered: ${p.covered}`);
        add(p.consent && `Consent: ${p.consent}`);
        add(p.penalties && `Penalties: ${p.penalties}`);
        add(sue);
      }
      if (type === 'can' || type === 'yes-no' || type === 'requires') {
        add(p.consent && `Consent: ${p.consent}`);
        add(p.covered && `Who is covered: ${p.covered}`);
        if (type === 'requires') add(p.retention && `Retention: ${p.retention}`);
        add(sue);
      }
      break;
    }
    case 'letter':
      if (type === 'who') {
        add(`From: ${list(doc.authors)}`);
        add(`To: ${list(doc.recipients)}`);
        const partial = doc.signatory_count !== undefined && doc.signatory_count > doc.signatories.length;
        if (doc.signatories.length > 0)
          add(
            `${partial ? `Signed by (${doc.signatories.length} named of ${doc.signatory_count})` : 'Signed by'}: ${list(doc.signatories)}`,
          );
      }
      if (type === 'how-much' && doc.signatory_count !== undefined)
        add(`Signed by ${doc.signatory_count} signatories`);
      if (type === 'requires' || type === 'what') add(doc.asks.length > 0 ? `Asked: ${list(doc.asks)}` : '');
      if (type === 'when') add(`Dated: ${date}`);
      if (type === 'when' || type === 'after') for (const m of milestones) add(m);
      break;
    case 'statement':
      if (type === 'who')
        add(`Made by: ${doc.organization}${doc.people.length > 0 ? ` (${list(doc.people)})` : ''}`);
      if (['can', 'yes-no', 'requires', 'how-long', 'compare'].includes(type) && doc.commitments.length > 0)
        add(`Commitments: ${list(doc.commitments)}`);
      if (type === 'when') add(`Dated: ${date}`);
      if (type === 'when' || type === 'after') for (const m of milestones) add(m);
      break;
    case 'case':
      if (type === 'who') add(`Parties: ${list(doc.parties)}`);
      if (['how-much', 'after', 'yes-no', 'can', 'compare'].includes(type)) add(`Outcome: ${doc.outcome}`);
      if (type === 'when') add(`Decided: ${date}`);
      if (type === 'when' || type === 'after') for (const m of milestones) add(m);
      break;
    case 'report':
      if (type === 'who' && doc.authors.length > 0) add(`Authors: ${list(doc.authors)}`);
      if (type === 'when') add(`Dated: ${date}`);
      break;
    case 'event':
      if (type === 'who' && doc.participants.length > 0) add(`Participants: ${list(doc.participants)}`);
      if (type === 'when') add(`Dated: ${date}`);
      if (type === 'when' || type === 'after') for (const m of milestones) add(m);
      break;
  }
  return lines;
}

function finish(text: string): string {
  const s = text.replace(/[;:,]\s*$/, '');
  return /[.!?]["'”’)]*$/.test(s) ? s : `${s}.`;
}
