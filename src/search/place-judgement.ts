import type { Actor } from './question-frame.js';
import { placeRelation, type QuestionPlace } from './question-place.js';
import { tokenize } from './text.js';
import type { PassageHit, PlaceJudgement } from './types.js';

/** Passages scoring at least this share of the best one are what the place judgement looks at. */
const PLACE_SCORE_SHARE = 0.25;

/**
 * True when the entry place `place` answers for the question's place `p`: a federal rule applies in every
 * state, but is not what a question about Florida's laws asks for.
 */
export function answersFor(place: string, p: QuestionPlace): boolean {
  return (place !== 'US' || p.code === 'US') && placeRelation(place, p) !== 'elsewhere';
}

/** A place is known when an entry is about it (`places`: every place an entry applies to). */
export function knownPlace(places: readonly string[], p: QuestionPlace): boolean {
  return places.some((place) => answersFor(place, p));
}

/** True when an entry of `place` belongs to none of the places the question names. */
export function isElsewhere(place: string | undefined, named: readonly QuestionPlace[]): boolean {
  return place !== undefined && named.every((p) => placeRelation(place, p) === 'elsewhere');
}

/**
 * The hits an answer may come from: none about another place when the question names one the base has;
 * only laws when it asks for the rules of a place the base lacks, since the answer then says "here is how
 * the places that have laws handle it".
 */
export function answerableHits(
  ranked: readonly PassageHit[],
  places: PlaceJudgement,
  profileOf: (
    hit: PassageHit,
  ) => { place: string | undefined; law: boolean; actors?: ReadonlySet<Actor> } | undefined,
  asksRule: boolean,
  actors: readonly Actor[] = [],
): PassageHit[] {
  if (places.named.length > places.missing.length)
    return ranked.filter((h) => !isElsewhere(profileOf(h)?.place, places.named));
  // "Is it legal for a store in Florida…": the places that have laws for stores, not a city's ban on its
  // own departments, which would be judged (and found wanting) as the answer.
  if (places.missing.length > 0 && asksRule)
    return ranked.filter((h) => {
      const profile = profileOf(h);
      return profile?.law === true && !otherActors(profile.actors, actors);
    });
  return [...ranked];
}

/**
 * True when the entry is about actors and none of them is the question's: answering for a place the base
 * lacks, a rule on shops' customers is not how the places that have laws treat employers.
 */
function otherActors(own: ReadonlySet<Actor> | undefined, asked: readonly Actor[]): boolean {
  if (!own || own.size === 0 || asked.length === 0) return false;
  return !asked.some((a) => own.has(a));
}

/**
 * Named places nothing well ranked is about: no entry of that place, and no passage naming it
 * ("Orlando" in the letter about Orlando's police), among the passages scoring near the best.
 * `placeOf` gives a hit's entry place; `answers` whether the hit's entry answers the rest of the question.
 */
export function judgePlaces(
  named: QuestionPlace[],
  ranked: readonly PassageHit[],
  placeOf: (hit: PassageHit) => string | undefined,
  answers: (hit: PassageHit) => boolean,
): PlaceJudgement {
  if (named.length === 0) return { named, missing: [] };
  const floor = (ranked[0]?.score ?? 0) * PLACE_SCORE_SHARE;
  const near = ranked.filter((h) => h.score >= floor);
  const missing = named.filter((p) => {
    const spellings = [p.name, ...(p.code === 'US' ? ['U.S.', 'USA'] : [])].map(
      (n) => ` ${tokenize(n).join(' ')} `,
    );
    return !near.some((h) => {
      const place = placeOf(h);
      if (place !== undefined && answersFor(place, p)) return true;
      // A passage naming the place counts when its entry answers the rest of the question too.
      const text = ` ${tokenize(`${h.passage.text} ${h.doc.title}`).join(' ')} `;
      return spellings.some((w) => text.includes(w)) && answers(h);
    });
  });
  return { named, missing };
}
