import { entryFacts } from '../kb/entry-facts.js';
import { type Doc, isLawLike, placeNameOf } from '../kb/schema.js';
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
 */
export function splitPassages(doc: Doc): Passage[] {
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
  for (const block of doc.body.split(/\n\s*\n/)) {
    const trimmed = block.trim();
    if (!trimmed) continue;
    // A heading starts its block (only a block starting with # is matched for one).
    const h = trimmed.charCodeAt(0) === HASH ? /^#{1,6}\s+(.+?)\s*#*$/m.exec(trimmed) : null;
    if (h && h.index === 0) {
      flush();
      heading = h[1] ?? heading;
      const rest = trimmed.slice(h[0].length).trim();
      if (rest) {
        pending.push(rest);
        pendingWords += countWords(rest);
      }
      continue;
    }
    pending.push(trimmed);
    pendingWords += countWords(trimmed);
    if (pendingWords >= MIN_WORDS) flush();
  }
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

function countWords(text: string): number {
  let words = 0;
  let inWord = false;
  for (let i = 0; i < text.length; i++) {
    const space = text.charCodeAt(i) <= 32;
    if (!space && !inWord) words++;
    inWord = !space;
  }
  return words;
}
