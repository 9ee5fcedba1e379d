import { stemmer } from 'stemmer';
import { eng } from 'stopword';
import { recall, remember } from './bounded-cache.js';

/**
 * Tokenisation shared by the index and the query side. It mirrors SQLite FTS5's `unicode61` tokenizer
 * with `remove_diacritics 2` (runs of letters and digits, lowercased, accents removed), so the words we
 * highlight are exactly the words the engine matched.
 */
export function tokenize(text: string): string[] {
  return fold(text)
    .split(/[^\p{L}\p{N}]+/u)
    .filter((t) => t.length > 0);
}

/** The text's tokens joined by single spaces: one pass, for "does this passage contain that word or phrase". */
export function tokenString(text: string): string {
  if (ASCII.test(text)) return asciiTokenString(text);
  return tokenize(text).join(' ');
}

/**
 * tokenString() of ASCII text: what `text.toLowerCase().replace(/[^a-z0-9]+/g, ' ').trim()` gives, made
 * in one pass through a reused byte buffer, so only the result is a new string (judging a search's best
 * entry reads its whole text here, and the three steps each made a copy of it, the replace several).
 */
function asciiTokenString(text: string): string {
  if (scratch.length < text.length) scratch = Buffer.allocUnsafe(Math.max(text.length, 2 * scratch.length));
  let n = 0;
  let gap = false;
  for (let i = 0; i < text.length; i++) {
    let c = text.charCodeAt(i);
    if (c >= 65 && c <= 90) c += 32;
    if ((c >= 97 && c <= 122) || (c >= 48 && c <= 57)) {
      if (gap && n > 0) scratch[n++] = SPACE;
      gap = false;
      scratch[n++] = c;
    } else gap = true;
  }
  return scratch.toString('latin1', 0, n);
}

let scratch = Buffer.allocUnsafe(4096);

/**
 * True when `padded` (a token string with a space at each end) holds `words` (a word or a phrase of
 * single-spaced words) as whole words: what `padded.includes(\` ${words} \`)` says, without making that
 * string (the rerank and the question's frame ask it for every row and for hundreds of frame words).
 */
export function holdsWords(padded: string, words: string): boolean {
  if (words.length === 0) return padded.includes('  ');
  for (let i = padded.indexOf(words, 1); i !== -1; i = padded.indexOf(words, i + 1))
    if (padded.charCodeAt(i - 1) === SPACE && padded.charCodeAt(i + words.length) === SPACE) return true;
  return false;
}

const SPACE = 32;

export function fold(text: string): string {
  // Most text is plain ASCII, which needs no Unicode normalisation (NFKD is the expensive part).
  if (ASCII.test(text)) return text.toLowerCase();
  return text
    .normalize('NFKD')
    .replace(/\p{M}+/gu, '')
    .toLowerCase();
}

// Printable ASCII plus tab and newlines; anything else takes the Unicode path.
const ASCII = /^[\t\n\r\x20-\x7e]*$/;

const stems = new Map<string, string>();
/**
 * Stems remembered, least recently used dropped first: the words of questions repeat; an index is built
 * stemming each of its words once (a 50,000-entry base has over a hundred thousand), so remembering them
 * all only kept megabytes for good, and forgetting them all at once made the next questions stem again.
 */
const STEMS_REMEMBERED = 20_000;
/** Porter stem of a folded word, memoised (the words members ask with repeat heavily). */
export function stem(word: string): string {
  let s = recall(stems, word);
  if (s === undefined) {
    s = stemOnce(word);
    remember(stems, word, s, STEMS_REMEMBERED);
  }
  return s;
}

/**
 * stem(), not remembered: for words stemmed once each, as the index's words are when it is built (through
 * the cache they only pushed the words of questions out of it).
 */
export function stemOnce(word: string): string {
  return /^\d+$/.test(word) ? word : stemmer(word);
}

/**
 * Words that carry no meaning for retrieval: the standard English list plus the question and filler words
 * members type in chat ("can my employer…", "did they ever…"). Negations are dropped too: BM25 cannot
 * use them, and keeping them only rewards passages that happen to say "not".
 */
export const STOP_WORDS: ReadonlySet<string> = new Set([
  ...eng.map(fold),
  ...'a about above again against all am an any anyone anything are as at be been being both but by can could did do does doing done down during each either else ever every few for from further get gets got had has have having he her here hers him his how i if in into is it its itself just know let lets me might more most much must my myself no nor not of off on once only or other our ours out over own please same she should so some something still such tell than that the their theirs them then there these they this those through to too under until up us very was we were what whats when where which while who whom whose why will with without would yes yet you your yours'.split(
    ' ',
  ),
  'isn',
  'don',
  'doesn',
  'didn',
  'can',
  't',
  's',
  // What is left of other contractions once the apostrophe splits them ("shouldn't", "we're", "I've").
  ...'aren wasn weren hasn haven hadn shouldn wouldn couldn mustn needn re ve ll d m dont doesnt didnt isnt arent wasnt werent cant wont shouldnt wouldnt couldnt im ive youre theyre'.split(
    ' ',
  ),
]);

/** What \s matches in a JavaScript pattern (and trim() removes). */
export function isSpace(c: number): boolean {
  if (c < 128) return c === 32 || (c >= 9 && c <= 13);
  return (
    c === 0xa0 ||
    c === 0x1680 ||
    (c >= 0x2000 && c <= 0x200a) ||
    c === 0x2028 ||
    c === 0x2029 ||
    c === 0x202f ||
    c === 0x205f ||
    c === 0x3000 ||
    c === 0xfeff
  );
}
