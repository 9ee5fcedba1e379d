import { describe, expect, test } from 'vitest';
import { assessFreshness } from '../../src/freshness/assess.js';
import { DEFAULT_POLICY, toPolicy } from '../../src/freshness/policy.js';
import { congressOn, findContradictions } from '../../src/freshness/rules.js';
import { makeDoc } from './make-doc.js';

const rules = (fields: Record<string, unknown>, today: string, policy = DEFAULT_POLICY) =>
  findContradictions(makeDoc(fields), today, policy).map((f) => f.rule);

describe('effective date passed', () => {
  const law = { status: 'enacted', status_as_of: '2025-05-31', effective: '2026-01-01' };
  test('GIVEN a law enacted but not yet in force WHEN its effective date has passed THEN it is flagged', () => {
    const [f] = findContradictions(makeDoc(law), '2026-11-29', DEFAULT_POLICY);
    expect(f?.rule).toBe('effective-passed');
    expect(f?.since).toBe('2026-01-01');
    expect(f?.reason).toBe(
      'its effective date, 1 Jan 2026, has passed but the status still says enacted (not yet in force) (as of 31 May 2025)',
    );
  });
  test('GIVEN the same law WHEN the day before its effective date THEN nothing is flagged', () => {
    expect(rules(law, '2025-12-31')).toEqual([]);
  });
  test('GIVEN a milestone saying it takes effect WHEN that day has passed and the status is still enacted THEN it is flagged once', () => {
    const fields = {
      status: 'enacted',
      milestones: [{ date: '2026-01-01', label: 'Subsection (b-1) scheduled to take effect' }],
    };
    expect(rules(fields, '2026-11-29')).toEqual(['effective-passed']);
    expect(rules({ ...fields, effective: '2026-01-01' }, '2026-11-29')).toEqual(['effective-passed']);
  });
  test('GIVEN the status was recorded in force after the effective date THEN nothing is flagged', () => {
    expect(rules({ ...law, status: 'in-force', status_as_of: '2026-01-02' }, '2026-11-29')).toEqual([]);
  });
});

describe('sunset passed', () => {
  test('GIVEN a law in force WHEN its sunset date has passed THEN it is flagged', () => {
    const found = findContradictions(
      makeDoc({ status: 'in-force', status_as_of: '2022-07-01', sunset: '2026-07-01' }),
      '2026-11-29',
      DEFAULT_POLICY,
    );
    expect(found.map((f) => f.rule)).toEqual(['sunset-passed']);
    expect(found[0]?.reason).toMatch(
      /^its sunset date, 1 Jul 2026, has passed but the status still says in force/,
    );
  });
  test('GIVEN a milestone saying provisions expire WHEN it has passed THEN it is flagged', () => {
    expect(
      rules(
        {
          status: 'enacted',
          status_as_of: '2022-04-27',
          milestones: [{ date: '2026-07-01', label: 'Provisions expire' }],
        },
        '2026-11-29',
      ),
    ).toEqual(['sunset-passed']);
  });
  test('GIVEN the sunset is still ahead, or the law is recorded expired THEN nothing is flagged', () => {
    expect(
      rules({ status: 'in-force', status_as_of: '2022-07-01', sunset: '2026-07-01' }, '2026-06-30'),
    ).toEqual([]);
    expect(
      rules({ status: 'expired', status_as_of: '2022-07-01', sunset: '2026-07-01' }, '2026-11-29'),
    ).toEqual([]);
  });
});

describe('session ended', () => {
  const bill = { type: 'bill', jurisdiction: 'US', status: 'proposed', status_as_of: '2023-03-07' };
  test('GIVEN a federal bill proposed in the 118th Congress WHEN that Congress has ended THEN it is flagged', () => {
    const [f] = findContradictions(makeDoc(bill), '2026-11-29', DEFAULT_POLICY);
    expect(f?.rule).toBe('session-ended');
    expect(f?.reason).toBe('still "proposed" (as of 7 Mar 2023) but the 118th Congress ended on 3 Jan 2025');
  });
  test('GIVEN the same bill WHEN the 118th Congress is still sitting THEN nothing is flagged', () => {
    expect(rules(bill, '2025-01-02')).toEqual([]);
  });
  test('GIVEN dates around the turn of a Congress THEN the right one is named', () => {
    expect(congressOn('2023-03-07')).toEqual({
      name: '118th Congress',
      start: '2023-01-03',
      end: '2025-01-03',
    });
    expect(congressOn('2024-12-31').name).toBe('118th Congress');
    expect(congressOn('2025-01-02').name).toBe('118th Congress');
    expect(congressOn('2025-01-03').name).toBe('119th Congress');
    expect(congressOn('2020-06-25').name).toBe('116th Congress');
    expect(congressOn('2011-05-01').name).toBe('112th Congress');
  });
  test('GIVEN a state bill WHEN policy.yml records its session as ended THEN it is flagged, and not without a session', () => {
    const state = { type: 'bill', jurisdiction: 'US-IL', status: 'proposed', status_as_of: '2016-05-01' };
    const policy = toPolicy({
      fresh_for_days: {},
      tags: {},
      sessions: { 'US-IL': [{ name: '99th General Assembly', start: '2015-01-14', end: '2017-01-10' }] },
    });
    expect(rules(state, '2026-11-29', policy)).toEqual(['session-ended']);
    expect(rules(state, '2017-01-09', policy)).toEqual([]);
    expect(rules(state, '2026-11-29')).toEqual([]);
  });
});

describe('milestone no later status reflects', () => {
  test('GIVEN a milestone after status_as_of WHEN it has passed THEN it is flagged; a future one is not', () => {
    const fields = {
      status: 'enacted',
      status_as_of: '2022-04-27',
      milestones: [
        { date: '2022-04-27', label: 'Becomes law' },
        { date: '2023-01-01', label: 'Deadline for the model policy' },
        { date: '2027-01-01', label: 'Report due' },
      ],
    };
    const found = findContradictions(makeDoc(fields), '2026-11-29', DEFAULT_POLICY);
    expect(found.map((f) => [f.rule, f.since])).toEqual([['milestone-unreflected', '2023-01-01']]);
  });
});

describe('open-ended claims', () => {
  const ibm = {
    type: 'statement',
    date: '2020-06-08',
    commitments: ['Exit the general-purpose facial recognition business, announced as a permanent exit'],
  };
  test('GIVEN a statement described as permanent WHEN older than its review interval THEN it is flagged', () => {
    expect(rules(ibm, '2021-06-09')).toEqual(['open-ended-claim']);
    expect(rules(ibm, '2021-06-07')).toEqual([]);
  });
  test('GIVEN a pause "until further notice" checked recently THEN it is not flagged until the interval passes again', () => {
    const pause = {
      type: 'statement',
      date: '2019-01-01',
      summary: 'Sales paused until further notice.',
      checked: '2026-06-01',
    };
    expect(rules(pause, '2026-11-29')).toEqual([]);
    expect(rules(pause, '2027-06-02')).toEqual(['open-ended-claim']);
  });
  test('GIVEN a tag override THEN the claim falls due on the shorter interval', () => {
    const policy = toPolicy({ fresh_for_days: {}, tags: { 'corporate-pledge': 180 }, sessions: {} });
    expect(rules({ ...ibm, tags: ['corporate-pledge'] }, '2020-12-06', policy)).toEqual(['open-ended-claim']);
  });
});

describe('assessFreshness', () => {
  test('GIVEN a law checked 2 Aug 2024 WHEN 120 days have not passed THEN it is fresh; after, it is overdue by age', () => {
    const law = makeDoc({ status_as_of: '2024-08-02' });
    const fresh = assessFreshness(law, { today: '2024-11-29', policy: DEFAULT_POLICY });
    expect(fresh).toMatchObject({ overdue: false, dueOn: '2024-11-30', reasons: [] });
    const old = assessFreshness(law, { today: '2026-11-29', policy: DEFAULT_POLICY });
    expect(old.overdue).toBe(true);
    expect(old.reasons.map((r) => r.text)).toEqual([
      'last checked 2 Aug 2024 (2 years ago); laws are reviewed every 120 days',
    ]);
  });
  test('GIVEN a contradiction WHEN a curator marked it still accurate after it began THEN it is answered', () => {
    const law = makeDoc({ status: 'enacted', status_as_of: '2025-11-01', effective: '2026-01-01' });
    const before = assessFreshness(law, { today: '2026-02-01', policy: DEFAULT_POLICY });
    expect(before.reasons.map((r) => r.kind)).toEqual(['effective-passed']);
    const after = assessFreshness(law, {
      today: '2026-02-01',
      policy: DEFAULT_POLICY,
      review: { checkedOn: '2026-01-20', checkedBy: 'curator' },
    });
    expect(after.reasons).toEqual([]);
    expect(after.lastChecked).toBe('2026-01-20');
  });
  test('GIVEN a broken source link WHEN a curator vouched for the entry before the check THEN it is a reason; on or after the check day it is answered', () => {
    const law = makeDoc({ status_as_of: '2026-11-01' });
    const links = [
      {
        url: 'https://example.org/source',
        checkedOn: '2026-11-28',
        kind: 'broken' as const,
        detail: '404 Not Found',
      },
    ];
    const at = (checkedOn: string) =>
      assessFreshness(law, { today: '2026-11-29', policy: DEFAULT_POLICY, links, review: { checkedOn } })
        .reasons;
    expect(at('2026-11-27').map((r) => r.text)).toEqual([
      'source link broken (404 Not Found, checked 28 Nov 2026): https://example.org/source',
    ]);
    expect(at('2026-11-28')).toEqual([]);
  });

  test('GIVEN an entry other than a law with no checked date THEN the interval counts from when it was written', () => {
    const letter = makeDoc({ type: 'letter', date: '2019-01-15', added: '2024-01-01' });
    const f = assessFreshness(letter, { today: '2026-11-29', policy: DEFAULT_POLICY });
    expect(f.lastChecked).toBeUndefined();
    expect(f.dueOn).toBe('2025-12-31');
    expect(f.reasons[0]?.text).toBe(
      'never checked since it was written on 1 Jan 2024 (2 years ago); letters are reviewed every 730 days',
    );
  });
});
