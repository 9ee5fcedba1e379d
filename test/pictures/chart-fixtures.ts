import type { Library } from '../../src/kb/library.js';
import { entry, law, libraryOf } from '../digest/fixture-library.js';

const STATES = ['US-IL', 'US-TX', 'US-WA', 'US-CA', 'US-NY', 'US-CO', 'US-MA', 'US-OR', 'US-VT'];

/**
 * A crowded, dated knowledge base for pictures: 27 laws over nine states (two milestones each for some),
 * letters to and statements by two companies, an extension and a reversal. Dates are fixed so snapshots
 * stay the same.
 */
export function chartLibrary(): Library {
  const entries: Record<string, unknown>[] = [];
  for (let i = 0; i < 27; i++) {
    const year = 2008 + Math.floor((i * 17) / 27);
    const month = String(1 + ((i * 5) % 12)).padStart(2, '0');
    entries.push(
      law(`law-${i}`, {
        title: `Biometric privacy law number ${i} with a rather long official title`,
        jurisdiction: STATES[i % STATES.length],
        date: `${year}-${month}-15`,
        added: '2026-01-01',
        milestones: i % 4 === 0 ? [{ date: `${year + 1}-01-01`, label: `Law ${i} takes effect` }] : [],
      }),
    );
  }
  const letter = (id: string, date: string, to: string, related: string[] = []) =>
    entry(id, 'letter', {
      title: `Coalition letter ${id} asking ${to} to stop selling face recognition to police`,
      date,
      added: '2026-01-01',
      authors: ['Privacy Coalition'],
      recipients: [to],
      related,
    });
  const statement = (id: string, org: string, date: string, extra: Record<string, unknown> = {}) =>
    entry(id, 'statement', {
      title: `${org} statement ${id} on face recognition for police`,
      organization: org,
      date,
      added: '2026-01-01',
      ...extra,
    });
  entries.push(
    letter('letter-a', '2018-05-22', 'Acme'),
    letter('letter-b', '2019-01-15', 'Acme'),
    letter('letter-c', '2019-03-01', 'Globex', ['globex-principles']),
    statement('acme-pause', 'Acme', '2020-06-10', { commitments: ['No police use for one year'] }),
    statement('acme-extends', 'Acme', '2021-05-18', {
      commitments: ['No police use until further notice'],
      tags: ['extension'],
      related: ['acme-pause'],
    }),
    statement('acme-comment', 'Acme', '2019-02-01'),
    statement('globex-principles', 'Globex', '2018-12-06', { commitments: ['Six principles'] }),
    statement('globex-shutdown', 'Globex', '2021-11-02', { commitments: ['Delete face templates'] }),
    statement('globex-return', 'Globex', '2024-10-21', { tags: ['reversal'], related: ['globex-shutdown'] }),
  );
  return libraryOf(entries);
}
