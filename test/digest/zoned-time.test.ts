import { describe, expect, it } from 'vitest';
import { Subscription } from '../../src/digest/subscription.js';
import { isTimeZone, localTime, zonedInstant } from '../../src/digest/zoned-time.js';

describe('zonedInstant', () => {
  it('GIVEN an ordinary day THEN the local time maps to the one instant it names', () => {
    expect(zonedInstant('2026-11-22', '09:00', 'Europe/Berlin').toISOString()).toBe(
      '2026-11-22T08:00:00.000Z',
    );
    expect(zonedInstant('2026-07-01', '09:00', 'Europe/Berlin').toISOString()).toBe(
      '2026-07-01T07:00:00.000Z',
    );
    expect(zonedInstant('2026-11-22', '23:45', 'Asia/Kolkata').toISOString()).toBe(
      '2026-11-22T18:15:00.000Z',
    );
    expect(zonedInstant('2026-11-22', '00:00', 'UTC').toISOString()).toBe('2026-11-22T00:00:00.000Z');
  });

  it('GIVEN the day clocks spring forward WHEN the time falls in the gap THEN it moves past the gap, not to the next day', () => {
    // Berlin, 29 March 2026: 02:00 CET becomes 03:00 CEST; 02:30 does not exist.
    expect(zonedInstant('2026-03-29', '02:30', 'Europe/Berlin').toISOString()).toBe(
      '2026-03-29T01:30:00.000Z',
    );
    expect(localTime(zonedInstant('2026-03-29', '02:30', 'Europe/Berlin'), 'Europe/Berlin')).toEqual({
      date: '2026-03-29',
      hour: 3,
      minute: 30,
    });
    // New York, 8 March 2026: 09:00 is EDT (UTC-4) that day and EST (UTC-5) the day before.
    expect(zonedInstant('2026-03-07', '09:00', 'America/New_York').toISOString()).toBe(
      '2026-03-07T14:00:00.000Z',
    );
    expect(zonedInstant('2026-03-08', '09:00', 'America/New_York').toISOString()).toBe(
      '2026-03-08T13:00:00.000Z',
    );
  });

  it('GIVEN the day clocks fall back WHEN the time happens twice THEN the first one counts', () => {
    // Berlin, 25 October 2026: 03:00 CEST becomes 02:00 CET; 02:30 happens at 00:30Z and again at 01:30Z.
    expect(zonedInstant('2026-10-25', '02:30', 'Europe/Berlin').toISOString()).toBe(
      '2026-10-25T00:30:00.000Z',
    );
    expect(zonedInstant('2026-11-01', '01:30', 'America/New_York').toISOString()).toBe(
      '2026-11-01T05:30:00.000Z',
    );
    expect(zonedInstant('2026-11-01', '09:00', 'America/New_York').toISOString()).toBe(
      '2026-11-01T14:00:00.000Z',
    );
  });

  it('GIVEN a zone with a half-hour DST shift THEN it is handled too', () => {
    // Lord Howe Island moves by 30 minutes: 02:00 becomes 02:30 on 4 October 2026.
    expect(
      localTime(zonedInstant('2026-10-04', '02:15', 'Australia/Lord_Howe'), 'Australia/Lord_Howe'),
    ).toEqual({
      date: '2026-10-04',
      hour: 2,
      minute: 45,
    });
  });
});

describe('Subscription', () => {
  it('GIVEN "9:00" and a zone typed in lower case THEN they are kept as 09:00 and the canonical zone name', () => {
    const sub = Subscription.parse({
      guildId: '100000000000000001',
      channelId: '200000000000000001',
      time: '9:00',
      timezone: 'europe/berlin',
      createdAt: '2026-11-22T08:00:00.000Z',
    });
    expect([sub.time, sub.timezone]).toEqual(['09:00', 'Europe/Berlin']);
    expect(sub.sections).toEqual(['new', 'upcoming', 'anniversaries']);
  });

  it('GIVEN a time past 23:59 THEN it is refused saying what is expected', () => {
    const result = Subscription.safeParse({
      guildId: '100000000000000001',
      channelId: '200000000000000001',
      time: '24:30',
      timezone: 'UTC',
      createdAt: '2026-11-22T08:00:00.000Z',
    });
    expect(result.success).toBe(false);
    expect(result.error?.issues[0]?.message).toBe('expected a time like 09:00 (24-hour HH:MM), got "24:30"');
  });
});

describe('isTimeZone', () => {
  it('GIVEN IANA names THEN they are accepted; made-up names are not', () => {
    expect(isTimeZone('Europe/Berlin')).toBe(true);
    expect(isTimeZone('America/Argentina/Buenos_Aires')).toBe(true);
    expect(isTimeZone('UTC')).toBe(true);
    expect(isTimeZone('Mars/Olympus_Mons')).toBe(false);
    expect(isTimeZone('')).toBe(false);
  });
});
