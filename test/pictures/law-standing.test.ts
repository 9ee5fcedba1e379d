import { describe, expect, test } from 'vitest';
import { buildLibrary } from '../../src/kb/load-library.js';
import { parsePlaces } from '../../src/kb/places.js';
import { isLawLike } from '../../src/kb/schema.js';
import { buildLawMap } from '../../src/pictures/map/law-map.js';
import { standingOn } from '../../src/pictures/map/law-standing.js';

const PLACES = parsePlaces(
  'knowledge/jurisdictions.yml',
  [
    'US: United States (federal)',
    'US-IL: Illinois',
    'US-CA: California',
    'US-TX: Texas',
    'US-CA-SF: { name: "San Francisco, California", lat: 37.77, lon: -122.42 }',
    'US-CA-XX: Somewhere, California',
    'EU: European Union',
  ].join('\n'),
).places;

/** A law entry as a curator writes it; `extra` adds front-matter lines. */
function law(
  id: string,
  jurisdiction: string,
  date: string,
  status: string,
  extra: string[] = [],
  tags = 'biometrics, private-sector',
) {
  return {
    path: `knowledge/laws/${id}.md`,
    text: [
      '---',
      `id: ${id}`,
      'type: law',
      `title: ${id.replace(/-/g, ' ')}`,
      `date: ${date}`,
      'summary: A law.',
      `jurisdiction: ${jurisdiction}`,
      `status: ${status}`,
      'status_as_of: 2024-06-01',
      'sources: [{ url: "https://example.org/x", title: X }]',
      `tags: [${tags}]`,
      'added: 2024-06-01',
      ...extra,
      '---',
      '',
    ].join('\n'),
  };
}

const { library, problems } = buildLibrary(
  [
    law('il-bio', 'US-IL', '2008-10-03', 'in-force', ['provisions: { private_right_of_action: true }']),
    law(
      'ca-moratorium',
      'US-CA',
      '2019-10-08',
      'expired',
      ['effective: 2020-01-01', 'sunset: 2023-01-01'],
      'facial-recognition, police, moratorium',
    ),
    law('tx-new', 'US-TX', '2024-05-01', 'enacted', ['effective: 2025-07-01']),
    law('sf-ban', 'US-CA-SF', '2019-05-14', 'in-force', [], 'facial-recognition, police, city-ban'),
    law(
      'xx-ban',
      'US-CA-XX',
      '2020-01-01',
      'repealed',
      ['milestones: [{ date: 2022-03-01, label: Council repeals the ban }]'],
      'facial-recognition, police, city-ban',
    ),
    law('eu-law', 'EU', '2016-04-27', 'in-force', [], 'biometrics, consent'),
  ],
  { today: '2024-06-01', places: PLACES },
);
const doc = (id: string) => {
  const d = library.get(id);
  if (!d || !isLawLike(d)) throw new Error(`no law ${id}`);
  return d;
};

describe('where a law stood on a date (pure, from its dates)', () => {
  test('GIVEN the fixtures WHEN loaded THEN they have no problem', () => {
    expect(problems).toEqual([]);
  });

  test('GIVEN a law enacted but not yet effective WHEN asked before, on and after its effective date THEN not yet, then in effect', () => {
    expect(standingOn(doc('tx-new'), '2024-04-30')).toEqual({ state: 'not-enacted' });
    expect(standingOn(doc('tx-new'), '2025-06-30')).toEqual({ state: 'not-yet', effective: '2025-07-01' });
    expect(standingOn(doc('tx-new'), '2025-07-01')).toEqual({ state: 'in-effect' });
  });

  test('GIVEN a law with a sunset WHEN asked before and after it THEN in effect (ending then), then ended by its sunset', () => {
    expect(standingOn(doc('ca-moratorium'), '2019-12-31')).toEqual({
      state: 'not-yet',
      effective: '2020-01-01',
    });
    expect(standingOn(doc('ca-moratorium'), '2022-12-31')).toEqual({
      state: 'in-effect',
      endsOn: '2023-01-01',
    });
    expect(standingOn(doc('ca-moratorium'), '2023-01-01')).toEqual({
      state: 'ended',
      on: '2023-01-01',
      how: 'sunset',
    });
  });

  test('GIVEN a repealed law whose repeal is a milestone WHEN asked before and after it THEN in effect, then repealed that day', () => {
    expect(standingOn(doc('xx-ban'), '2022-02-28')).toEqual({ state: 'in-effect' });
    expect(standingOn(doc('xx-ban'), '2022-03-01')).toEqual({
      state: 'ended',
      on: '2022-03-01',
      how: 'repealed',
    });
  });
});

describe('the map as the base holds it (pure)', () => {
  test('GIVEN the businesses layer today WHEN built THEN Illinois takes the private-right-of-action colour, Texas is upcoming, the EU is noted', () => {
    const map = buildLawMap(library, { layer: 'commercial', asOf: '2024-06-01' });
    expect(map.states.map((s) => [s.code, s.category])).toEqual([['US-IL', 'biometric-pra']]);
    expect(map.upcoming.map((l) => l.doc.id)).toEqual(['tx-new']);
    expect(map.elsewhere.map((p) => p.name)).toEqual(['European Union']);
    expect(map.counts['biometric-pra']).toEqual({ states: 1, localities: 0 });
  });

  test('GIVEN the government layer WHEN drawn for 2021 and for 2024 THEN the expired moratorium and the repealed ban are there only in 2021', () => {
    const y2021 = buildLawMap(library, { layer: 'government', asOf: '2021-06-01' });
    expect(y2021.states.map((s) => [s.code, s.category])).toEqual([['US-CA', 'ban']]);
    expect(y2021.localities.map((s) => [s.code, s.category, s.at])).toEqual([
      ['US-CA-SF', 'ban', { lat: 37.77, lon: -122.42 }],
      ['US-CA-XX', 'ban', undefined],
    ]);
    const y2024 = buildLawMap(library, { layer: 'government', asOf: '2024-06-01' });
    expect(y2024.states).toEqual([]);
    expect(y2024.localities.map((s) => s.code)).toEqual(['US-CA-SF']);
    expect(y2024.counts).toEqual({ ban: { states: 0, localities: 1 }, limits: { states: 0, localities: 0 } });
  });

  test('GIVEN a topic’s entries WHEN the map is limited to them THEN only those laws are placed', () => {
    const map = buildLawMap(library, { layer: 'government', asOf: '2021-06-01', only: new Set(['sf-ban']) });
    expect(map.states).toEqual([]);
    expect(map.localities.map((s) => s.code)).toEqual(['US-CA-SF']);
  });
});
