import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { buildLibrary, loadLibrary } from '../../src/kb/load-library.js';
import { formatProblem } from '../../src/kb/parse-entry.js';
import { parsePlaces } from '../../src/kb/places.js';

const US_STATES =
  'AL AK AZ AR CA CO CT DE FL GA HI ID IL IN IA KS KY LA ME MD MA MI MN MS MO MT NE NV NH NJ NM NY NC ND OH OK OR PA RI SC SD TN TX UT VT VA WA WV WI WY'.split(
    ' ',
  );
const US_DC_AND_TERRITORIES = ['DC', 'AS', 'GU', 'MP', 'PR', 'VI'];
const EU_MEMBERS = 'AT BE BG HR CY CZ DK EE FI FR DE GR HU IE IT LV LT LU MT NL PL PT RO SK SI ES SE'.split(
  ' ',
);

const law = (jurisdiction: string) =>
  [
    '---',
    'id: a-law',
    'type: law',
    'title: A law',
    'date: 2020-01-01',
    'summary: A law.',
    `jurisdiction: ${jurisdiction}`,
    'status: in-force',
    'status_as_of: 2024-01-01',
    'sources: [{ url: "https://example.org/x", title: X }]',
    'added: 2020-01-02',
    '---',
    '',
  ].join('\n');

describe('places (knowledge/jurisdictions.yml)', () => {
  it('GIVEN the shipped table WHEN read THEN it has no problem and covers every US state, DC, the territories, the EU and its 27 members, and every place the base uses', async () => {
    const { places, problems } = parsePlaces(
      'knowledge/jurisdictions.yml',
      await readFile('knowledge/jurisdictions.yml', 'utf8'),
    );
    expect(problems).toEqual([]);
    expect(US_STATES).toHaveLength(50);
    for (const s of [...US_STATES, ...US_DC_AND_TERRITORIES]) expect(places.has(`US-${s}`), s).toBe(true);
    expect(EU_MEMBERS).toHaveLength(27);
    for (const c of ['US', 'EU', ...EU_MEMBERS]) expect(places.has(c), c).toBe(true);
    expect(places.name('US-CA-SF')).toBe('San Francisco, California');
    const { library, problems: kbProblems } = await loadLibrary('knowledge');
    expect(kbProblems.map(formatProblem)).toEqual([]);
    for (const f of library.jurisdictions()) expect(f.label, f.value).not.toBe(f.value);
  });

  it('GIVEN bad rows WHEN read THEN each is reported with file and line, and the good rows are kept', () => {
    const text = [
      '# places',
      'US: United States (federal)',
      'US-IL: Illinois',
      'us-ny: New York',
      'US-TX:',
      'US-ZZ-TOWN: A town in no listed state',
      'US-IL: Illinois again',
      'US-IL-CHI: Chicago, Illinois',
    ].join('\n');
    const { places: kept, problems: rows } = parsePlaces('knowledge/jurisdictions.yml', text);
    expect(rows.map(formatProblem)).toEqual([
      'knowledge/jurisdictions.yml:4: us-ny: expected a code like US-IL or US-CA-SF (capital letters and digits, parts joined by "-")',
      'knowledge/jurisdictions.yml:5: US-TX: expected the place\'s name, like "US-IL: Illinois"',
      'knowledge/jurisdictions.yml:6: US-ZZ-TOWN: the place it lies in, US-ZZ, is not listed: add a "US-ZZ: …" line',
      'knowledge/jurisdictions.yml:7: US-IL: already listed on line 3',
    ]);
    expect(kept.name('US-IL')).toBe('Illinois');
    expect(kept.codes).toEqual(['US', 'US-IL', 'US-IL-CHI']);
  });

  it('GIVEN rows with coordinates WHEN read THEN markers get them, and a bad latitude, a lone coordinate or an unknown key is reported with its line', () => {
    const text = [
      'US: United States (federal)',
      'US-IL: Illinois',
      'US-IL-CHI: { name: "Chicago, Illinois", lat: 41.88, lon: -87.63 }',
      'US-IL-EVA: { name: "Evanston, Illinois", lat: 142, lon: -87.69 }',
      'US-IL-SPR: { name: "Springfield, Illinois", lat: 39.8 }',
      'US-IL-PEO: { name: "Peoria, Illinois", latitude: 40.7 }',
    ].join('\n');
    const { places, problems } = parsePlaces('knowledge/jurisdictions.yml', text);
    expect(problems.map(formatProblem)).toEqual([
      'knowledge/jurisdictions.yml:4: US-IL-EVA: lat: expected a latitude in degrees from -90 to 90, got 142',
      'knowledge/jurisdictions.yml:5: US-IL-SPR: lon: expected a longitude in degrees from -180 to 180, got null',
      'knowledge/jurisdictions.yml:6: US-IL-PEO: unknown key "latitude": a place has name, and optionally lat and lon',
    ]);
    expect(places.name('US-IL-CHI')).toBe('Chicago, Illinois');
    expect(places.coordinates('US-IL-CHI')).toEqual({ lat: 41.88, lon: -87.63 });
    expect(places.coordinates('US-IL')).toBeUndefined();
  });

  it('GIVEN the shipped table WHEN read THEN every US city and county has coordinates inside its state’s rough bounds', async () => {
    const { places } = parsePlaces(
      'knowledge/jurisdictions.yml',
      await readFile('knowledge/jurisdictions.yml', 'utf8'),
    );
    const local = places.all().filter((p) => /^US-[A-Z]{2}-/.test(p.code));
    expect(local.length).toBeGreaterThan(20);
    for (const p of local) {
      const at = places.coordinates(p.code);
      expect(at, p.code).toBeDefined();
      // The contiguous states, Alaska and Hawaii lie between 18° and 72° north, 67° and 180° west.
      expect(at?.lat, p.code).toBeGreaterThan(18);
      expect(at?.lat, p.code).toBeLessThan(72);
      expect(at?.lon, p.code).toBeLessThan(-66);
    }
  });

  it('GIVEN a law naming a place the table lacks WHEN checked THEN the error names the file to add it to; once added, the law loads with its name', () => {
    const source = [{ path: 'knowledge/laws/a-law.md', text: law('US-IL-CHI') }];
    const before = parsePlaces('knowledge/jurisdictions.yml', 'US: United States\nUS-IL: Illinois\n').places;
    const refused = buildLibrary(source, { today: '2026-11-22', places: before });
    expect(refused.problems.map(formatProblem)).toEqual([
      'knowledge/laws/a-law.md:7: jurisdiction: unknown jurisdiction "US-IL-CHI": add a line for it to knowledge/jurisdictions.yml ("US-IL-CHI: Name")',
    ]);
    expect(refused.library.size).toBe(0);
    const after = parsePlaces(
      'knowledge/jurisdictions.yml',
      'US: United States\nUS-IL: Illinois\nUS-IL-CHI: Chicago, Illinois\n',
    ).places;
    const loaded = buildLibrary(source, { today: '2026-11-22', places: after });
    expect(loaded.problems).toEqual([]);
    expect(loaded.library.jurisdictions()).toEqual([
      { value: 'US-IL-CHI', label: 'Chicago, Illinois', count: 1 },
    ]);
    expect(loaded.library.byJurisdiction('US-IL').map((d) => d.id)).toEqual(['a-law']);
    expect(loaded.library.version).not.toBe(refused.library.version);
  });

  it('GIVEN a badly written code in an entry WHEN checked THEN the schema says where codes come from', () => {
    const report = buildLibrary([{ path: 'knowledge/laws/a-law.md', text: law('illinois') }], {
      today: '2026-11-22',
    });
    expect(report.problems.map(formatProblem)).toEqual([
      'knowledge/laws/a-law.md:7: jurisdiction: expected a place code from knowledge/jurisdictions.yml such as US-IL or US-CA-SF, got "illinois"',
    ]);
  });
});
