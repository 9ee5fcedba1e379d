import { isWithin, type Place, type Places } from '../kb/places.js';
import { type Doc, isLawLike } from '../kb/schema.js';
import { fold, tokenize } from './text.js';

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
  /** Folded phrase → place. */
  names: Map<string, Omit<QuestionPlace, 'name'> & { name: string }>;
  maxTokens: number;
}

const gazetteers = new WeakMap<Places, Gazetteer>();

/** The place names members may use, from the knowledge base's places table and the lists above. */
function gazetteerOf(table: Places): Gazetteer {
  const known = gazetteers.get(table);
  if (known) return known;
  const names: Gazetteer['names'] = new Map();
  const add = (phrase: string, place: Omit<QuestionPlace, 'name'>, name: string) => {
    if (place.code !== undefined && !table.has(place.code)) return;
    const key = tokenize(phrase).join(' ');
    if (key && !names.has(key)) names.set(key, { ...place, name });
  };
  for (const { code, name: label } of table.all() as Place[]) {
    const full = label.replace(/\s*\(.*\)/, '');
    const first = full.split(',')[0] ?? full;
    add(first, { code, city: false }, first);
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

/** The question's places, actors and activities. Pure; cheap enough to run on every question. */
export function understandQuestion(text: string, table: Places): QuestionFrame {
  const tokens = tokenize(text);
  const { names, maxTokens } = gazetteerOf(table);
  const found: QuestionPlace[] = [];
  for (let i = 0; i < tokens.length;) {
    let taken = 0;
    for (let n = Math.min(maxTokens, tokens.length - i); n >= 1; n--) {
      const phrase = tokens.slice(i, i + n).join(' ');
      const place = names.get(phrase);
      if (!place || NOT_A_PLACE_AFTER.has(tokens[i + n] ?? '')) continue;
      if (!found.some((p) => p.name === place.name && p.code === place.code)) found.push(place);
      taken = n;
      break;
    }
    i += Math.max(1, taken);
  }
  // "US" / "U.S." as a place only when written in capitals: "us" is far more often the pronoun.
  if (/\bU\.?S\.?(?!\w)/.test(text) && !found.some((p) => p.code === 'US'))
    found.push({ name: 'United States', code: 'US', city: false });
  const padded = ` ${tokens.join(' ')} `;
  const has = (words: string[]) => words.some((w) => padded.includes(` ${w} `));
  return {
    places: found,
    actors: ACTORS.filter((a) => has(ACTOR_WORDS[a])),
    activities: ACTIVITIES.filter((a) => has(ACTIVITY_WORDS[a])),
  };
}

/** Actors and activities a text talks about (an entry's title, aliases, questions, tags and summary). */
export function frameOfText(text: string): { actors: Set<Actor>; activities: Set<Activity> } {
  const padded = ` ${tokenize(fold(text)).join(' ')} `;
  const has = (words: string[]) => words.some((w) => padded.includes(` ${w} `));
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
