import { describe, expect, it } from 'vitest';
import { buildDigest } from '../../src/digest/build-digest.js';
import { lawStatusChanges } from '../../src/digest/digest-map.js';
import { Subscription } from '../../src/digest/subscription.js';
import type { Library } from '../../src/kb/library.js';
import { DUE, GUILD, letter, SUBSCRIBED } from './digest-map-fixtures.js';
import { bipaAsOf, law, libraryOf, texasCubi } from './fixture-library.js';

// Which of a digest's entries count as a law changing status, so the map is attached: a recorded status
// change, a law new to the base, one taking effect, or an official action bill tracking saw.

describe('what counts as a law changing status', () => {
  const sub = Subscription.parse({
    guildId: GUILD,
    channelId: '300000000000000001',
    time: '09:00',
    timezone: 'UTC',
    createdAt: SUBSCRIBED.toISOString(),
  });
  const digestOf = (
    entries: Record<string, unknown>[],
    official = [] as Parameters<typeof buildDigest>[4],
    recorded: {
      entryId: string;
      status: 'enacted' | 'in-force' | 'proposed';
      previous?: 'enacted' | 'proposed';
    }[] = [],
  ) => {
    const library = libraryOf(entries);
    const digest = buildDigest(library, sub, undefined, DUE, official);
    const statusChanges = recorded.map((change) => ({
      doc: library.get(change.entryId) as NonNullable<ReturnType<Library['get']>>,
      change: { ...change, seenAt: DUE.toISOString() },
    }));
    return { ...digest, statusChanges };
  };

  it('GIVEN a stored subscription from before the option THEN it reads as map off', () => {
    const { attachMap: _off, ...old } = sub;
    expect(Subscription.parse(old).attachMap).toBe(false);
  });

  it('GIVEN a status recorded as changed THEN it is a change on its layer, saying what it was', () => {
    const changes = lawStatusChanges(
      digestOf(
        [bipaAsOf('in-force', '2026-11-21'), texasCubi],
        [],
        [{ entryId: 'bipa-fixture', status: 'in-force', previous: 'enacted' }],
      ),
    );
    expect(changes.map((c) => [c.doc.id, c.what, c.layers])).toEqual([
      ['bipa-fixture', 'now in force, was enacted (status as of 21 November 2026)', ['commercial']],
    ]);
  });

  it('GIVEN a law recorded as new to the base THEN it is a change worded as an addition', () => {
    const changes = lawStatusChanges(
      digestOf(
        [bipaAsOf('in-force', '2026-11-21'), texasCubi],
        [],
        [{ entryId: 'tx-cubi', status: 'in-force' }],
      ),
    );
    expect(changes.map((c) => c.what)).toEqual([
      'added to the knowledge base, in force (status as of 1 January 2026)',
    ]);
  });

  it('GIVEN an updated law whose status_as_of is in the window but no recorded change, or a letter THEN nothing changed', () => {
    expect(lawStatusChanges(digestOf([bipaAsOf('enacted', '2026-11-21'), texasCubi, letter]))).toEqual([]);
  });

  it('GIVEN a police face recognition law taking effect today THEN it is a change on the government layer', () => {
    const ban = law('city-ban', {
      title: 'Springfield ban on face recognition',
      jurisdiction: 'US-IL',
      date: '2026-06-01',
      added: '2025-06-01',
      effective: '2026-11-22',
      tags: ['facial-recognition', 'police', 'city-ban'],
    });
    const changes = lawStatusChanges(digestOf([ban]));
    expect(changes.map((c) => [c.doc.id, c.what, c.layers])).toEqual([
      ['city-ban', 'takes effect today', ['government']],
    ]);
  });

  it('GIVEN an official action bill tracking saw THEN it is a change, worded as the digest lists it', () => {
    const official = [
      {
        entryId: 'bipa-fixture',
        key: 'openstates:il:hb1',
        label: 'IL HB 1',
        source: 'Open States',
        date: '2026-11-21',
        text: 'Signed by the Governor',
      },
    ];
    const changes = lawStatusChanges(digestOf([bipaAsOf('in-force', '2026-01-01')], official));
    expect(changes.map((c) => c.what)).toEqual([
      'IL HB 1: Signed by the Governor (official action Sat 21 Nov, Open States)',
    ]);
  });
});
