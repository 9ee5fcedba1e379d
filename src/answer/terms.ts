import { stemmer } from 'stemmer';

/**
 * The words of a question or sentence that carry meaning, stemmed, for matching sentences to questions.
 * Question and filler words members type ("can my employer…", "did they ever…") are dropped.
 */
const STOP = new Set(
  `a about after again against all also am an and any are as at be been before being both but by can could
  did do does doing done during each either else ever every few for from further get gets got had has have
  having he her here hers him his how i if in into is it its itself just know let me might more most much
  must my myself no nor not of off on once only or other our ours out over own please same she should so
  some something still such tell than that the their theirs them then there these they this those through
  to too under until up us very was we were what whats when where which while who whom whose why will with
  without would yes yet you your yours isn don doesn didn t s ok anyone anything`.split(/\s+/),
);

export function terms(text: string): string[] {
  return text
    .normalize('NFKD')
    .replace(/\p{M}+/gu, '')
    .toLowerCase()
    .split(/[^\p{L}\p{N}]+/u)
    .filter((t) => t.length > 0 && !STOP.has(t))
    .map((t) => (/^\d+$/.test(t) ? t : stemmer(t)));
}
