import { describe, expect, it, vi } from 'vitest';
import { pledgeHistory } from '../../src/kb/pledge-history.js';
import { statementHistory } from '../../src/kb/statement-history.js';
import { entry, libraryOf } from '../digest/fixture-library.js';

const statement = (id: string, date: string, extra: Record<string, unknown> = {}) =>
  entry(id, 'statement', { organization: 'Acme', date, added: '2026-01-01', ...extra });
const letter = (id: string, date: string, extra: Record<string, unknown> = {}) =>
  entry(id, 'letter', {
    date,
    added: '2026-01-01',
    authors: ['Privacy Coalition'],
    recipients: ['Acme'],
    ...extra,
  });

describe('pledgeHistory', () => {
  it('GIVEN a pause and a later linked statement tagged extension THEN one bar, extended on that date, with no end recorded', () => {
    const library = libraryOf([
      statement('pause', '2020-06-10', { commitments: ['No police sales for one year'] }),
      statement('extends', '2021-05-18', {
        commitments: ['No police sales until further notice'],
        tags: ['extension'],
        related: ['pause'],
      }),
    ]);
    const h = pledgeHistory(library, 'acme');
    expect(h?.pledges).toHaveLength(1);
    const [p] = h?.pledges ?? [];
    expect(p?.statement.id).toBe('pause');
    expect(p?.changes.map((c) => [c.kind, c.date, c.doc.id])).toEqual([
      ['extended', '2021-05-18', 'extends'],
    ]);
    expect(p?.end).toBeUndefined();
  });

  it('GIVEN a reversal linked only to the extension THEN it ends the whole chain on its date', () => {
    const library = libraryOf([
      statement('pause', '2020-06-10', { commitments: ['Pause'] }),
      statement('extends', '2021-05-18', { tags: ['extension'], related: ['pause'] }),
      statement('back', '2024-10-21', { tags: ['reversal'], related: ['extends'] }),
    ]);
    const [p] = pledgeHistory(library, 'Acme')?.pledges ?? [];
    expect(p?.changes.map((c) => c.kind)).toEqual(['extended', 'reversed']);
    expect(p?.end).toMatchObject({ kind: 'reversed', date: '2024-10-21' });
  });

  it('GIVEN an event naming the company, linked back to the pledge and tagged pledge-ended THEN the pledge ends on that date', () => {
    const library = libraryOf([
      statement('exit', '2020-06-08', { commitments: ['No general-purpose face recognition'] }),
      entry('lapse', 'event', {
        date: '2023-07-28',
        added: '2026-01-01',
        participants: ['Acme', 'A ministry'],
        tags: ['pledge-ended'],
        related: ['exit'],
      }),
    ]);
    const [p] = pledgeHistory(library, 'Acme')?.pledges ?? [];
    expect(p?.end).toMatchObject({ kind: 'ended', date: '2023-07-28' });
  });

  it('GIVEN tagged entries that are not linked, not the company own, or older THEN nothing is changed (never guessed)', () => {
    const library = libraryOf([
      statement('old-reversal', '2019-01-01', { tags: ['reversal'], related: ['pause'] }),
      statement('pause', '2020-06-10', { commitments: ['Pause'] }),
      statement('unlinked', '2022-01-01', { tags: ['reversal'] }),
      statement('other-company', '2022-02-01', {
        organization: 'Globex',
        tags: ['reversal'],
        related: ['pause'],
      }),
      statement('untagged', '2023-01-01', { related: ['pause'] }),
    ]);
    const h = pledgeHistory(library, 'Acme');
    const pause = h?.pledges.find((p) => p.statement.id === 'pause');
    expect(pause?.changes).toEqual([]);
    expect(pause?.end).toBeUndefined();
    // Statements that promise nothing and changed nothing are kept as points, not dropped.
    expect(h?.otherStatements.map((s) => s.id)).toEqual(['old-reversal', 'unlinked', 'untagged']);
  });

  it('GIVEN letters addressed to the company or linked to its statements THEN they are exactly the letters /statement lists', () => {
    const library = libraryOf([
      letter('asks', '2018-05-22'),
      letter('linked', '2019-01-15', { recipients: ['Congress'], related: ['pause'] }),
      letter('elsewhere', '2019-02-01', { recipients: ['Globex'] }),
      statement('pause', '2020-06-10', { commitments: ['Pause'] }),
    ]);
    const h = pledgeHistory(library, 'Acme');
    expect(h?.letters.map((l) => l.id)).toEqual(['asks', 'linked']);
    const card = statementHistory(library, 'Acme');
    const listed = card?.fields.find((f) => f.name === 'Related letters')?.value ?? '';
    for (const l of h?.letters ?? []) expect(listed).toContain(l.id);
    expect(listed).not.toContain('elsewhere');
  });

  it('GIVEN a company with more statements and letters than a card lists THEN the oldest are listed and the rest counted', () => {
    const day = (n: number) => `2020-01-${String(n).padStart(2, '0')}`;
    const library = libraryOf([
      ...Array.from({ length: 23 }, (_, i) => statement(`s${i + 1}`, day(i + 1))),
      ...Array.from({ length: 17 }, (_, i) => letter(`l${i + 1}`, day(i + 1))),
    ]);
    const card = statementHistory(library, 'Acme');
    expect(card?.description).toBe('23 statements, oldest first.');
    expect(card?.fields).toHaveLength(22);
    expect(card?.fields[20]).toEqual({ name: '…', value: 'and 3 later statements' });
    const letters = card?.fields[21];
    expect(letters?.name).toBe('Related letters');
    expect(letters?.value).toContain('`l15`');
    expect(letters?.value).not.toContain('`l16`');
    expect(letters?.value.endsWith('\n…and 2 more')).toBe(true);
  });

  it('GIVEN a company with no statements THEN there is no history', () => {
    expect(pledgeHistory(libraryOf([letter('asks', '2018-05-22')]), 'Acme')).toBeUndefined();
  });

  it('GIVEN a company asked about again WHEN its card is made THEN it is the same card, unchanged by what a caller did to the last one, and a reloaded library gets its own', () => {
    const entries = [statement('pause', '2020-06-10'), letter('asks', '2020-01-01')];
    const library = libraryOf(entries);
    const first = statementHistory(library, 'Acme');
    if (!first) throw new Error('expected a card');
    const original = structuredClone(first);
    first.fields.length = 0;
    first.title = 'changed';
    const reads = vi.spyOn(library, 'statementsOf');
    expect(statementHistory(library, 'acme')).toEqual(original);
    expect(reads).not.toHaveBeenCalled();
    const reloaded = libraryOf([...entries, statement('extends', '2021-05-18')]);
    expect(statementHistory(reloaded, 'Acme')?.description).toBe('2 statements, oldest first.');
    expect(statementHistory(library, 'Nobody')).toBeUndefined();
  });
});
