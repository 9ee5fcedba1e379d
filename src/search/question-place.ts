import { isWithin, type Place, type Places } from '../kb/places.js';
import { tokenize } from './text.js';

/**
 * Reading the places a question names or implies: the knowledge base's places table, cities it does not
 * list (Chicago is in Illinois), countries it lacks, postal codes ("we're in FL"), and how an entry's
 * place relates to the question's.
 */
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
  /** The words the question named it by, tokenised ("eu", "usa", "fl"): not topics to find in an answer. */
  said?: string[] | undefined;
}

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

/** The places a question names or implies ("Chicago" → Illinois, "USA/FL" → Florida), narrowest kept. */
export function placesIn(text: string, table: Places): QuestionPlace[] {
  const tokens = tokenize(text);
  const { names, maxTokens } = gazetteerOf(table);
  const found: QuestionPlace[] = [];
  const note = (place: QuestionPlace, said: string) => {
    const known = found.find((p) => p.name === place.name && p.code === place.code);
    if (!known) found.push({ ...place, said: [said] });
    else if (!known.said?.includes(said)) known.said = [...(known.said ?? []), said];
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
      for (const place of places) note(place, phrase);
      break;
    }
    i += Math.max(1, taken);
  }
  // "US" / "U.S." as a place only when written in capitals: "us" is far more often the pronoun.
  const us = /\bU\.?S\.?(?!\w)/.exec(text);
  if (us) note({ name: 'United States', code: 'US', city: false }, tokenize(us[0]).join(' '));
  if (!/^[^a-z]*$/.test(text))
    for (const [, abbr] of text.matchAll(/(?<![\w.])([A-Z]{2})(?![\w.])/g)) {
      const code = `US-${abbr}`;
      if (!POSTAL.has(abbr as string) || !table.has(code)) continue;
      const name = table.name(code).replace(/\s*\(.*\)/, '');
      note({ name, code, city: false }, String(abbr).toLowerCase());
    }
  return narrowest(found);
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
