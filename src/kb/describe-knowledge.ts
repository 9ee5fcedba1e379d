import { shortDate, TYPE_LABELS } from './doc-line.js';
import type { Library } from './library.js';
import { DOC_TYPES } from './schema.js';

/** Counts by type ("Laws: 12 · Letters: 30 …") and the last update, as members read them. */
export function describeKnowledge(library: Library): { counts: string; lastUpdated: string | undefined } {
  const counts = library.countsByType();
  const last = library.lastUpdated();
  return {
    counts: DOC_TYPES.filter((t) => counts[t] > 0)
      .map((t) => `${TYPE_LABELS[t]}: ${counts[t]}`)
      .join(' · '),
    lastUpdated: last ? shortDate(last) : undefined,
  };
}
