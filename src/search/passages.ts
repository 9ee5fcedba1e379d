import { entryFacts } from '../kb/entry-facts.js';
import { type Doc, isLawLike, placeNameOf } from '../kb/schema.js';
import { isSpace } from './text.js';
import type { Passage } from './types.js';

/**
 * Facts left out of the searchable "key facts" passage: status, citation and dates are record-keeping
 * lines that /ask would otherwise quote as answers (measured: fewer expected facts in `npm run eval`).
 */
const RECORD_KEEPING = new Set(['Status', 'Citation', 'Effective', 'Sunset']);

/** Paragraphs shorter than this are joined to the next one, so a passage says something on its own. */
const MIN_WORDS = 25;

/**
 * Splits a document into the passages search ranks and /ask cites: the summary first, then the structured
 * details (provisions, signatories, commitments, parties), then the body cut at headings and paragraphs.
 * With `through`, the passages up to that index only (the rest of the body is not cut).
 */
export function splitPassages(doc: Doc, through = Number.POSITIVE_INFINITY): Passage[] {
  const passages: Passage[] = [summaryPassage(doc)];
  const details = entryFacts(doc)
    .filter((f) => !RECORD_KEEPING.has(f.label))
    .map((f) => `${f.label}: ${f.value}`);
  if (details.length > 0) {
    passages.push({ docId: doc.id, index: 1, heading: 'Key facts', text: details.join('\n') });
  }
  let heading = doc.title;
  let pending: string[] = [];
  let pendingWords = 0;
  const flush = () => {
    const text = pending.join('\n\n').trim();
    if (text) passages.push({ docId: doc.id, index: passages.length, heading, text });
    pending = [];
    pendingWords = 0;
  };
  if (passages.length > through) return passages;
  const body = doc.body;
  const block = (trimmed: string) => {
    if (!trimmed) return;
    // A heading starts its block (only a block starting with # is matched for one).
    const h = trimmed.charCodeAt(0) === HASH ? /^#{1,6}\s+(.+?)\s*#*$/m.exec(trimmed) : null;
    if (h && h.index === 0) {
      flush();
      heading = h[1] ?? heading;
      const rest = trimmed.slice(h[0].length).trim();
      if (rest) {
        pending.push(rest);
        pendingWords += countWords(rest, MIN_WORDS - pendingWords);
      }
      return;
    }
    pending.push(trimmed);
    pendingWords += countWords(trimmed, MIN_WORDS - pendingWords);
    if (pendingWords >= MIN_WORDS) flush();
  };
  // The body's blocks as body.split(/\n\s*\n/) cuts them: a newline, then white space holding another
  // newline, up to the last newline in it.
  let start = 0;
  for (let i = body.indexOf('\n'); i !== -1 && passages.length <= through;) {
    let end = i + 1;
    let last = -1;
    for (let c = body.charCodeAt(end); end < body.length && isSpace(c); c = body.charCodeAt(++end))
      if (c === NEWLINE) last = end;
    if (last === -1) {
      i = body.indexOf('\n', end);
      continue;
    }
    block(body.slice(start, i).trim());
    start = last + 1;
    i = body.indexOf('\n', start);
  }
  if (passages.length > through) return passages;
  block(body.slice(start).trim());
  flush();
  return passages;
}

/** An entry's first passage (splitPassages()[0]): its summary, read without splitting the body. */
export function summaryPassage(doc: Doc): Passage {
  return { docId: doc.id, index: 0, heading: 'Summary', text: doc.summary };
}

/** Names an entry is known by beyond its title: aliases plus the jurisdiction or organisation it concerns. */
export function namesOf(doc: Doc): string {
  const extra: string[] = [];
  if (isLawLike(doc)) extra.push(placeNameOf(doc));
  if (doc.type === 'statement') extra.push(doc.organization);
  return [...doc.aliases, ...extra].join('; ');
}

const HASH = 35;

/** The words of `text` (runs of characters other than spaces and controls), counted up to `enough`. */
function countWords(text: string, enough: number): number {
  let words = 0;
  let inWord = false;
  for (let i = 0; i < text.length && words < enough; i++) {
    const space = text.charCodeAt(i) <= 32;
    if (!space && !inWord) words++;
    inWord = !space;
  }
  return words;
}

const NEWLINE = 10;
