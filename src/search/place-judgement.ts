import { placeRelation, type QuestionPlace } from './question-frame.js';
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
    const words = ` ${tokenize(p.name).join(' ')} `;
    return !near.some((h) => {
      const place = placeOf(h);
      if (place !== undefined && answersFor(place, p)) return true;
      // A passage naming the place counts when its entry answers the rest of the question too.
      return ` ${tokenize(`${h.passage.text} ${h.doc.title}`).join(' ')} `.includes(words) && answers(h);
    });
  });
  return { named, missing };
}
