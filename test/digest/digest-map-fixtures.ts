import type { DigestDeps } from '../../src/digest/run-digest-tick.js';
import { recordStatuses } from '../../src/digest/status-history.js';
import type { Library } from '../../src/kb/library.js';
import { bipaAsOf, entry, libraryOf } from './fixture-library.js';

// The base the digest map tests share: Illinois's law changing status between the base Dossier saw when
// the channel subscribed and the one it digests, Texas's law unchanged, and a letter (no law, no map).

export const GUILD = '100000000000000001';
export const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
/** Subscribed the day before; the first digest covers 21 and 22 November 2026. */
export const SUBSCRIBED = new Date('2026-11-21T10:00:00Z');
export const DUE = new Date('2026-11-22T09:00:00Z');

/** Illinois's law as Dossier saw it when the channel subscribed: enacted, checked on 1 January. */
export const bipaBefore = bipaAsOf('enacted', '2026-01-01');
export const letter = entry('ban-letter', 'letter', {
  title: 'Coalition letter calling for a face recognition ban',
  date: '2021-11-22',
  added: '2026-11-22',
  authors: ['Privacy Coalition'],
  recipients: ['Congress'],
});

/** Dossier looked at `entries` as the base before the digest (the statuses it records as seen then). */
export async function seen(store: DigestDeps['store'], entries: Record<string, unknown>[] | Library) {
  await recordStatuses(store, Array.isArray(entries) ? libraryOf(entries) : entries, SUBSCRIBED);
}
