import { eng } from 'stopword';
import type { Places } from '../kb/places.js';
import type { Doc } from '../kb/schema.js';
import { foldWords } from '../kb/normalize.js';
import { amendmentsIn } from '../search/question-amendment.js';

/**
 * Names in a question that the entries answering it never mention. "Did Apple sign the 2019 coalition
 * letter?" retrieves the 2019 letter, which shares every other word: answering from it would be answering
 * about a neighbour. /ask says it has nothing on such a name; whether it then declines or answers the rest
 * of the question is namesPolicy()'s call.
 *
 * A name is a run of capitalised words that is not an ordinary English word opening a sentence ("Ring
 * Doorbells", "Aer Lingus"), or an acronym ("CCPA"). Places are left out: the retrieval side decides what
 * to say about a place the base lacks ("Nothing on Florida…").
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

/** A name the question uses, with where it stands. */
export interface QuestionName {
  /** As typed, words joined by single spaces ("Ring Doorbells", "Ring's" → "Ring"). */
  name: string;
  /**
   * True when the question asks about the name itself: it follows the auxiliary that opens a question
   * ("Did Walmart…", "How much did Kroger…", "Is PimEyes…", "how long does TSA…").
   */
  subject: boolean;
  /** True when it names a law ("the Brazilian data protection law", "the Foo Act"). */
  law: boolean;
  /** True for a party described, not named ("some billboard company"): missing only when its words are. */
  unnamed?: boolean;
}

/** A law's name: the name followed, within a few words, by law, act, regulation… */
const LAW_AFTER =
  /^(?:\s+[\p{L}\p{N}'’-]+){0,3}?\s+(?:law|laws|act|regulation|statute|bill|ordinance|directive)\b/iu;

/** Opens a question up to the word before its subject: "Did", "How much did", "Is the", "why would". */
const BEFORE_SUBJECT =
  /(?:^|[.?!,;:]\s*|\b(?:and|but|so|or)\s+)(?:(?:what|when|where|why|how(?:\s+(?:much|many|long|often))?|who|which)\s+)?(?:did|does|do|is|are|was|were|has|have|had|will|would|can|could|should|may)\s+(?:the\s+)?$/i;

/** The names a question uses ("Apple", "CCPA", "Ring Doorbells"), each with whether it is the subject. */
export function questionNames(question: string, places?: Places): QuestionName[] {
  const placeNames = placeWords(places);
  const tokens = [...question.matchAll(/[\p{L}\p{N}][\p{L}\p{N}&.'’-]*/gu)];
  // A question written in Title Case ("My Boss Wants Me to Use My Fingerprint") capitalises every word:
  // there only acronyms are surely names.
  const capitalised = tokens.filter((m) => /^\p{Lu}/u.test(m[0])).length;
  const titleCase = tokens.length >= 4 && capitalised / tokens.length >= 0.6;
  const names: QuestionName[] = [];
  let run: { words: string[]; start: number; end: number; named: boolean } | undefined;
  const close = () => {
    if (run?.named) {
      const name = run.words.join(' ');
      const subject = BEFORE_SUBJECT.test(question.slice(0, run.start));
      const law = / act$/i.test(name) || LAW_AFTER.test(question.slice(run.end));
      const known = names.find((n) => n.name === name);
      if (!known) names.push({ name, subject, law });
      else {
        known.subject ||= subject;
        known.law ||= law;
      }
    }
    run = undefined;
  };
  for (const m of tokens) {
    const raw = m[0].replace(/['’]s$/i, '').replace(/[.'’-]+$/, '');
    const start = m.index ?? 0;
    const lower = foldWords(raw);
    const capital = raw.length >= 2 && /^\p{Lu}/u.test(raw);
    const adjacent = run !== undefined && /^\s$/.test(question.slice(run.end, start));
    if (!capital || !adjacent) close();
    if (!capital) continue;
    if (
      GENERIC.has(lower) ||
      GENERIC.has(lower.replace(/ /g, '')) ||
      placeNames.has(lower) ||
      STOP.has(lower)
    ) {
      close();
      continue;
    }
    const acronym = /^[\p{Lu}\p{N}&.-]{2,}$/u.test(raw) && /\p{Lu}.*\p{Lu}/u.test(raw);
    // A sentence's first word is capitalised anyway: only an acronym there is surely a name (it may
    // still open one: "British Airways did it").
    const before = question.slice(0, start).trimEnd();
    const opensSentence = before === '' || /[.?!:"“(]$/.test(before);
    const isName = acronym || (!opensSentence && !titleCase);
    run ??= { words: [], start, end: start, named: false };
    run.words.push(raw);
    run.end = start + m[0].length;
    run.named ||= isName;
  }
  close();
  // "the 4th amendment" is a name too, however it is written (see question-amendment.ts).
  for (const name of amendmentsIn(question))
    if (!names.some((n) => n.name.toLowerCase() === name.toLowerCase()))
      names.push({ name: `the ${name}`, subject: false, law: false });
  // "Hasn't some billboard company been doing this for years?": a party left unnamed, asked about as
  // the subject, stands for its name.
  const party = UNNAMED_PARTY.exec(question)?.[1]?.trim();
  if (party && !names.some((n) => n.name === party))
    names.push({ name: party, subject: true, law: false, unnamed: true });
  return names;
}

/**
 * A question opening on an unnamed party as its subject, up to what it did: "Hasn't some billboard
 * company been doing this…", "Didn't a casino chain try this…", "Isn't one bank already using it…".
 */
const UNNAMED_PARTY =
  /^\s*(?:has|hasn'?t|have|haven'?t|did|didn'?t|is|isn'?t|are|aren'?t|was|wasn'?t|does|doesn'?t)\s+(?:some|a|an|one|any)\s+((?:[\p{L}\p{N}/&-]+\s+){0,3}?[\p{L}\p{N}/&-]+?)\s+(?:been|already|ever|done|doing|do|did|tried|try|trying|using|used|started|had|got|gotten|get|gets|sell|sold|pay|paid|make|made|sue|sued|scan|scanned)\b/iu;

/** The names a question uses, as typed ("Apple", "CCPA", "Ring Doorbells"). */
export function namesInQuestion(question: string, places?: Places): string[] {
  return questionNames(question, places).map((n) => n.name);
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

const aboutCache = new WeakMap<Doc, Set<string>>();

/**
 * The words of what an entry is about: its title, aliases, summary, tags, and the people and
 * organisations it is by or about. A name met only in its body or milestones is a passing mention
 * (the TSA, among the agencies a records lawsuit named, in the entry on CBP's airport face matching).
 */
function aboutWords(doc: Doc): Set<string> {
  let words = aboutCache.get(doc);
  if (!words) {
    const d = doc as Doc & Record<string, unknown>;
    const parts = [d.title, ...d.aliases, d.summary, ...d.tags];
    for (const key of [
      'authors',
      'recipients',
      'signatories',
      'organization',
      'people',
      'parties',
      'participants',
    ])
      parts.push(...[d[key]].flat().filter((v): v is string => typeof v === 'string'));
    words = new Set(foldWords(parts.join(' ')).split(' '));
    aboutCache.set(doc, words);
  }
  return words;
}

function holds(words: Set<string>, name: string): boolean {
  const parts = foldWords(name).split(' ').filter(Boolean);
  return parts.every(
    (p) => words.has(p) || words.has(`${p}s`) || (p.endsWith('s') && words.has(p.slice(0, -1))),
  );
}

/**
 * The question's names that `docs` do not answer for: none mentions the name (each of its words in one
 * entry), or, for the question's subject, none is about it ("how long does TSA retain…" answered from an
 * entry on CBP that names the TSA once).
 */
export function missingNames(question: string, docs: readonly Doc[], places?: Places): string[] {
  return questionNames(question, places)
    .filter(
      ({ name, subject, unnamed }) =>
        !docs.some((d) => holds(wordsOf(d), name)) ||
        (subject && !unnamed && !docs.some((d) => holds(aboutWords(d), name))),
    )
    .map((n) => n.name);
}

/**
 * The names `text` asks about (its subjects: "Is TSA installing…", "Did Walmart sign…") that none of
 * `docs` is about. For a thread's title: a question asked under it is about that subject too.
 */
export function missingSubjects(text: string, docs: readonly Doc[], places?: Places): string[] {
  return questionNames(text, places)
    .filter(({ name, subject }) => subject && !docs.some((d) => holds(aboutWords(d), name)))
    .map((n) => n.name);
}

/** A question about what a party did: "Did Apple promise…", "How much did Kroger pay…", "What did the court decide…". */
const PAST_FACT =
  /(?:^|[.?!,;:]\s*)(?:(?:what|when|where|why|how(?:\s+(?:much|many|long))?|who|which)\s+)?(?:did|was|were|has|had)\b/i;

/**
 * Whether /ask, having said it has nothing on `missing` names, may answer the rest of the question from
 * the entries it found. It may when the names are not what the question asks about ("hand them over to
 * the police and Interpol?") or when the question asks what the rules are for them ("Are Ring Doorbells
 * going to be banned?": the rules hold whatever the brand). It declines a question about what a named
 * party did or holds ("Did Walmart sign the 2019 letters?"): there the neighbours' facts are not its facts.
 */
export function answersAroundNames(
  question: string,
  missing: readonly string[],
  asksRule: boolean,
  places?: Places,
): boolean {
  if (PAST_FACT.test(question)) return false;
  const named = questionNames(question, places).filter((n) => missing.includes(n.name));
  // A law the base lacks is what the question asks about, whatever else it says.
  if (named.some((n) => n.law)) return false;
  return asksRule || !named.some((n) => n.subject);
}
