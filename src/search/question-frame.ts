import { isWithin, type Place, type Places } from '../kb/places.js';
import { type Doc, isLawLike } from '../kb/schema.js';
import { fold, STOP_WORDS, tokenize } from './text.js';

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

export interface QuestionPlace {
  /** The place as members know it ("Chicago", "Florida", "Australia"). */
  name: string;
  /**
   * The jurisdiction whose laws apply there: the place itself, or for a city the table does not list, its
   * state (Chicago → US-IL). Undefined for a place outside the table (then nothing in the base applies).
   */
  code?: string | undefined;
  /** True when the place is a city inside `code` rather than `code` itself. */
  city: boolean;
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
    'work',
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

/**
 * Places members name that the jurisdiction table does not list, each with the jurisdiction that holds it.
 * Cities whose laws the base may cover are in the table itself (San Francisco, Boston, Portland...).
 */
const CITIES: Record<string, string> = {
  chicago: 'US-IL',
  springfield: 'US-IL',
  gurnee: 'US-IL',
  houston: 'US-TX',
  dallas: 'US-TX',
  austin: 'US-TX',
  'san antonio': 'US-TX',
  seattle: 'US-WA-KC',
  spokane: 'US-WA',
  tacoma: 'US-WA',
  'los angeles': 'US-CA',
  sacramento: 'US-CA',
  'san diego': 'US-CA',
  berkeley: 'US-CA',
  cambridge: 'US-MA',
  brookline: 'US-MA',
  worcester: 'US-MA',
  detroit: 'US-MI',
  baltimore: 'US-MD',
  atlanta: 'US-GA',
  miami: 'US-FL',
  orlando: 'US-FL',
  lockport: 'US-NY',
  buffalo: 'US-NY',
  rochester: 'US-NY',
  manhattan: 'US-NY-NYC',
  brooklyn: 'US-NY-NYC',
  nyc: 'US-NY-NYC',
  london: 'GB',
  england: 'GB',
  britain: 'GB',
  uk: 'GB',
  scotland: 'GB',
  toronto: 'CA',
  ontario: 'CA',
};

/** Country names the table lacks: named, so /ask can say it has nothing on them. */
const OUTSIDE = [
  'australia',
  'china',
  'india',
  'japan',
  'russia',
  'brazil',
  'mexico',
  'south korea',
  'singapore',
  'new zealand',
  'switzerland',
  'norway',
  'israel',
  'south africa',
  'argentina',
];

interface Gazetteer {
  /** Folded phrase → the places it may name: two when the table has two cities of one name (Portland). */
  names: Map<string, QuestionPlace[]>;
  maxTokens: number;
}

const gazetteers = new WeakMap<Places, Gazetteer>();

/** The place names members may use, from the knowledge base's places table and the lists above. */
function gazetteerOf(table: Places): Gazetteer {
  const known = gazetteers.get(table);
  if (known) return known;
  const names: Gazetteer['names'] = new Map();
  /** `ambiguous`: the table's own names may stand for several of its places; other lists never add a second. */
  const add = (phrase: string, place: Omit<QuestionPlace, 'name'>, name: string, ambiguous = false) => {
    if (place.code !== undefined && !table.has(place.code)) return;
    const key = tokenize(phrase).join(' ');
    if (!key) return;
    const known = names.get(key);
    if (!known) names.set(key, [{ ...place, name }]);
    else if (ambiguous && !known.some((p) => p.code === place.code)) known.push({ ...place, name });
  };
  for (const { code, name: label } of table.all() as Place[]) {
    const full = label.replace(/\s*\(.*\)/, '');
    const first = full.split(',')[0] ?? full;
    add(first, { code, city: false }, first, true);
    if (full !== first) add(full, { code, city: false }, first);
  }
  for (const [city, code] of Object.entries(CITIES)) {
    const name = city.replace(/\b\w/g, (c) => c.toUpperCase());
    if (!table.has(code)) continue;
    add(city, { code, city: !['uk', 'england', 'britain', 'scotland', 'ontario'].includes(city) }, name);
  }
  for (const country of OUTSIDE)
    add(
      country,
      { city: false },
      country.replace(/\b\w/g, (c) => c.toUpperCase()),
    );
  add('united states', { code: 'US', city: false }, 'United States');
  add('usa', { code: 'US', city: false }, 'United States');
  add('america', { code: 'US', city: false }, 'United States');
  add('eu', { code: 'EU', city: false }, 'European Union');
  add('europe', { code: 'EU', city: false }, 'European Union');
  add('washington state', { code: 'US-WA', city: false }, 'Washington');
  add('washington dc', { code: 'US-DC', city: false }, 'District of Columbia');
  add('dc', { code: 'US-DC', city: false }, 'District of Columbia');
  add('sf', { code: 'US-CA-SF', city: false }, 'San Francisco');
  add('pdx', { code: 'US-OR-PDX', city: false }, 'Portland');
  let maxTokens = 1;
  for (const key of names.keys()) maxTokens = Math.max(maxTokens, key.split(' ').length);
  const gazetteer = { names, maxTokens };
  gazetteers.set(table, gazetteer);
  return gazetteer;
}

/** Words that look like a place but, next to these, are something else ("Washington County", "Georgia Tech"). */
const NOT_A_PLACE_AFTER = new Set(['county', 'post', 'tech', 'university', 'times', 'avenue', 'street']);

/** Words before "to"/"from" that make the place a trip's end, not where the rule asked about applies. */
const TRAVEL = new Set([
  'flight',
  'flights',
  'fly',
  'flying',
  'flew',
  'trip',
  'travel',
  'traveling',
  'travelling',
  'boarded',
  'vacation',
]);

/**
 * US states' postal codes, read as the state only in capitals ("we're in FL"). Left out: those that are
 * also everyday words or abbreviations written in capitals (IN, OR, ME, OK, HI, OH, ID, CO, LA, DE).
 */
const POSTAL = new Set(
  'AL AK AZ AR CA CT FL GA IA IL KS KY MA MD MI MN MO MS MT NC ND NE NH NJ NM NV NY PA RI SC SD TN TX UT VA VT WA WI WV WY'.split(
    ' ',
  ),
);

/** The question's places, actors and activities. Pure; cheap enough to run on every question. */
export function understandQuestion(text: string, table: Places): QuestionFrame {
  const tokens = tokenize(text);
  const { names, maxTokens } = gazetteerOf(table);
  let found: QuestionPlace[] = [];
  const note = (place: QuestionPlace) => {
    if (!found.some((p) => p.name === place.name && p.code === place.code)) found.push(place);
  };
  for (let i = 0; i < tokens.length;) {
    let taken = 0;
    for (let n = Math.min(maxTokens, tokens.length - i); n >= 1; n--) {
      const phrase = tokens.slice(i, i + n).join(' ');
      const places = names.get(phrase);
      if (!places || NOT_A_PLACE_AFTER.has(tokens[i + n] ?? '')) continue;
      taken = n;
      // "a flight to London": where the member travels, not whose rules the question asks about.
      if (['to', 'from', 'into'].includes(tokens[i - 1] ?? '') && TRAVEL.has(tokens[i - 2] ?? '')) break;
      for (const place of places) note(place);
      break;
    }
    i += Math.max(1, taken);
  }
  // "US" / "U.S." as a place only when written in capitals: "us" is far more often the pronoun.
  if (/\bU\.?S\.?(?!\w)/.test(text)) note({ name: 'United States', code: 'US', city: false });
  if (!/^[^a-z]*$/.test(text))
    for (const [, abbr] of text.matchAll(/(?<![\w.])([A-Z]{2})(?![\w.])/g)) {
      const code = `US-${abbr}`;
      if (!POSTAL.has(abbr as string) || !table.has(code)) continue;
      const name = table.name(code).replace(/\s*\(.*\)/, '');
      note({ name, code, city: false });
    }
  found = narrowest(found);
  const padded = ` ${tokens.join(' ')} `;
  const has = (words: string[]) => words.some((w) => padded.includes(` ${w} `));
  return {
    places: found,
    actors: ACTORS.filter((a) => has(ACTOR_WORDS[a])),
    activities: ACTIVITIES.filter((a) => has(ACTIVITY_WORDS[a])),
    asksRule: has(RULE_WORDS) || CAN_THEY.test(text),
  };
}

/**
 * The places a member meant: a city two places share (Portland) is the one inside another place the
 * question names (Portland, Oregon), and a place is dropped when the question also names a place inside it
 * ("USA/FL" asks about Florida).
 */
function narrowest(found: QuestionPlace[]): QuestionPlace[] {
  const byName = new Map<string, QuestionPlace[]>();
  for (const p of found) byName.set(p.name, [...(byName.get(p.name) ?? []), p]);
  let kept = found.filter((p) => {
    const namesakes = byName.get(p.name) ?? [];
    if (namesakes.length < 2 || !p.code) return true;
    const settled = namesakes.filter((c) =>
      found.some((q) => q !== c && q.code && c.code && q.code !== c.code && isWithin(c.code, q.code)),
    );
    return settled.length === 0 || settled.includes(p);
  });
  kept = kept.filter(
    (p) => !kept.some((q) => q.code && p.code && q.code !== p.code && isWithin(q.code, p.code)),
  );
  return kept;
}

/** Every word that names an actor or an activity: how members talk about the base's topics. */
export function frameWords(): string[] {
  return [...Object.values(ACTOR_WORDS), ...Object.values(ACTIVITY_WORDS)]
    .flat()
    .flatMap((w) => w.split(' '));
}

/** Actors and activities a text talks about (an entry's title, aliases, questions, tags and summary). */
export function frameOfText(text: string): { actors: Set<Actor>; activities: Set<Activity> } {
  const tokens = tokenize(fold(text));
  const single = new Set(tokens);
  const padded = ` ${tokens.join(' ')} `;
  const has = (words: string[]) =>
    words.some((w) => (w.includes(' ') ? padded.includes(` ${w} `) : single.has(w)));
  return {
    actors: new Set(ACTORS.filter((a) => has(ACTOR_WORDS[a]))),
    activities: new Set(ACTIVITIES.filter((a) => has(ACTIVITY_WORDS[a]))),
  };
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

/**
 * How an entry placed at `docPlace` relates to a place the question names: `applies` when its rule holds
 * there (a state law for a city in that state, a federal law anywhere in the country), `inside` when the
 * entry is about a part of it (Boston's ordinance for a question about Massachusetts), `elsewhere` otherwise.
 */
export function placeRelation(docPlace: string, place: QuestionPlace): 'applies' | 'inside' | 'elsewhere' {
  if (!place.code) return 'elsewhere';
  if (isWithin(place.code, docPlace)) return 'applies';
  if (!place.city && isWithin(docPlace, place.code)) return 'inside';
  // The EU's rules apply in its member states.
  if (
    docPlace === 'EU' &&
    place.code.length === 2 &&
    !place.code.startsWith('US') &&
    place.code !== 'GB' &&
    place.code !== 'CA'
  )
    return 'applies';
  return 'elsewhere';
}
