import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { composeDigest } from '../../src/digest/compose-digest.js';
import type { Store } from '../../src/store/types.js';
import type { FakeOpenStates } from '../fakes/fake-openstates.js';
import {
  addNyA6031,
  addNyS200,
  channelSubscription,
  libraryOf,
  openStatesAndStore,
  passOn,
  SESSIONS,
  trackedBills,
} from './tracking-fixtures.js';

/**
 * A bill withdrawn by its sponsor, and one left in committee when its session ends, as a channel's digest
 * shows them: like any official action (the bill, what happened, when, the official link), and saying in
 * words that the bill will not (or did not) become law.
 */
const library = libraryOf(trackedBills('ny-a-6031', 'ny-s-200'));

let os: FakeOpenStates;
let store: Store;
let s200: string;
beforeEach(async () => {
  ({ os, store } = await openStatesAndStore());
  os.sessions.ny = [SESSIONS.ny];
  addNyA6031(os);
  s200 = addNyS200(os);
});
afterEach(async () => {
  await os.stop();
});

const pass = (day: string) => passOn(day, { library, store, urls: { openstates: os.url } });
const digestText = async (from: string, at: string, over: Record<string, unknown> = {}) => {
  const d = await composeDigest(
    { store, library: () => library },
    channelSubscription('2026-01-01T00:00:00Z', over),
    { at: new Date(from) },
    new Date(at),
  );
  return { d, text: d.messages.flatMap((m) => m.embeds.map((e) => e.description)).join('\n') };
};

describe('bills that end without becoming law, in channel digests', () => {
  it('GIVEN a tracked bill its sponsor withdraws WHEN the next digest is built THEN it lists the withdrawal as an official action with the official link, saying it will not become law; a channel following other places leaves it out', async () => {
    await pass('2026-03-01');
    os.act(s200, {
      date: '2026-03-10',
      description: 'withdrawn by sponsor',
      classification: ['withdrawal'],
    });
    await pass('2026-03-11');
    const { text } = await digestText('2026-03-10T09:00:00Z', '2026-03-11T09:00:00Z');
    expect(text).toContain(
      '• **[Bill ny-s-200](https://openstates.org/ny/bills/2025-2026/S200/)** · US-NY · NY S 200 (2025-2026): withdrawn by sponsor (official action Tue 10 Mar, Open States); withdrawn: it will not become law',
    );
    expect(text).not.toContain('ny-a-6031');
    const elsewhere = await digestText('2026-03-10T09:00:00Z', '2026-03-11T09:00:00Z', {
      jurisdictions: ['US-CA'],
    });
    expect(elsewhere.text).not.toContain('withdrawn by sponsor');
    expect(elsewhere.d.leftOut).toContainEqual(
      expect.objectContaining({ id: 'ny-s-200', reason: expect.stringContaining('outside this channel') }),
    );
  });

  it('GIVEN a tracked bill still in committee WHEN its session ends THEN the next digest says it died when the session ended, dated that day, and that it did not become law', async () => {
    await pass('2026-05-01');
    await pass('2026-07-01');
    const { text } = await digestText('2026-06-30T09:00:00Z', '2026-07-01T09:00:00Z');
    expect(text).toContain(
      '• **[Bill ny-a-6031](https://openstates.org/ny/bills/2025-2026/A6031/)** · US-NY · NY A 6031 (2025-2026): died when 2025-2026 ended (session ended Fri 5 Jun, Open States); it did not become law',
    );
    expect(text).toContain('NY S 200 (2025-2026): died when 2025-2026 ended');
  });
});
