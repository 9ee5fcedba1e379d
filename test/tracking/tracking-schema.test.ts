import { describe, expect, it } from 'vitest';
import { buildLibrary } from '../../src/kb/load-library.js';
import { formatProblem } from '../../src/kb/parse-entry.js';
import { missingTracking, trackedItems } from '../../src/tracking/tracked-items.js';
import { billFile, libraryOf } from './tracking-fixtures.js';

const problemsOf = (text: string) =>
  buildLibrary([{ path: 'knowledge/bills/b.md', text }], { today: '2026-11-29' }).problems.map(formatProblem);

describe('tracking references in entries', () => {
  it('GIVEN valid references WHEN loaded THEN each becomes one tracked item with a readable label', () => {
    const library = libraryOf({
      b: billFile('b', 'US-TX', ['{ source: openstates, session: 89R, bill: HB 149 }']),
      f: billFile('f', 'US', [
        '{ source: congress, congress: 118, type: hr, number: 1404 }',
        '{ source: congress, congress: 118, type: s, number: 681 }',
      ]),
    });
    expect(trackedItems(library).map((i) => [i.key, i.label])).toEqual([
      ['openstates:tx/89R/HB149', 'TX HB 149 (89R)'],
      ['congress:118/hr/1404', 'H.R. 1404 (118th Congress)'],
      ['congress:118/s/681', 'S. 681 (118th Congress)'],
    ]);
  });

  it('GIVEN malformed references WHEN checked THEN each is reported with its field and what was expected', () => {
    expect(problemsOf(billFile('b', 'US-TX', ['{ source: openstates, session: 89R }']))).toEqual([
      expect.stringMatching(/tracking\[0\]: expected either id \(ocd-bill\/…\) or both session and bill/),
    ]);
    expect(
      problemsOf(billFile('b', 'US', ['{ source: congress, congress: 119, type: hb, number: 1 }'])),
    ).toEqual([expect.stringMatching(/tracking\[0\]\.type: expected one of hr, s, hjres/)]);
    expect(problemsOf(billFile('b', 'US-TX', ['{ source: legiscan, bill: HB 1 }']))[0]).toMatch(
      /tracking\[0\]\.source/,
    );
    expect(
      problemsOf(billFile('b', 'US-TX', ['{ source: congress, congress: 119, type: hr, number: 1 }'])),
    ).toEqual([
      expect.stringContaining(
        'tracking[0]: a Congress.gov bill tracks a federal entry, but the jurisdiction is US-TX',
      ),
    ]);
    expect(problemsOf(billFile('b', 'EU', ['{ source: openstates, session: 2025, bill: HB 1 }']))).toEqual([
      expect.stringContaining(
        "tracking[0]: jurisdiction: required when the entry's jurisdiction (EU) is not a US state",
      ),
    ]);
  });

  it('GIVEN a bill with no reference WHEN checked THEN a warning says it could be tracked, spelling out the reference its citation gives', () => {
    const federal = libraryOf({
      f: billFile('f', 'US', []).replace(
        'status_as_of:',
        'citation: H.R. 4695 (119th Congress)\nstatus_as_of:',
      ),
    });
    expect(missingTracking(federal.get('f')!)?.message).toContain(
      'add tracking: [{ source: congress, congress: 119, type: hr, number: 4695 }] (as its citation gives it)',
    );
    const eu = libraryOf({ e: billFile('e', 'EU', []) });
    expect(missingTracking(eu.get('e')!)).toBeUndefined();
  });
});
