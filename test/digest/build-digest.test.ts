import { describe, expect, it } from 'vitest';
import { buildDigest, MAX_MESSAGES } from '../../src/digest/build-digest.js';
import { Subscription, type SubscriptionInput } from '../../src/digest/subscription.js';
import { entry, fixtureLibrary, libraryOf } from './fixture-library.js';

const sub = (over: Partial<SubscriptionInput> = {}) =>
  Subscription.parse({
    guildId: '100000000000000001',
    channelId: '200000000000000001',
    time: '09:00',
    timezone: 'Europe/Berlin',
    createdAt: '2026-11-01T10:00:00Z',
    ...over,
  });
const now = new Date('2026-11-22T08:00:00Z'); // 09:00 in Berlin
const since = { at: new Date('2026-11-21T08:00:00Z') };
const lines = (d: ReturnType<typeof buildDigest>) =>
  d.messages.flatMap((m) => m.embeds.flatMap((e) => e.description.split('\n')));
const ids = (items: { doc: { id: string } }[]) => items.map((i) => i.doc.id);

describe('buildDigest', () => {
  it('GIVEN entries added or updated since the last digest THEN they are listed as new, newest first, and older ones are not', () => {
    const d = buildDigest(fixtureLibrary(), sub(), since, now);
    expect(d.date).toBe('2026-11-22');
    expect(d.items.new.map((i) => `${i.doc.id} ${i.label} ${i.date}`)).toEqual([
      'ban-letter added 2026-11-22',
      'acme-statement added 2026-11-21',
      'eu-ai-act updated 2026-11-21',
    ]);
    expect(d.announced).toEqual([
      'ban-letter@2026-11-22',
      'acme-statement@2026-11-21',
      'eu-ai-act@2026-11-21',
    ]);
    const text = lines(d).join('\n');
    expect(text).toContain(
      '[Coalition letter calling for a face recognition ban](https://example.org/ban-letter)',
    );
    expect(text).not.toContain('old-case');
  });

  it('GIVEN an entry the previous digest already announced THEN it is left out saying so', () => {
    const d = buildDigest(
      fixtureLibrary(),
      sub(),
      { ...since, announced: ['acme-statement@2026-11-21'] },
      now,
    );
    expect(ids(d.items.new)).not.toContain('acme-statement');
    expect(d.leftOut).toContainEqual(
      expect.objectContaining({
        id: 'acme-statement',
        section: 'new',
        reason: 'already in the previous digest',
      }),
    );
  });

  it('GIVEN dates in the next 14 days THEN effective dates, sunsets and milestones are coming up, in date order; later ones are not', () => {
    const d = buildDigest(fixtureLibrary(), sub(), since, now);
    expect(d.items.upcoming.map((i) => `${i.date} ${i.doc.id}: ${i.label}`)).toEqual([
      '2026-11-25 ca-bill: sunsets',
      '2026-11-30 eu-ai-act: takes effect',
      '2026-12-02 eu-ai-act: Obligations for general-purpose AI apply',
    ]);
    expect(lines(d)).toContainEqual(
      expect.stringMatching(/^• \*\*Wed 25 Nov\*\* \(in 3 days\) · .*California.*: sunsets$/),
    );
  });

  it('GIVEN entries dated on this day in earlier years THEN they are anniversaries with the years counted', () => {
    const d = buildDigest(fixtureLibrary(), sub(), since, now);
    expect(d.items.anniversaries.map((i) => `${i.doc.id}: ${i.label}`)).toEqual([
      'bipa-fixture: 18 years since it was enacted',
      'ban-letter: 5 years since it was sent',
    ]);
  });

  it('GIVEN an entry of 29 February WHEN it is 28 February of a common year THEN its anniversary is that day', () => {
    const lib = libraryOf([
      entry('leap-letter', 'letter', {
        date: '2020-02-29',
        added: '2020-03-01',
        authors: ['A'],
        recipients: ['B'],
      }),
    ]);
    const d = buildDigest(lib, sub(), since, new Date('2027-02-28T12:00:00Z'));
    expect(d.items.anniversaries.map((i) => i.label)).toEqual(['7 years since it was sent']);
  });

  it('GIVEN a type filter THEN other types are left out, each with the reason', () => {
    const d = buildDigest(fixtureLibrary(), sub({ types: ['law', 'bill'] }), since, now);
    expect(ids(d.items.new)).toEqual(['eu-ai-act']);
    expect(d.leftOut).toContainEqual({
      id: 'ban-letter',
      title: 'Coalition letter calling for a face recognition ban',
      section: 'new',
      reason: "type letter is not among this channel's types (law, bill)",
    });
  });

  it('GIVEN a jurisdiction filter THEN places inside it are kept and others left out with the reason', () => {
    const d = buildDigest(fixtureLibrary(), sub({ jurisdictions: ['US'] }), since, now);
    expect(ids(d.items.upcoming)).toEqual(['ca-bill']);
    expect(ids(d.items.anniversaries)).toEqual(['bipa-fixture']);
    const reasons = Object.fromEntries(d.leftOut.map((l) => [`${l.id}/${l.section}`, l.reason]));
    expect(reasons['eu-ai-act/upcoming']).toBe("jurisdiction EU is outside this channel's (US)");
    expect(reasons['acme-statement/new']).toBe('not tied to a jurisdiction, and this channel follows US');
  });

  it('GIVEN only some sections THEN the others are left out saying the section is off', () => {
    const d = buildDigest(fixtureLibrary(), sub({ sections: ['upcoming'] }), since, now);
    expect(d.items.new).toEqual([]);
    expect(d.items.anniversaries).toEqual([]);
    expect(d.items.upcoming).toHaveLength(3);
    expect(d.leftOut.find((l) => l.id === 'ban-letter' && l.section === 'anniversaries')?.reason).toBe(
      'the "anniversaries" section is off for this channel',
    );
    expect(d.messages.flatMap((m) => m.embeds.map((e) => e.title))).toEqual([
      'Coming up in the next 14 days',
    ]);
  });

  it('GIVEN a day with nothing to say THEN nothing is posted, unless the channel asked for a "nothing new" note', () => {
    const quiet = new Date('2026-06-10T08:00:00Z');
    const lastWeek = { at: new Date('2026-06-09T08:00:00Z') };
    const silent = buildDigest(fixtureLibrary(), sub(), lastWeek, quiet);
    expect(silent.messages).toEqual([]);
    const noted = buildDigest(fixtureLibrary(), sub({ nothingNewNote: true }), lastWeek, quiet);
    expect(noted.messages).toHaveLength(1);
    expect(noted.messages[0]?.content).toMatch(/Nothing new in the knowledge base since the last digest/);
  });

  it('GIVEN a first digest THEN it covers from the day before the subscription was made', () => {
    const d = buildDigest(fixtureLibrary(), sub({ createdAt: '2026-11-21T12:00:00Z' }), undefined, now);
    expect(ids(d.items.new)).toEqual(['ban-letter', 'acme-statement', 'eu-ai-act']);
  });

  it("GIVEN the channel's time zone THEN 'today' is the channel's local date", () => {
    // 23:30 UTC on the 21st is already the 22nd in Berlin and still the 21st in Los Angeles.
    const late = new Date('2026-11-21T23:30:00Z');
    expect(buildDigest(fixtureLibrary(), sub(), since, late).date).toBe('2026-11-22');
    expect(buildDigest(fixtureLibrary(), sub({ timezone: 'America/Los_Angeles' }), since, late).date).toBe(
      '2026-11-21',
    );
  });

  it("GIVEN a long digest THEN it is split into messages within Discord's limits, and what does not fit is left out with the reason", () => {
    const many = Array.from({ length: 400 }, (_, i) =>
      entry(`letter-${String(i).padStart(3, '0')}`, 'letter', {
        title: `A coalition letter with a long enough title to fill the line, number ${i}`,
        date: '2026-11-01',
        added: '2026-11-22',
        authors: ['A'],
        recipients: ['B'],
      }),
    );
    const d = buildDigest(libraryOf(many), sub(), since, now);
    expect(d.messages.length).toBe(MAX_MESSAGES);
    for (const m of d.messages) {
      expect(m.embeds.length).toBeLessThanOrEqual(10);
      expect((m.content ?? '').length).toBeLessThanOrEqual(2000);
      let total = 0;
      for (const e of m.embeds) {
        expect(e.title.length).toBeLessThanOrEqual(256);
        expect(e.description.length).toBeLessThanOrEqual(4096);
        total += e.title.length + e.description.length + (e.footer?.text.length ?? 0);
      }
      expect(total).toBeLessThanOrEqual(6000);
    }
    const listed = lines(d).length;
    const cut = d.leftOut.filter((l) => l.reason === `the digest is limited to ${MAX_MESSAGES} messages`);
    expect(listed).toBe(d.items.new.length);
    expect(listed + cut.length).toBe(400);
    expect(cut.length).toBeGreaterThan(0);
    expect(d.announced).toHaveLength(listed);
    expect(d.messages[0]?.content).toMatch(/^\*\*Dossier digest\*\* · Sunday, 22 November 2026$/);
    expect(d.messages.at(-1)?.embeds.at(-1)?.footer?.text).toMatch(
      /^Knowledge base kb-\w+ · times in Europe\/Berlin$/,
    );
  });

  it('GIVEN a title with Markdown and mentions THEN it is escaped so it renders as written', () => {
    const lib = libraryOf([
      entry('odd-title', 'letter', {
        title: 'Letter [draft] *urgent* @everyone',
        date: '2026-11-01',
        added: '2026-11-22',
        authors: ['A'],
        recipients: ['B'],
      }),
    ]);
    const d = buildDigest(lib, sub({ sections: ['new'] }), since, now);
    expect(lines(d)[0]).toContain(
      '[Letter \\[draft\\] \\*urgent\\* @everyone](https://example.org/odd-title)',
    );
  });

  it('GIVEN an entry whose source URL is very long THEN its line drops the link rather than cutting it in half', () => {
    const lib = libraryOf([
      {
        ...entry('long-url', 'letter', {
          title: 'A letter with a very long source address',
          date: '2026-11-01',
          added: '2026-11-22',
          authors: ['A'],
          recipients: ['B'],
        }),
        sources: [{ url: `https://example.org/${'x'.repeat(600)}`, title: 'Long' }],
      },
    ]);
    const [line] = lines(buildDigest(lib, sub({ sections: ['new'] }), since, now));
    expect(line).toBe('• **A letter with a very long source address** · letter · added today');
  });
});
