import { describe, expect, it } from 'vitest';
import { buildLibrary, loadLibrary } from '../../src/kb/load-library.js';
import { formatProblem } from '../../src/kb/parse-entry.js';
import { DOC_TYPES } from '../../src/kb/schema.js';

const TODAY = { today: '2026-11-22' };

describe('loading knowledge', () => {
  it('GIVEN one valid file of each type WHEN loaded THEN every document is served and no problem is reported', async () => {
    const report = await loadLibrary('test/fixtures/knowledge', TODAY);
    expect(report.problems.map(formatProblem)).toEqual([]);
    expect(report.files).toBe(7);
    const counts = report.library.countsByType();
    for (const type of DOC_TYPES) expect(counts[type], type).toBe(1);
    const bipa = report.library.get('illinois-bipa');
    expect(bipa?.type === 'law' && bipa.provisions.private_right_of_action).toBe(true);
    expect(bipa?.body).toContain('signed written release');
  });

  it('GIVEN one invalid file per kind of mistake WHEN checked THEN each mistake is reported with file, line, field and what was expected', async () => {
    const report = await loadLibrary('test/fixtures/invalid', TODAY);
    const messages = report.problems.map(formatProblem);
    expect(messages).toEqual(
      expect.arrayContaining([
        'invalid/laws/bad-date.md:6: date: expected YYYY-MM-DD, got "2008-13-01"',
        'invalid/laws/bad-jurisdiction.md:8: jurisdiction: unknown jurisdiction "US-XX" (did you mean "US-TX"?): add a line for it to invalid/jurisdictions.yml ("US-XX: Name")',
        'invalid/laws/bad-type.md:3: type: expected one of law, bill, letter, statement, case, report, event, got "lwa"',
        'invalid/laws/bad-url.md:12: sources[0].url: expected an http(s) URL, got "sfgov.legistar.com/example"',
        'invalid/laws/future-date.md:14: added: 2099-01-01 is in the future (today is 2026-11-22)',
        'invalid/laws/id-mismatch.md:2: id: must equal the file name "id-mismatch", got "another-id"',
        'invalid/laws/missing-title.md:2: title: required (string)',
        'invalid/laws/no-front-matter.md:1: expected the file to start with a "---" line opening the front matter',
        'invalid/laws/sunset-order.md:12: sunset: 2019-12-31 is before effective (2020-01-01)',
        'invalid/laws/unknown-key.md:7: sumary: unknown key (did you mean "summary"?)',
        'invalid/laws/dup.md:2: id: "dup" is already used by invalid/bills/dup.md',
        'invalid/laws/good.md:5: aliases: "alias of good" is already an alias of duplicate-alias (invalid/laws/duplicate-alias.md)',
        'invalid/laws/missing-related.md:14: related[0]: no entry has id "no-such-entry"',
      ]),
    );
    expect(messages.find((m) => m.startsWith('invalid/laws/bad-yaml.md:'))).toMatch(
      /: YAML: .*end with a \]/,
    );
    // One rule: every entry with a problem (its own, or a taken id or alias, or an unknown related id)
    // is skipped; the first to claim an id or alias keeps it.
    expect(report.library.docs.map((d) => d.id).sort()).toEqual(['dup', 'duplicate-alias']);
  });

  it('GIVEN a file with several mistakes WHEN checked THEN all of them are reported at once', () => {
    const text = ['---', 'id: x', 'type: letter', 'titel: X', 'date: 2019-02-30', '---', ''].join('\n');
    const report = buildLibrary([{ path: 'knowledge/letters/x.md', text }], TODAY);
    const fields = report.problems.map((p) => p.field);
    expect(fields).toEqual(
      expect.arrayContaining([
        'titel',
        'title',
        'date',
        'summary',
        'sources',
        'added',
        'authors',
        'recipients',
      ]),
    );
    expect(report.problems.find((p) => p.field === 'date')?.message).toBe(
      'expected YYYY-MM-DD, got "2019-02-30"',
    );
    expect(report.problems.find((p) => p.field === 'titel')?.line).toBe(4);
  });

  it('GIVEN a letter listing more signatories than its count WHEN checked THEN the count is reported', () => {
    const text = [
      '---',
      'id: l',
      'type: letter',
      'title: L',
      'date: 2019-01-15',
      'summary: S.',
      'authors: [ACLU]',
      'recipients: [Amazon]',
      'signatories: [A, B, C]',
      'signatory_count: 2',
      'sources: [{ url: "https://example.org/l", title: L }]',
      'added: 2020-01-01',
      '---',
    ].join('\n');
    const report = buildLibrary([{ path: 'knowledge/letters/l.md', text }], TODAY);
    expect(report.problems.map(formatProblem)).toEqual([
      'knowledge/letters/l.md:10: signatory_count: 2 is less than the 3 signatories listed',
    ]);
  });
});

const entry = (id: string, fields: Record<string, string> = {}) =>
  [
    '---',
    `id: ${id}`,
    'type: law',
    `title: ${fields.title ?? `Law ${id}`}`,
    `aliases: ${fields.aliases ?? '[]'}`,
    `date: ${fields.date ?? '2020-01-01'}`,
    'summary: A law.',
    'jurisdiction: US-IL',
    'status: in-force',
    'status_as_of: 2024-01-01',
    'sources: [{ url: "https://example.org/x", title: X }]',
    `related: ${fields.related ?? '[]'}`,
    `added: ${fields.added ?? '2020-01-02'}`,
    '---',
    '',
  ].join('\n');

describe('cross-file checks', () => {
  it('GIVEN a file with a bad date, an alias another entry uses and a misspelt related id WHEN checked THEN all three are reported in one round, with a did-you-mean', () => {
    const report = buildLibrary(
      [
        { path: 'knowledge/laws/illinois-bipa.md', text: entry('illinois-bipa', { aliases: '[BIPA]' }) },
        {
          path: 'knowledge/laws/new-law.md',
          text: entry('new-law', { aliases: '[bipa]', date: '2020-13-01', related: '[illinois-bipaa]' }),
        },
      ],
      TODAY,
    );
    expect(report.problems.map(formatProblem)).toEqual([
      'knowledge/laws/new-law.md:5: aliases: "bipa" is already an alias of illinois-bipa (knowledge/laws/illinois-bipa.md)',
      'knowledge/laws/new-law.md:6: date: expected YYYY-MM-DD, got "2020-13-01"',
      'knowledge/laws/new-law.md:12: related[0]: no entry has id "illinois-bipaa" (did you mean "illinois-bipa"?)',
    ]);
    expect(report.library.docs.map((d) => d.id)).toEqual(['illinois-bipa']);
  });

  it('GIVEN a new entry claiming the alias of an older one WHEN loaded THEN the older keeps it and the new one is skipped, whatever the file names', () => {
    const report = buildLibrary(
      [
        {
          path: 'knowledge/laws/a-newcomer.md',
          text: entry('a-newcomer', { aliases: '[BIPA]', added: '2026-11-01' }),
        },
        {
          path: 'knowledge/laws/illinois-bipa.md',
          text: entry('illinois-bipa', { aliases: '[BIPA]', added: '2020-01-02' }),
        },
      ],
      TODAY,
    );
    expect(report.problems.map(formatProblem)).toEqual([
      'knowledge/laws/a-newcomer.md:5: aliases: "BIPA" is already an alias of illinois-bipa (knowledge/laws/illinois-bipa.md)',
    ]);
    expect(report.library.resolve('bipa')?.id).toBe('illinois-bipa');
    expect(report.library.get('a-newcomer')).toBeUndefined();
    expect(Object.keys(report.fingerprints)).toEqual(['illinois-bipa']);
  });

  it('GIVEN a broken file that uses an alias WHEN a valid entry uses it too THEN only the broken file is skipped', () => {
    const report = buildLibrary(
      [
        { path: 'knowledge/laws/a-broken.md', text: entry('a-broken', { aliases: '[BIPA]', date: 'soon' }) },
        {
          path: 'knowledge/laws/illinois-bipa.md',
          text: entry('illinois-bipa', { aliases: '[BIPA]', added: '2024-01-01' }),
        },
      ],
      TODAY,
    );
    expect(report.library.docs.map((d) => d.id)).toEqual(['illinois-bipa']);
    expect(report.problems.map(formatProblem)).toEqual([
      'knowledge/laws/a-broken.md:5: aliases: "BIPA" is already an alias of illinois-bipa (knowledge/laws/illinois-bipa.md)',
      'knowledge/laws/a-broken.md:6: date: expected YYYY-MM-DD, got "soon"',
    ]);
  });

  it('GIVEN an entry relating to a file that is broken WHEN loaded THEN the link is not reported as unknown and the entry is served', () => {
    const report = buildLibrary(
      [
        { path: 'knowledge/laws/broken.md', text: entry('broken', { date: 'soon' }) },
        { path: 'knowledge/laws/fine.md', text: entry('fine', { related: '[broken]' }) },
      ],
      TODAY,
    );
    expect(report.problems.map((p) => p.path)).toEqual(['knowledge/laws/broken.md']);
    expect(report.library.docs.map((d) => d.id)).toEqual(['fine']);
  });
});
