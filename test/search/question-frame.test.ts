import { beforeAll, describe, expect, it } from 'vitest';
import { loadPlaces, type Places } from '../../src/kb/places.js';
import { nameRuns, understandQuestion as read } from '../../src/search/question-frame.js';
import { placeRelation } from '../../src/search/question-place.js';

let places: Places;
beforeAll(async () => {
  places = (await loadPlaces('knowledge/jurisdictions.yml', 'knowledge/jurisdictions.yml')).places;
});
const understandQuestion = (text: string) => read(text, places);

describe('understandQuestion', () => {
  it('GIVEN a question naming a state, an actor and an activity WHEN read THEN each is recognised', () => {
    const frame = understandQuestion('Can my boss in Illinois make me scan my fingerprint?');
    expect(frame.places).toEqual([{ name: 'Illinois', code: 'US-IL', city: false, said: ['illinois'] }]);
    expect(frame.actors).toContain('employer');
    expect(frame.activities).toContain('collect');
  });

  it('GIVEN a city the jurisdiction table lacks WHEN read THEN it is placed in its state, as a city', () => {
    expect(understandQuestion('can a shop in chicago scan my face').places).toEqual([
      { name: 'Chicago', code: 'US-IL', city: true, said: ['chicago'] },
    ]);
  });

  it('GIVEN "us" as a pronoun and "Washington County" WHEN read THEN neither is taken for a place', () => {
    expect(understandQuestion('can they scan us at the store').places).toEqual([]);
    expect(understandQuestion("the Washington County sheriff's office").places).toEqual([]);
    expect(understandQuestion('is it legal in the U.S.?').places[0]?.code).toBe('US');
  });

  it('GIVEN a city name two places share WHEN read alone or with its state THEN it stands for both, or for the one in that state', () => {
    const codes = understandQuestion('Can stores in Portland use face recognition?').places.map(
      (p) => p.code,
    );
    expect(codes.sort()).toEqual(['US-ME-POR', 'US-OR-PDX']);
    expect(understandQuestion('Portland, Oregon bans face recognition').places.map((p) => p.code)).toEqual([
      'US-OR-PDX',
    ]);
  });

  it('GIVEN a state written as its postal code in capitals WHEN read THEN it is the state, and the country around it is dropped', () => {
    expect(understandQuestion("We're based in the USA/FL").places).toEqual([
      { name: 'Florida', code: 'US-FL', city: false, said: ['fl'] },
    ]);
    expect(understandQuestion('we are in fl or in or').places).toEqual([]);
  });

  it('GIVEN a flight to a city WHEN read THEN the destination is not the place the question is about', () => {
    expect(understandQuestion('as everyone boarded a flight to London').places).toEqual([]);
    expect(understandQuestion('is face recognition legal in London').places[0]?.code).toBe('GB');
  });

  it('GIVEN "get them to work" and "at work" WHEN read THEN only the second is about an employer', () => {
    expect(understandQuestion('I struggled to get the cameras to work').actors).not.toContain('employer');
    expect(understandQuestion('Can they scan my face at work?').actors).toContain('employer');
  });

  it('GIVEN names of several words WHEN read THEN each is one run, even opening a sentence', () => {
    expect(nameRuns('After buying two Google Nest cameras, is that legal in Illinois?')).toEqual([
      ['google', 'nest'],
      ['illinois'],
    ]);
    expect(nameRuns('Is it not the airline? British Airways did it.')).toEqual([['british', 'airways']]);
  });

  it('GIVEN a place named by a short form WHEN read THEN the words used are kept, so they are not judged as topics', () => {
    expect(understandQuestion('As a California or EU resident, is it opt-out?').places).toEqual([
      { name: 'California', code: 'US-CA', city: false, said: ['california'] },
      { name: 'European Union', code: 'EU', city: false, said: ['eu'] },
    ]);
  });

  it('GIVEN "is it legal" or "can my employer" WHEN read THEN the question asks about the rules', () => {
    expect(understandQuestion('Is that legal?').asksRule).toBe(true);
    expect(understandQuestion('Can my employer scan my face?').asksRule).toBe(true);
    expect(understandQuestion('When did Amazon pause Rekognition?').asksRule).toBe(false);
  });

  it('GIVEN a country outside the table WHEN read THEN it is named without a jurisdiction', () => {
    expect(understandQuestion('is face recognition legal in Australia').places).toEqual([
      { name: 'Australia', city: false, said: ['australia'] },
    ]);
  });

  it('GIVEN entries of several places WHEN related to a question place THEN state laws apply in their cities and nowhere else', () => {
    const chicago = { name: 'Chicago', code: 'US-IL' as const, city: true };
    expect(placeRelation('US-IL', chicago)).toBe('applies');
    expect(placeRelation('US', chicago)).toBe('applies');
    expect(placeRelation('US-WA', chicago)).toBe('elsewhere');
    const cambridge = { name: 'Cambridge', code: 'US-MA' as const, city: true };
    expect(placeRelation('US-MA-BOS', cambridge)).toBe('elsewhere');
    expect(placeRelation('US-MA-BOS', { name: 'Massachusetts', code: 'US-MA', city: false })).toBe('inside');
    expect(placeRelation('EU', { name: 'Germany', code: 'DE', city: false })).toBe('applies');
  });
});
