import { readFileSync } from 'node:fs';
import { stringify } from 'yaml';
import type { Library } from '../../src/kb/library.js';
import { buildLibrary } from '../../src/kb/load-library.js';
import { parsePlaces } from '../../src/kb/places.js';

/** The fixture knowledge's places table, so digests name places as the bot does. */
const PLACES = parsePlaces(
  'knowledge/jurisdictions.yml',
  readFileSync('test/fixtures/knowledge/jurisdictions.yml', 'utf8'),
).places;

/** Fixture knowledge for digests, as of 2026-11-22: built from front matter so the real loader validates it. */
export const TODAY = '2026-11-22';

const base = (id: string, type: string, extra: Record<string, unknown>) => ({
  id,
  type,
  title: extra.title ?? id,
  summary: `Summary of ${id}.`,
  sources: [{ url: `https://example.org/${id}`, title: `Source for ${id}` }],
  ...extra,
});

const law = (id: string, extra: Record<string, unknown>) =>
  base(id, 'law', { status: 'in-force', status_as_of: '2026-01-01', ...extra });

export const FIXTURE_ENTRIES = [
  law('eu-ai-act', {
    title: 'EU Artificial Intelligence Act',
    jurisdiction: 'EU',
    date: '2024-06-13',
    added: '2026-11-01',
    updated: '2026-11-21',
    effective: '2026-11-30',
    milestones: [{ date: '2026-12-02', label: 'Obligations for general-purpose AI apply' }],
  }),
  law('bipa-fixture', {
    title: 'Illinois Biometric Information Privacy Act',
    jurisdiction: 'US-IL',
    date: '2008-11-22',
    added: '2026-01-10',
  }),
  base('ban-letter', 'letter', {
    title: 'Coalition letter calling for a face recognition ban',
    date: '2021-11-22',
    added: '2026-11-22',
    authors: ['Privacy Coalition'],
    recipients: ['Congress'],
  }),
  base('acme-statement', 'statement', {
    title: 'Acme pauses face recognition sales',
    organization: 'Acme',
    date: '2026-11-20',
    added: '2026-11-21',
  }),
  base('old-case', 'case', {
    title: 'An old case',
    date: '2019-05-01',
    added: '2025-01-01',
    court: 'Supreme Court',
    parties: ['A', 'B'],
    outcome: 'Decided',
  }),
  base('ca-bill', 'bill', {
    title: 'California surveillance moratorium bill',
    jurisdiction: 'US-CA',
    status: 'proposed',
    status_as_of: '2026-11-01',
    date: '2026-02-01',
    added: '2026-11-15',
    sunset: '2026-11-25',
    milestones: [{ date: '2026-12-20', label: 'Committee hearing' }],
  }),
];

/**
 * Illinois's law with `status` as checked on `statusAsOf`: curated that day (an updated entry) when that
 * is after the entry was added. The digest tests change its status between the base Dossier saw and the next.
 */
export const bipaAsOf = (status: string, statusAsOf: string) =>
  law('bipa-fixture', {
    title: 'Illinois Biometric Information Privacy Act',
    jurisdiction: 'US-IL',
    date: '2008-10-03',
    added: '2026-01-10',
    ...(statusAsOf > '2026-01-10' ? { updated: statusAsOf } : {}),
    status,
    status_as_of: statusAsOf,
    tags: ['biometrics', 'consent', 'private-sector'],
    provisions: { private_right_of_action: true },
  });

/** Texas's law, in force and unchanged since it was added: beside Illinois's on the same map layer. */
export const texasCubi = law('tx-cubi', {
  title: 'Texas Capture or Use of Biometric Identifier Act',
  jurisdiction: 'US-TX',
  date: '2009-05-01',
  added: '2026-01-10',
  tags: ['biometrics', 'consent', 'private-sector'],
});

export function libraryOf(entries: Record<string, unknown>[], today = TODAY): Library {
  const sources = entries.map((e) => ({
    path: `knowledge/${e.type}s/${e.id}.md`,
    text: `---\n${stringify(e)}---\n\nBody of ${e.id}.\n`,
  }));
  const { library, problems } = buildLibrary(sources, { today, places: PLACES });
  if (problems.length > 0) throw new Error(`fixture: ${JSON.stringify(problems, null, 2)}`);
  return library;
}

export const fixtureLibrary = () => libraryOf(FIXTURE_ENTRIES);

export { base as entry, law };
