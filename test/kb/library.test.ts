import { beforeAll, describe, expect, it } from 'vitest';
import type { Library } from '../../src/kb/library.js';
import { loadLibrary } from '../../src/kb/load-library.js';

let library: Library;
beforeAll(async () => {
  ({ library } = await loadLibrary('test/fixtures/knowledge', { today: '2026-11-22' }));
});

describe('Library lookups', () => {
  it('GIVEN an alias in any case or accents WHEN resolved THEN it names the entry', () => {
    expect(library.resolve('bipa')?.id).toBe('illinois-bipa');
    expect(library.resolve('ILLINOIS BIOMETRIC LAW')?.id).toBe('illinois-bipa');
    expect(library.resolve('Illinóis biométric law')?.id).toBe('illinois-bipa');
    expect(library.resolve('rosenbach v. six flags entertainment corp')?.id).toBe('rosenbach-v-six-flags');
    expect(library.resolve('bipa', 'letter')).toBeUndefined();
  });

  it('GIVEN a misspelt or partial name WHEN suggestions are asked THEN the closest entries come first', () => {
    expect(library.suggest('rekognition pau')[0]?.id).toBe('amazon-rekognition-moratorium-2020');
    expect(library.suggest('illinios biometric')[0]?.id).toBe('illinois-bipa');
    expect(library.suggest('six', { type: 'case' }).map((d) => d.id)).toEqual(['rosenbach-v-six-flags']);
    // Three letters that are in no name: a short name one edit away still comes up ("bipa").
    expect(library.suggest('bpa').map((d) => d.id)).toEqual(['illinois-bipa']);
  });

  it('GIVEN organisations WHEN looked up THEN letters, statements, cases and reports naming them are found', () => {
    expect(library.byOrganization('amazon').map((d) => d.id)).toEqual([
      'coalition-letters-2019',
      'amazon-rekognition-moratorium-2020',
    ]);
    expect(library.bySignatory('color of change').map((d) => d.id)).toEqual(['coalition-letters-2019']);
    expect(library.statementsOf('Amazon').map((d) => d.id)).toEqual(['amazon-rekognition-moratorium-2020']);
    expect(library.byOrganization('ACLU').map((d) => d.type)).toEqual(['event', 'report', 'letter']);
  });

  it('GIVEN jurisdictions, types and dates WHEN filtered THEN only matching entries remain', () => {
    expect(library.byJurisdiction('US').map((d) => d.id)).toEqual([
      'illinois-bipa',
      'facial-recognition-moratorium-act',
    ]);
    expect(library.byJurisdiction('US-IL').map((d) => d.id)).toEqual(['illinois-bipa']);
    expect(library.inRange({ from: '2019-01-01', to: '2019-12-31' }).map((d) => d.id)).toEqual([
      'coalition-letters-2019',
      'rosenbach-v-six-flags',
    ]);
    expect(library.byType(['law', 'bill']).length).toBe(2);
  });

  it('GIVEN the library WHEN facets are listed THEN autocomplete values carry labels and counts', () => {
    expect(library.jurisdictions()).toEqual([
      { value: 'US-IL', label: 'Illinois', count: 1 },
      { value: 'US', label: 'United States (federal)', count: 1 },
    ]);
    expect(library.statementOrganizations()).toEqual([{ value: 'Amazon', label: 'Amazon', count: 1 }]);
    expect(library.organizations()[0]).toEqual({ value: 'ACLU', label: 'ACLU', count: 3 });
    expect(library.lastUpdated()).toBe('2026-11-20');
    expect(library.version).toMatch(/^kb-[0-9a-f]{10}$/);
  });

  it('GIVEN facets asked twice WHEN a caller changed the first list THEN the second is untouched', () => {
    const first = library.jurisdictions();
    first.splice(0, first.length, { value: 'XX', label: 'Nowhere', count: 99 });
    const companies = library.statementOrganizations();
    if (companies[0]) companies[0].count = 42;
    expect(library.jurisdictions()).toContainEqual({ value: 'US-IL', label: 'Illinois', count: 1 });
    expect(library.jurisdictions()).not.toContainEqual({ value: 'XX', label: 'Nowhere', count: 99 });
    expect(library.statementOrganizations()).toEqual([{ value: 'Amazon', label: 'Amazon', count: 1 }]);
  });

  it('GIVEN related links WHEN followed both ways THEN each side finds the other', () => {
    const bipa = library.get('illinois-bipa');
    if (!bipa) throw new Error('fixture missing');
    expect(library.related(bipa).map((d) => d.id)).toEqual(['rosenbach-v-six-flags']);
    expect(library.referencing(bipa).map((d) => d.id)).toEqual(['rosenbach-v-six-flags']);
  });
});
