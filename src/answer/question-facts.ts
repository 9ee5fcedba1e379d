import { formatDate } from '../kb/format.js';
import { type Doc, isLawLike } from '../kb/schema.js';
import type { QuestionType } from './question-type.js';
import { splitSentences } from './split-sentences.js';
import { placeOf, shortName } from './where-it-applies.js';

/** The heading of the passage that carries an entry's structured facts for the question asked. */
export const FACTS_HEADING = 'Facts asked for';

/**
 * An entry's front matter, as sentences, for the kind of question asked: signatories and participants for
 * who; dates and milestones for when and what-next; penalties, amounts and retention for how much and how
 * long; the rule itself for can-they, yes-no and what-does-it-require. Each line is one fact, stated as the
 * entry records it and worded as a sentence a researcher would write ("It applies to anyone capturing…",
 * "The letter was addressed to Jeff Bezos"), so the answer can quote and cite it like any passage and the
 * answer's labelling can say where it applies ("In Texas (CUBI), it applies to…"). Empty when the
 * question type wants nothing structured.
 */
export function questionFacts(doc: Doc, type: QuestionType): string[] {
  const lines: string[] = [];
  const add = (text: string | undefined) => {
    if (text && text.trim()) lines.push(finish(text.trim()));
  };
  const list = (items: readonly string[]) => joinList(items);
  const date = formatDate(doc.date, doc.date_precision);
  const lower = (text: string) => lowerFirst(text, doc);
  // What followed an entry are the milestones after its own date, not those leading up to it.
  const milestones = doc.milestones
    .filter((m) => type !== 'after' || m.date > doc.date)
    .map((m) => `On ${formatDate(m.date)}: ${m.label}`);
  const timely = type === 'when' || type === 'after';

  switch (doc.type) {
    case 'law':
    case 'bill': {
      const p = doc.provisions;
      // As of the entry's own check: "took effect" once that date has passed, "takes effect" before.
      const past = (iso: string) => iso <= doc.status_as_of;
      const sue =
        p.private_right_of_action === undefined
          ? undefined
          : p.private_right_of_action
            ? 'People affected can sue under it themselves (a private right of action)'
            : 'People affected cannot sue under it themselves (no private right of action)';
      const covered = p.covered && `It applies to ${lower(p.covered)}`;
      const consent = p.consent && (isSentence(p.consent) ? p.consent : `It requires ${lower(p.consent)}`);
      const penalties =
        p.penalties && (isSentence(p.penalties) ? p.penalties : `The penalties are ${lower(p.penalties)}`);
      const enforcement =
        p.enforcement &&
        (isSentence(p.enforcement) ? p.enforcement : `Who enforces it: ${lower(p.enforcement)}`);
      const retention =
        p.retention && (isSentence(p.retention) ? p.retention : `On retention, ${lower(p.retention)}`);
      if (type === 'when' || type === 'after' || type === 'how-long') {
        if (type === 'how-long') add(retention);
        if (doc.effective)
          add(`It ${past(doc.effective) ? 'took' : 'takes'} effect on ${formatDate(doc.effective)}`);
        if (doc.sunset)
          add(
            `It ${past(doc.sunset) ? 'was written to expire' : 'is set to expire'} on ${formatDate(doc.sunset)}`,
          );
        if (type !== 'how-long') add(`It dates from ${date}`);
        for (const m of milestones) add(m);
      }
      if (type === 'how-much') {
        add(penalties);
        add(enforcement);
        add(sue);
      }
      if (type === 'compare') {
        // Side by side: each law's rule (its consent rule, else the first line of its notes), then
        // how it is enforced, what breaking it costs and whom it covers.
        add(consent ?? firstSentence(p.notes));
        add(enforcement);
        add(penalties);
        add(sue);
        add(covered);
      }
      if (type === 'can' || type === 'yes-no' || type === 'requires') {
        add(consent);
        add(covered);
        if (type === 'requires') {
          add(retention);
          add(enforcement);
        }
        if (type !== 'yes-no' || !p.consent) for (const s of sentencesOf(p.notes).slice(0, 3)) add(s);
        add(sue);
      }
      break;
    }
    case 'letter': {
      const letters = /^(?:letters|coalition letters)\b/i.test(doc.title)
        ? 'The letters were'
        : 'The letter was';
      if (type === 'who') {
        add(`${letters} written by ${list(doc.authors)}`);
        add(`${letters} addressed to ${list(doc.recipients)}`);
        const partial = doc.signatory_count !== undefined && doc.signatory_count > doc.signatories.length;
        if (doc.signatories.length > 0)
          add(
            `${letters} signed by ${list(doc.signatories)}${partial ? ` (${doc.signatories.length} named of ${doc.signatory_count} signatories)` : ''}`,
          );
      }
      if (type === 'how-much' && doc.signatory_count !== undefined)
        add(`${letters} signed by ${doc.signatory_count} signatories`);
      if ((type === 'requires' || type === 'what' || type === 'compare') && doc.asks.length > 0)
        add(`${letters.replace(/ w(?:as|ere)$/, '')} asked ${list(doc.asks.map(lower))}`);
      if (type === 'when') add(`${letters} dated ${date}`);
      if (timely) for (const m of milestones) add(m);
      break;
    }
    case 'statement':
      if (type === 'who')
        add(
          `The statement came from ${doc.organization}${doc.people.length > 0 ? ` (${list(doc.people)})` : ''}`,
        );
      if (['can', 'yes-no', 'requires', 'how-long', 'compare'].includes(type) && doc.commitments.length > 0)
        add(
          `${doc.organization}'s commitment${doc.commitments.length > 1 ? 's' : ''}: ${list(doc.commitments.map(lower))}`,
        );
      if (type === 'when')
        add(`${doc.organization} made the statement in ${date}`.replace(/ in (\d+ )/, ' on $1'));
      if (timely) for (const m of milestones) add(m);
      break;
    case 'case':
      if (type === 'who') add(`The parties were ${list(doc.parties)}`);
      if (['how-much', 'after', 'yes-no', 'can', 'compare', 'how-long'].includes(type))
        add(`The outcome of ${nameOf(doc)}: ${lower(doc.outcome)}`);
      if (type === 'when') add(`${nameOf(doc)} dates from ${date}`);
      if (timely) for (const m of milestones) add(m);
      break;
    case 'report':
      if (type === 'who' && doc.authors.length > 0) add(`It was written by ${list(doc.authors)}`);
      if (type === 'when') add(`It dates from ${date}`);
      break;
    case 'event':
      if (type === 'who' && doc.participants.length > 0) add(`Those involved were ${list(doc.participants)}`);
      if (type === 'when') add(`It dates from ${date}`);
      if (timely) for (const m of milestones) add(m);
      break;
  }
  return lines;
}

/** How a fact names its entry: "Virginia SB 741", "Rogers v. BNSF Railway", "Amazon's statement". */
function nameOf(doc: Doc): string {
  if (isLawLike(doc)) {
    const short = shortName(doc);
    const place = (placeOf(doc) ?? '').replace(/^the /, '');
    return /^[a-z]/.test(short) ? `${place}'s ${short}`.replace(/s's /, "s' ") : `${place} ${short}`;
  }
  // "Clay v. Union Pacific (7th Cir. 2026): does the…" → "Clay v. Union Pacific".
  return (
    doc.title
      .replace(/^'|'$/g, '')
      .split(/\s*[(:]/)[0]
      ?.trim() || doc.title
  );
}

/** A field value that is already a sentence ("The person must be informed…"), not a phrase ("Written notice…"). */
function isSentence(text: string): boolean {
  return /\b(?:must|may|shall|is|are|was|were|has|have|had|can(?:not)?|requires?|needs?|applies|apply|bars?|bans?|allows?|prohibits?|lets|gives|makes|sets|does|do)\b/i.test(
    text.split(/[.;]/)[0] ?? text,
  );
}

/**
 * The first word in lower case ("State and local agencies" → "state and local agencies", "Anyone
 * capturing…" → "anyone capturing…"), kept when it is a name: an acronym, or a word the entry itself
 * writes capitalised in mid-sentence ("California law enforcement agencies", "City of Boston").
 */
function lowerFirst(text: string, doc: Doc): string {
  const first = /^[\p{L}'-]+/u.exec(text)?.[0];
  if (!first || first.length < 2 || first === first.toUpperCase() || first[0] === first[0]?.toLowerCase())
    return text;
  const name = new RegExp(`[\\p{Ll},] ${first}(?![\\p{L}])`, 'u');
  const entry = `${doc.title}\n${doc.summary}\n${doc.body}`;
  return name.test(entry) || entry.includes(`the ${first} `)
    ? text
    : first.toLowerCase() + text.slice(first.length);
}

function sentencesOf(text: string | undefined): string[] {
  return text ? splitSentences(text) : [];
}

function firstSentence(text: string | undefined): string | undefined {
  return sentencesOf(text)[0];
}

/** "A", "A and B", "A, B and C"; items that hold commas themselves are joined with semicolons. */
function joinList(items: readonly string[]): string {
  const clean = items.map((i) => i.trim().replace(/[.;]$/, ''));
  if (clean.length <= 1) return clean[0] ?? '';
  if (clean.some((i) => i.includes(','))) return clean.join('; ');
  return `${clean.slice(0, -1).join(', ')} and ${clean[clean.length - 1]}`;
}

function finish(text: string): string {
  const s = text.replace(/[;:,]\s*$/, '');
  return /[.!?]["'”’)]*$/.test(s) ? s : `${s}.`;
}
