import { eng } from 'stopword';
import type { Places } from '../kb/places.js';
import type { Doc } from '../kb/schema.js';
import { foldWords } from '../kb/normalize.js';

/**
 * Names in a question that the entries answering it never mention. "Did Apple sign the 2019 coalition
 * letter?" retrieves the 2019 letter, which shares every other word: answering from it would be answering
 * about a neighbour. A question that names an organisation, company, product, law or case none of the
 * retrieved entries mentions is declined, with the closest entries listed.
 *
 * A name is a capitalised word that is not an ordinary English word at the start of the question, or an
 * acronym ("CCPA"). Places are left out: the retrieval side decides what to say about a place the base
 * lacks ("Nothing on Florida…").
 */

/** Capitalised words members use that are not names of anything the base might lack. */
const GENERIC = new Set(
  `i im ive id ill us usa u.s america american americans eu european federal state states city county
  court supreme congress senate house act law laws bill bills ai id ok okay hi hey thanks thank please
  mr mrs ms dr january february march april may june july august september october november december
  monday tuesday wednesday thursday friday saturday sunday`.split(/\s+/),
);

const placeWordsByTable = new WeakMap<Places, ReadonlySet<string>>();

/** Place words (every jurisdiction's name and its parts): the retrieval side owns questions about places. */
function placeWords(places: Places | undefined): ReadonlySet<string> {
  if (!places) return new Set();
  let words = placeWordsByTable.get(places);
  if (!words) {
    words = new Set(
      places.all().flatMap(({ name }) =>
        foldWords(name.replace(/\(.*?\)/g, ''))
          .split(' ')
          .filter((w) => w.length > 2),
      ),
    );
    placeWordsByTable.set(places, words);
  }
  return words;
}

const STOP = new Set(eng.map((w) => w.toLowerCase()));

/** The names a question uses, as typed ("Apple", "CCPA", "Ring's" → "Ring"). */
export function namesInQuestion(question: string, places?: Places): string[] {
  const placeNames = placeWords(places);
  const names: string[] = [];
  const tokens = [...question.matchAll(/[\p{L}\p{N}][\p{L}\p{N}&.'’-]*/gu)];
  // A question written in Title Case ("My Boss Wants Me to Use My Fingerprint") capitalises every word:
  // there only acronyms are surely names.
  const capitalised = tokens.filter((m) => /^\p{Lu}/u.test(m[0])).length;
  const titleCase = tokens.length >= 4 && capitalised / tokens.length >= 0.6;
  tokens.forEach((m, i) => {
    const raw = m[0].replace(/['’]s$/i, '').replace(/[.'’-]+$/, '');
    const lower = foldWords(raw);
    if (raw.length < 2 || !/^\p{Lu}/u.test(raw)) return;
    if (GENERIC.has(lower) || GENERIC.has(lower.replace(/ /g, '')) || placeNames.has(lower)) return;
    const acronym = /^[\p{Lu}\p{N}&.-]{2,}$/u.test(raw) && /\p{Lu}.*\p{Lu}/u.test(raw);
    // The question's first word is capitalised anyway: only an acronym there is surely a name.
    if ((i === 0 || titleCase) && !acronym) return;
    if (!acronym && STOP.has(lower)) return;
    names.push(raw);
  });
  return [...new Set(names)];
}

const wordsCache = new WeakMap<Doc, Set<string>>();

/** Every word an entry holds: title, aliases, summary, body and structured fields. */
function wordsOf(doc: Doc): Set<string> {
  let words = wordsCache.get(doc);
  if (!words) {
    const { body, summary, ...front } = doc;
    words = new Set(foldWords(`${JSON.stringify(front)} ${summary} ${body}`).split(' '));
    wordsCache.set(doc, words);
  }
  return words;
}

/** The question's names that none of `docs` mentions (each word of a name must appear in one entry). */
export function missingNames(question: string, docs: readonly Doc[], places?: Places): string[] {
  return namesInQuestion(question, places).filter((name) => {
    const parts = foldWords(name).split(' ').filter(Boolean);
    return !docs.some((d) => {
      const words = wordsOf(d);
      return parts.every(
        (p) => words.has(p) || words.has(`${p}s`) || (p.endsWith('s') && words.has(p.slice(0, -1))),
      );
    });
  });
}
