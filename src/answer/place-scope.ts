import type { Places } from '../kb/places.js';
import { type Doc, isLawLike } from '../kb/schema.js';
import { type Actor, frameOfText } from '../search/question-frame.js';
import { answersFor } from '../search/place-judgement.js';
import { placeRelation, type QuestionPlace } from '../search/question-place.js';
import { tokenize } from '../search/text.js';
import type { SearchIndex } from '../search/types.js';
import { placeOf } from './where-it-applies.js';

/**
 * Whose rules a place's entries are. A place's entry is the place's answer only when it covers the
 * question's actor: Cambridge's ban on city departments says nothing about what a store in Massachusetts
 * may do, and Pittsburgh's council-approval rule for police nothing about an employer's time clock.
 */

/**
 * Whether a name the question uses is one of the places search read in it, by any of the words it was
 * named by, or part of them: "FL" in "a store in FL or Florida" is Florida, and "DC" in "police in
 * Washington DC" is the District of Columbia, said once in the intro, not a second name.
 */
export function namesPlace(places: readonly QuestionPlace[]): (name: string) => boolean {
  const said = places.flatMap((p) => [p.name, ...(p.said ?? [])].map((w) => ` ${tokenize(w).join(' ')} `));
  return (name) => {
    const words = tokenize(name).join(' ');
    return words.length > 0 && said.some((s) => s.includes(` ${words} `));
  };
}

/** The actors as an intro names them ("Nothing on Pittsburgh's rules for employers"). */
const ACTOR_NAMES: Record<Actor, string> = {
  employer: 'employers',
  store: 'stores and businesses',
  police: 'police',
  school: 'schools',
  airport: 'airports',
  app: 'apps and online services',
  government: 'government agencies',
};

/**
 * Actors a rule on one of them also speaks to: a rule on private companies binds employers, shops and
 * apps alike (BIPA); a police rule is a rule on government use, and the reverse. A rule on one side never
 * answers for the other.
 */
const PRIVATE: readonly Actor[] = ['employer', 'store', 'app'];
const PUBLIC: readonly Actor[] = ['police', 'government'];
const ALSO: Partial<Record<Actor, readonly Actor[]>> = {
  employer: PRIVATE,
  store: PRIVATE,
  app: PRIVATE,
  police: PUBLIC,
  government: PUBLIC,
};

/**
 * The actors an entry is about, read from what it says it is: its title, aliases and tags, else the
 * questions members ask about it, else its summary. Not its whole text: Boston's ban on city use is asked
 * "does it cover businesses?", and Portland's ban on city bureaus mentions its companion ban on businesses.
 */
export function actorsOf(doc: Doc): Set<Actor> {
  for (const text of [[doc.title, ...doc.aliases, ...doc.tags], doc.questions, [doc.summary]]) {
    const { actors } = frameOfText(text.join(' ; '));
    if (actors.size > 0) return actors;
  }
  return new Set();
}

/** True when the entry covers one of the question's actors, or either side names none. */
export function coversActor(doc: Doc, actors: readonly Actor[]): boolean {
  if (actors.length === 0) return true;
  const own = actorsOf(doc);
  if (own.size === 0) return true;
  return actors.some((a) => own.has(a) || (ALSO[a] ?? []).some((b) => own.has(b)));
}

/** "employers", "stores and businesses or police". */
export function actorNames(actors: readonly Actor[]): string {
  return [...new Set(actors.map((a) => ACTOR_NAMES[a]))].join(' or ');
}

/** "Pittsburgh's rules for employers", or the place alone when the question names no actor. */
export function placeRules(name: string, actors: readonly Actor[]): string {
  return actors.length > 0 ? `${name}'s rules for ${actorNames(actors)}` : name;
}

/**
 * Said first when the question names a state or country and every rule the answer gives is of a city or
 * county inside it ("Can police in Pennsylvania use facial recognition?" answered from Pittsburgh's
 * ordinance): the rule is the city's, not the whole place's.
 */
export function insidePlaceIntro(
  named: readonly QuestionPlace[],
  sources: readonly Doc[],
  places: Places,
  /** The base's own law for the whole place, when it has one the answer did not use. */
  wholePlaceLaw: (p: QuestionPlace & { code: string }) => Doc | undefined = () => undefined,
): string | undefined {
  const laws = sources.filter(isLawLike);
  if (laws.length === 0) return undefined;
  for (const p of named) {
    if (p.city || !p.code) continue;
    const code = p.code;
    const inside = laws.filter(
      (d) => placeRelation(d.jurisdiction, p) === 'inside' && d.jurisdiction !== code,
    );
    if (
      inside.length === 0 ||
      laws.some((d) => d.jurisdiction === code || placeRelation(d.jurisdiction, p) === 'applies')
    )
      continue;
    const cities = [...new Set(inside.map((d) => cityName(d, places)))];
    const list =
      cities.length === 1 ? cities[0] : `${cities.slice(0, -1).join(', ')} and ${cities[cities.length - 1]}`;
    const one = cities.length === 1;
    const where = `(${one ? 'a city' : 'cities'} in ${p.name}), which ${one ? 'applies' : 'apply'} only there, not across ${p.name}`;
    // Never "nothing for all of Massachusetts" when the base has Massachusetts's own law: point at it.
    const whole = wholePlaceLaw({ ...p, code });
    if (whole)
      return `What follows is ${list}'s ${one ? 'rule' : 'rules'} ${where}; for all of ${p.name}, see ${whole.title} (\`/law name:${whole.id}\`):`;
    return `Nothing in the knowledge base on a rule for all of ${p.name}; what it holds is ${list}'s ${where}:`;
  }
  return undefined;
}

function cityName(doc: Doc & { jurisdiction: string }, places: Places): string {
  const name = places.has(doc.jurisdiction)
    ? places.name(doc.jurisdiction)
    : (placeOf(doc) ?? doc.jurisdiction);
  return name.split(',')[0]?.trim() || name;
}

/** True when one of the laws found is the place's own (or applies within it). */
export function hasOwnLaw(docs: readonly Doc[], p: QuestionPlace): boolean {
  return docs.some((d) => isLawLike(d) && answersFor(d.jurisdiction, p));
}

/**
 * The places in play (the question's, or its thread's) whose laws were found but none of them covers the
 * question's actor: "Can a store in Massachusetts scan my face?" finds only Massachusetts cities' bans on
 * their own departments. Such a place has no answer in the base; its laws are not the answer.
 */
export function placesWithoutActor(
  docs: readonly Doc[],
  inPlay: readonly QuestionPlace[],
  actors: readonly Actor[],
  options: { insideOnly?: boolean } = {},
): QuestionPlace[] {
  if (actors.length === 0) return [];
  return inPlay.filter((p) => {
    const own = docs.filter((d) => isLawLike(d) && answersFor(d.jurisdiction, p));
    // A thread about a place's own law (Portland's ban, under "Portland passes the toughest ban…") is
    // about that law whoever the question names; a thread naming a state is not about its cities' rules.
    if (options.insideOnly && own.some((d) => isLawLike(d) && placeRelation(d.jurisdiction, p) !== 'inside'))
      return false;
    return own.length > 0 && !own.some((d) => coversActor(d, actors));
  });
}

/** The text without the words it names the places by, so search looks for the rest of it everywhere. */
export function withoutPlaces(text: string, places: readonly QuestionPlace[]): string {
  let out = text;
  for (const p of places)
    for (const word of [p.name, ...(p.said ?? [])]) {
      const escaped = word.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
      out = out.replace(new RegExp(`(?:\\b(?:in|from|of|for)\\s+)?\\b${escaped}\\b(?:['’]s)?`, 'gi'), ' ');
    }
  return out.replace(/\s+/g, ' ').trim();
}

/** True when the entry is one of those places' laws that is about other actors. */
export function isOtherActorsRule(
  doc: Doc,
  places: readonly QuestionPlace[],
  actors: readonly Actor[],
): boolean {
  return isLawLike(doc) && places.some((p) => answersFor(doc.jurisdiction, p)) && !coversActor(doc, actors);
}

/**
 * True when the base holds a law of the place, though not among what answers this question (Pittsburgh's
 * police rule, for a question about Pittsburgh employers): the intro then says whose rules it lacks.
 */
export function hasEntriesOn(search: SearchIndex, p: QuestionPlace): boolean {
  const found = search.passages({ text: p.name, limit: 5 });
  return hasOwnLaw(
    found.hits.map((h) => h.doc),
    p,
  );
}

/** The base's law for the whole place (its own jurisdiction, not a city's inside it) on the question's actor. */
export function wholePlaceLaw(
  search: SearchIndex,
  question: string,
  p: QuestionPlace & { code: string },
  actors: readonly Actor[],
): Doc | undefined {
  const found = search.search({ text: question, filters: { jurisdiction: p.code }, limit: 10 });
  return found.hits
    .map((h) => h.doc)
    .find((d) => isLawLike(d) && d.jurisdiction === p.code && coversActor(d, actors));
}
