import { formatDate } from '../kb/format.js';
import { type Doc, isLawLike, placeNameOf } from '../kb/schema.js';
import { foldWords } from '../kb/normalize.js';

/**
 * Where a sentence applies, said in the sentence. A rule quoted without its place ("A private company may
 * not collect … unless it first tells the person in writing") reads as the rule everywhere; next to another
 * state's rule it misleads. So every sentence from a law or bill that does not already name its place or
 * law gets "In Illinois (BIPA), …", and in an answer drawing on several entries every other sentence that
 * does not name its entry gets "Rosenbach v. Six Flags Entertainment Corp. (2019): …".
 */

/** The place as members say it: "Illinois", "Portland, Oregon", "the United States", "the European Union". */
export function placeOf(doc: Doc): string | undefined {
  if (!isLawLike(doc)) return undefined;
  const name = placeNameOf(doc).replace(/\s*\((?:federal)\)\s*$/, '');
  return /^(?:United|European)\b/.test(name) ? `the ${name}` : name;
}

/** A bill number at the start of a title: "SB 741", "HB 2571", "S.124", "H.R. 3782", "LD 1585". */
const BILL_NUMBER = /^(?:(?:H\.\s?R\.|S\.|[A-Z]{1,3})\s?\d[\d-]*)(?=[\s,(]|$)/;

/**
 * A law's short name: "BIPA", "AB 1215", "SB 741", "S.124", "EU AI Act", else the first part of its title
 * without the place ("ban on city use of face surveillance", "Stop Secret Surveillance Ordinance").
 */
export function shortName(doc: Doc): string {
  const bracket = /\(([^()]*(?:\([^()]*\)[^()]*)*)\)/g;
  for (const m of doc.title.matchAll(bracket)) {
    const first = (m[1] ?? '').split(',')[0]?.trim() ?? '';
    // "(EU)" or "(US)" is the place, not the law's name.
    if ((isLawLike(doc) && first === doc.jurisdiction) || /^(?:EU|US|federal)$/i.test(first)) continue;
    if (/^[A-Z][A-Z0-9 .\-/]{1,15}$/.test(first) && /[A-Z]{2}/.test(first)) return first;
  }
  let title = doc.title;
  if (isLawLike(doc)) {
    const full = placeNameOf(doc);
    for (const prefix of [full, full.split(',')[0] ?? full])
      if (title.toLowerCase().startsWith(prefix.toLowerCase())) {
        title = title.slice(prefix.length).replace(/^[\s,]+/, '');
        break;
      }
  }
  const number = BILL_NUMBER.exec(title)?.[0];
  if (number) return number;
  const alias = doc.aliases.find((a) => a.length <= 16 && /\b[A-Z]{2,}/.test(a) && !/\d{3,}/.test(a));
  if (alias) return alias;
  // The title's first part: "Facial Recognition Act (Rep. Ted Lieu, 2022 and 2025), rules for…" → "Facial Recognition Act".
  return title.split(/\s*[(,:]/)[0]?.trim() || title;
}

/** "In Illinois (BIPA), " for laws; "Amazon (June 2020): " for statements; "<title> (2019): " otherwise. */
export function labelFor(doc: Doc): string {
  if (isLawLike(doc)) return `In ${placeOf(doc)} (${shortName(doc)}), `;
  const when = formatDate(doc.date, doc.date_precision === 'day' ? 'month' : doc.date_precision);
  if (doc.type === 'statement') return `${doc.organization} (${when}): `;
  const title = doc.title.replace(/\s*\([^()]*(?:\([^()]*\)[^()]*)*\)\s*$/, '').trim();
  return `${title} (${when.replace(/^\w+ /, '')}): `;
}

/** Names that, found in a sentence, say which entry (and for laws, which place) it is about. */
export function namesFor(doc: Doc): string[] {
  const names = [...doc.aliases, shortName(doc)];
  const place = placeOf(doc);
  if (place && isLawLike(doc)) {
    names.push(place.replace(/^the /, ''), place.split(',')[0] ?? place);
    if (doc.jurisdiction === 'EU') names.push('EU');
    if (doc.jurisdiction === 'US') names.push('federal', 'Congress', 'nationwide');
  }
  if (doc.type === 'statement') names.push(doc.organization);
  if (doc.type === 'case') names.push(doc.title.split(/\s+v\.?\s+/)[0] ?? doc.title);
  return [...new Set(names.filter((n) => n.trim().length > 1))];
}

/** True when `sentence` names the entry (or, for a law, its place) by any of `names`. */
export function namesEntry(sentence: string, names: readonly string[]): boolean {
  const text = ` ${foldWords(sentence)} `;
  return names.some((n) => text.includes(` ${foldWords(n)} `));
}

/**
 * Each sentence with where it applies. `docsOf` gives the entries a sentence cites. A sentence citing a
 * law that does not name its place or law is labelled; when the answer cites more than one entry, so is
 * every sentence that does not name its entry. A sentence citing several entries is labelled by its first.
 */
export function labelSentences<T extends { text: string }>(
  sentences: readonly T[],
  docsOf: (sentence: T) => readonly Doc[],
): T[] {
  const all = new Map(sentences.flatMap((s) => docsOf(s).map((d) => [d.id, d] as const)));
  // A name two cited entries share (both Virginia laws) does not say which of them a sentence is about.
  const counts = new Map<string, number>();
  for (const d of all.values())
    for (const n of new Set(namesFor(d).map(foldWords))) counts.set(n, (counts.get(n) ?? 0) + 1);
  const own = (d: Doc) => namesFor(d).filter((n) => (counts.get(foldWords(n)) ?? 0) <= 1);
  return sentences.map((s) => {
    const docs = docsOf(s);
    const doc = docs[0];
    if (!doc) return s;
    const needs = isLawLike(doc) || all.size > 1;
    if (!needs || docs.every((d) => namesEntry(s.text, own(d)))) return s;
    if (namesEntry(s.text, own(doc)) && docs.length === 1) return s;
    return { ...s, text: withLabel(labelFor(doc), s.text) };
  });
}

/** True when a sentence from a law or bill is missing where it applies (for the check and the eval). */
export function isUnlabelledRule(sentence: string, docs: readonly Doc[]): boolean {
  return docs.some((d) => isLawLike(d) && !namesEntry(sentence, namesFor(d)));
}

/** The field names of an entry's key facts ("Consent: …", "Who is covered: …"), as search indexes them. */
const FIELD =
  /^(Who is covered|Who enforces it|Consent|Retention|Enforcement|Penalties|Private right of action|Jurisdiction|Court|Parties|Docket|Outcome|Commitments|Organization|People|From|To|Asked|Signed by(?: \([^)]*\))?|Authors|Participants|Notes): /;

function withLabel(label: string, text: string): string {
  const field = FIELD.exec(text);
  if (field) {
    // "In Illinois (BIPA), enforcement: lawsuits…", not "In Illinois (BIPA), Enforcement: Lawsuits…";
    // a note is the rule itself: "In Virginia (HB 2031), no purchase…".
    const rest = text.slice(field[0].length);
    const name = field[1] === 'Notes' ? '' : `${field[1]!.toLowerCase()}: `;
    return withLabel(label.replace(/: $/, ', '), `${name}${rest}`);
  }
  if (label.endsWith(': ')) return `${label}${text}`;
  // "In Illinois (BIPA), a private company…": lower-case the first word unless it is a name or acronym.
  const first = /^(\S+)/.exec(text)?.[1] ?? '';
  const common =
    /^(?:A|An|The|It|Its|This|That|These|Those|They|Their|He|His|She|Her|We|Our|Each|Every|Any|All|Both|Many|Several|Such|Other|There|No|Some|Since|Before|After|Later|Under|Unlike|In|On|For|With|Without|When|While|Whether|If|Unless|Although|Because|According|However|Also|See|Only|Selling|Disclosure|Data|Companies|Businesses|Police|People|Members|Advocates|Commentators|Reports|Users|Consumers|Customers|Workers|Residents|Anyone|Everyone|Most|Private|Public|Government|Schools|Employers|Employees|Students|Parents|Individuals|Stores|Retailers|Landlords|Vendors|Agencies|Departments|Officers|Exceptions|Exemptions|Violations|Fines|Damages|Lawsuits|Use|Uses)$/;
  const lowered = common.test(first) ? text.charAt(0).toLowerCase() + text.slice(1) : text;
  return `${label}${lowered}`;
}
