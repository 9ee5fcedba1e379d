import type { Doc } from '../kb/schema.js';
import { judgedShare, matchedVariants, share, variantsIn } from './coverage.js';
import type { EntryProfile } from './entry-profile.js';
import { splitPassages } from './passages.js';
import { isLegalityWord, type QuestionFrame } from './question-frame.js';
import { placeRelation } from './question-place.js';
import type { Passage } from './types.js';
import type { Understood } from './understand.js';

/** A query whose best document covers less than this share of its (weighted) concepts is "nothing relevant". */
export const CONFIDENCE_THRESHOLD = 0.5;
/** Score factors: an entry of the place the question names, of another place, about its actor or activity. */
const SAME_PLACE = 1.5;
const OTHER_PLACE = 0.3;
const SAME_ACTOR = 1.1;
const SAME_ACTIVITY = 1.05;
/** Up to this factor for an entry one of whose declared questions holds the whole question. */
const ASKED_BOOST = 0.6;
/** An entry about other actors only (police, for a question about stores). */
const OTHER_ACTOR = 0.7;
/** A law, for a question about what the rules are ("is it legal", "can they force me"). */
const RULE_LAW = 1.3;
/** An entry whose title or aliases hold a name the question uses ("GDPR", "Six Flags"). */
const NAMED = 1.3;

/**
 * BM25 sums over every variant that matched, so a passage repeating three synonyms of one concept can
 * outscore one that answers every part of the question. The factor a passage's BM25 score is scaled by:
 * how many distinct concepts (weighted by rarity) the passage and its entry's profile cover (`matched`),
 * whether the entry is about the question's place, actor and activity (`frame`, frameFactor()), names it
 * (`named`, nameFactor()), and how close one of the entry's declared questions is to the question (`asked`,
 * see askedFactor). The last three are the entry's, the same for each of its rows: the rerank works them
 * out once an entry.
 */
export function rerankFactor(
  q: Understood,
  matched: readonly string[],
  frame: number,
  named: number,
  asked: number,
): number {
  const covered = share(q.concepts, q.weights, matched);
  return (0.1 + covered * covered) * frame * named * asked;
}

/** NAMED for an entry whose title or aliases hold one of the question's names, else 1. */
export function nameFactor(profile: EntryProfile, q: Understood): number {
  for (const name of q.names) if (profile.nameWords.has(name)) return NAMED;
  return 1;
}

/**
 * The entries' declared questions as a concept map: the closer one of them is to the member's question
 * (the share of its weighted concepts it holds), the more the entry is what the member asks about.
 */
export function askedFactor(profile: EntryProfile | undefined, q: Understood): number {
  let best = 0;
  for (const question of profile?.questions ?? [])
    best = Math.max(best, share(q.concepts, q.weights, variantsIn(question, q.concepts)));
  return 1 + ASKED_BOOST * best * best;
}

/** The entry's factor for the question's place, actors, activities and asking for a rule. */
export function frameFactor(profile: EntryProfile, frame: QuestionFrame): number {
  let factor = 1;
  if (frame.places.length > 0 && profile.place) {
    const place = profile.place;
    factor *= frame.places.some((p) => placeRelation(place, p) !== 'elsewhere') ? SAME_PLACE : OTHER_PLACE;
  }
  for (const a of frame.actors) if (profile.actors.has(a)) factor *= SAME_ACTOR;
  if (actorMismatch(profile, frame)) factor *= OTHER_ACTOR;
  for (const a of frame.activities) if (profile.activities.has(a)) factor *= SAME_ACTIVITY;
  if (frame.asksRule && profile.law) factor *= RULE_LAW;
  return factor;
}

/** True when the question is about some actors and the entry only about others. */
export function actorMismatch(profile: EntryProfile, frame: QuestionFrame): boolean {
  return (
    frame.actors.length > 0 && profile.actors.size > 0 && !frame.actors.some((a) => profile.actors.has(a))
  );
}

/**
 * Share of the question's concepts (judging weights) that the entry holds anywhere, profile included.
 * `held`: the variants of the question's concepts the entry holds, when the caller knows them already (as
 * matchedVariants() finds them in entryText(); the index reads them from its word sets), else the entry's
 * text is read here.
 */
export function entryCoverage(
  q: Understood,
  doc: Doc,
  profile: EntryProfile | undefined,
  aboutOnly = false,
  held?: readonly string[],
): number {
  const matched = new Set(held ?? matchedVariants(entryText(doc, profile, aboutOnly), q.concepts));
  // "Is that legal?", "shouldn't it be illegal?": a rule answers in its own words (must, may not, requires).
  if (q.frame.asksRule && profile && (profile.law || profile.place !== undefined))
    for (const c of q.concepts) if (isLegalityWord(c.text)) for (const v of c.variants) matched.add(v);
  const covered = judgedShare(q.concepts, q.judge, matched);
  // An entry about other actors (police, for a question about malls) does not answer it however many
  // words it shares.
  return profile && actorMismatch(profile, q.frame) ? covered * ACTOR_MISMATCH : covered;
}

/**
 * The text an entry is judged on: its profile and every passage (`passages`: split already, else split
 * here); `aboutOnly`, its profile, summary and tags. Answering for a place the base lacks from the places
 * that have laws: the laws must be about the question's topic (drones, face scans at work), not mention it
 * in passing.
 */
export function entryText(
  doc: Doc,
  profile: EntryProfile | undefined,
  aboutOnly: boolean,
  passages?: readonly Passage[],
): string {
  return aboutOnly
    ? [profile?.about ?? doc.title, doc.summary, doc.tags.join(' ')].join(' ')
    : [
        profile?.about ?? doc.title,
        ...(passages ?? splitPassages(doc)).map((p) => `${p.heading} ${p.text}`),
      ].join(' ');
}

/** What an entry about other actors keeps of its coverage. */
const ACTOR_MISMATCH = 0.6;
