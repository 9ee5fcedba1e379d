import type { Places } from '../kb/places.js';
import { type Doc, isLawLike } from '../kb/schema.js';
import { placesIn, type QuestionPlace } from './question-place.js';
import { holdsWords, STOP_WORDS, tokenize, tokenString } from './text.js';

/**
 * What a question is about beyond its words: the place it names or implies, who does the thing it asks
 * about (the actor) and what they do (the activity). Search uses it to prefer the place's entries and
 * entries about the same actor and activity; /ask uses it to say when the base has nothing on a place.
 */
export interface QuestionFrame {
  /** Places named, in the order they appear. */
  places: QuestionPlace[];
  actors: Actor[];
  activities: Activity[];
  /** True when the question asks what the rules are (is it legal, allowed, banned, can they force me…). */
  asksRule?: boolean;
}

/** Words that make a question one about the rules, which laws answer better than the cases applying them. */
const RULE_WORDS = [
  'legal',
  'illegal',
  'lawful',
  'unlawful',
  'allowed',
  'allow',
  'permitted',
  'law',
  'laws',
  'rule',
  'rules',
  'regulation',
  'regulations',
  'require',
  'required',
  'requires',
  'prohibit',
  'prohibited',
  'force',
  'banned',
  'violation',
  'violate',
  'legislation',
  'right to',
  'have to',
];

/**
 * True for a word that asks whether something is legal ("is that legal", "shouldn't it be illegal"): a law
 * answers in its own words (must, may not, requires) and never calls itself legal or illegal. Words a rule
 * does use ("allowed", "banned", "required") are not among them.
 */
export function isLegalityWord(word: string): boolean {
  return LEGALITY.has(word);
}

const LEGALITY = new Set(['legal', 'illegal', 'lawful', 'unlawful', 'legally', 'illegally', 'legality']);

/** "Can I sue…", "can my employer…", "may stores…": asking what one is allowed to do. */
const CAN_THEY =
  /\b(?:can|may)\s+(?:i|we|you|they|my|a|an|the|stores?|shops?|police|cops|employers?|companies|businesses|schools?|apps?)\b/i;

/**
 * Names the question uses, folded ("GDPR", "Six Flags", "Ring"): capitalised words not opening a
 * sentence, and acronyms. Search weighs the entries they name, and leaves judging what the base lacks
 * to /ask, which says it has nothing on a name instead of answering about a neighbour.
 */
export function questionNames(text: string): Set<string> {
  const names = new Set<string>();
  const words = [...text.matchAll(/[\p{L}\p{N}][\p{L}\p{N}'’-]*/gu)];
  const capitals = words.filter((m) => /^\p{Lu}/u.test(m[0])).length;
  // Title Case ("My Boss Wants Me to Use My Fingerprint") capitalises every word: only acronyms count.
  const titleCase = words.length >= 4 && capitals / words.length >= 0.6;
  for (const m of words) {
    const raw = m[0].replace(/['’]s$/i, '');
    const acronym = /^[\p{Lu}\p{N}]{2,}$/u.test(raw) && /\p{Lu}.*\p{Lu}/u.test(raw);
    const before = text.slice(0, m.index).trimEnd();
    const opensSentence = before === '' || /[.?!:;"“(]$/.test(before);
    if (acronym || (/^\p{Lu}/u.test(raw) && !opensSentence && !titleCase))
      for (const t of tokenize(raw)) if (!STOP_WORDS.has(t)) names.add(t);
  }
  return names;
}

/**
 * The names a question uses as runs of capitalised words, each folded into its words ("Google Nest" →
 * google, nest): a run counts when one of its words is a name by questionNames()'s reading, so "British
 * Airways" opening a sentence is one name.
 */
export function nameRuns(text: string, names: ReadonlySet<string> = questionNames(text)): string[][] {
  const runs: string[][] = [];
  let run: string[] = [];
  let end = -1;
  const close = () => {
    if (run.some((t) => names.has(t))) runs.push(run.filter((t) => !STOP_WORDS.has(t)));
    run = [];
  };
  for (const m of text.matchAll(/[\p{L}\p{N}][\p{L}\p{N}'’-]*/gu)) {
    const start = m.index ?? 0;
    const capital = /^\p{Lu}/u.test(m[0]);
    if (!capital || !/^ ?$/.test(text.slice(end, start))) close();
    if (capital) run.push(...tokenize(m[0].replace(/['’]s$/i, '')));
    end = start + m[0].length;
  }
  close();
  return runs.filter((r) => r.length > 0);
}

export const ACTORS = ['employer', 'store', 'police', 'school', 'airport', 'app', 'government'] as const;
export type Actor = (typeof ACTORS)[number];
export const ACTIVITIES = ['collect', 'sell', 'sue', 'ban', 'consent', 'keep'] as const;
export type Activity = (typeof ACTIVITIES)[number];

/** Words and phrases (folded, space-separated tokens) that name each actor. */
const ACTOR_WORDS: Record<Actor, string[]> = {
  employer: [
    'employer',
    'employers',
    'boss',
    'job',
    // "at work", "work for", not "get them to work".
    'at work',
    'for work',
    'work for',
    'works for',
    'working for',
    'workplace',
    'employee',
    'employees',
    'worker',
    'workers',
    'clock in',
    'time clock',
    'timeclock',
    'punch in',
    'shift',
    'hr',
  ],
  store: [
    'store',
    'stores',
    'shop',
    'shops',
    'shopping',
    'retailer',
    'retailers',
    'retail',
    'business',
    'businesses',
    'mall',
    'grocery',
    'supermarket',
    'restaurant',
    'bar',
    'venue',
    'venues',
    'hotel',
    'theme park',
    'amusement park',
    'season pass',
    'season passes',
    'season ticket',
    'season tickets',
    'shoplifters',
    'customers',
    'private entity',
    'corporate',
    'corporation',
    'corporations',
    'private companies',
  ],
  police: [
    'police',
    'cops',
    'cop',
    'law enforcement',
    'sheriff',
    'officer',
    'officers',
    'fbi',
    'detectives',
    'body camera',
    'body cameras',
    'bodycam',
    'body cam',
    'mugshot',
    'mugshots',
    'arrest',
  ],
  school: ['school', 'schools', 'student', 'students', 'campus', 'classroom', 'teachers', 'district'],
  airport: [
    'airport',
    'airports',
    'tsa',
    'cbp',
    'flight',
    'flights',
    'boarding',
    'gate',
    'border',
    'customs',
    'departure',
    'passport',
    'airline',
    'airlines',
    'traveler',
    'travelers',
    'passengers',
  ],
  app: [
    'app',
    'apps',
    'website',
    'websites',
    'web service',
    'online',
    'social media',
    'facebook',
    'instagram',
    'google photos',
    'photo tagging',
    'tag suggestions',
    'selfie',
    'cloud',
    'internet',
  ],
  government: [
    'government',
    'city',
    'agency',
    'agencies',
    'county',
    'state agencies',
    'public sector',
    'council',
  ],
};

const ACTIVITY_WORDS: Record<Activity, string[]> = {
  collect: [
    'collect',
    'collects',
    'collecting',
    'collection',
    'scan',
    'scans',
    'scanning',
    'scanned',
    'capture',
    'captures',
    'capturing',
    'take',
    'taking',
    'fingerprint',
    'fingerprints',
    'fingerprinting',
    'store my',
  ],
  sell: ['sell', 'sells', 'selling', 'sold', 'sale', 'share', 'sharing', 'disclose', 'profit', 'trade'],
  sue: [
    'sue',
    'sued',
    'suing',
    'lawsuit',
    'lawsuits',
    'class action',
    'damages',
    'settlement',
    'claim',
    'compensation',
    'money',
  ],
  ban: ['ban', 'bans', 'banned', 'banning', 'prohibit', 'prohibited', 'outlaw', 'illegal', 'moratorium'],
  consent: ['consent', 'permission', 'opt out', 'opt in', 'agree', 'written release', 'without asking'],
  keep: ['keep', 'retain', 'retention', 'delete', 'destroy', 'how long', 'database', 'store them'],
};

/** The question's places, actors and activities. Pure; cheap enough to run on every question. */
export function understandQuestion(text: string, table: Places): QuestionFrame {
  const padded = ` ${tokenize(text).join(' ')} `;
  const has = (words: string[]) => words.some((w) => holdsWords(padded, w));
  return {
    places: placesIn(text, table),
    actors: ACTORS.filter((a) => has(ACTOR_WORDS[a])),
    activities: ACTIVITIES.filter((a) => has(ACTIVITY_WORDS[a])),
    asksRule: has(RULE_WORDS) || CAN_THEY.test(text),
  };
}

/** Every word that names an actor or an activity: how members talk about the base's topics. */
export function frameWords(): string[] {
  return [...Object.values(ACTOR_WORDS), ...Object.values(ACTIVITY_WORDS)]
    .flat()
    .flatMap((w) => w.split(' '));
}

/** Actors and activities a text talks about (an entry's title, aliases, questions, tags and summary). */
export function frameOfText(text: string): { actors: Set<Actor>; activities: Set<Activity> } {
  const joined = tokenString(text);
  const padded = ` ${joined} `;
  const found = new Set<Actor | Activity>();
  // Every entry is read at indexing: each of its words looked up once, not each frame word searched for;
  // a phrase only where its first word is.
  const { byWord, phrasesByFirst } = frameLookup();
  for (const t of joined.split(' ')) {
    for (const f of byWord.get(t) ?? []) found.add(f);
    for (const [phrase, f] of phrasesByFirst.get(t) ?? [])
      if (!found.has(f) && padded.includes(` ${phrase} `)) found.add(f);
  }
  return {
    actors: new Set(ACTORS.filter((a) => found.has(a))),
    activities: new Set(ACTIVITIES.filter((a) => found.has(a))),
  };
}

let lookup:
  | {
      byWord: Map<string, (Actor | Activity)[]>;
      phrasesByFirst: Map<string, [string, Actor | Activity][]>;
    }
  | undefined;

/** The actor and activity words by word, and their phrases by first word, for frameOfText(). */
function frameLookup(): NonNullable<typeof lookup> {
  if (lookup) return lookup;
  const byWord = new Map<string, (Actor | Activity)[]>();
  const phrasesByFirst = new Map<string, [string, Actor | Activity][]>();
  const add = (frame: Actor | Activity, words: readonly string[]) => {
    for (const w of words) {
      const first = w.split(' ')[0] as string;
      if (w.includes(' ')) phrasesByFirst.set(first, [...(phrasesByFirst.get(first) ?? []), [w, frame]]);
      else byWord.set(w, [...(byWord.get(w) ?? []), frame]);
    }
  };
  for (const a of ACTORS) add(a, ACTOR_WORDS[a]);
  for (const a of ACTIVITIES) add(a, ACTIVITY_WORDS[a]);
  lookup = { byWord, phrasesByFirst };
  return lookup;
}

/**
 * Where an entry's rule applies: a law's or bill's jurisdiction; for a case, statement or event, the one
 * jurisdiction of the laws it is related to (Rosenbach → Illinois), if they agree; otherwise undefined.
 */
export function placeOfDoc(doc: Doc, byId: (id: string) => Doc | undefined): string | undefined {
  if (isLawLike(doc)) return doc.jurisdiction;
  const codes = new Set<string>();
  for (const id of doc.related) {
    const other = byId(id);
    if (other && isLawLike(other)) codes.add(other.jurisdiction);
  }
  return codes.size === 1 ? [...codes][0] : undefined;
}
