import type { LinkProblem } from '../freshness/assess.js';
import type { Library } from '../kb/library.js';
import type { Store } from '../store/types.js';
import { type LinkResult, linkResults } from './link-results.js';

/** Broken and permanently moved source links, by the id of each entry citing them. */
export function linkProblemsFrom(
  library: Library,
  results: ReadonlyMap<string, LinkResult>,
): Map<string, LinkProblem[]> {
  const byEntry = new Map<string, LinkProblem[]>();
  for (const doc of library.docs) {
    for (const source of doc.sources) {
      const r = results.get(source.url);
      if (!r || (r.outcome !== 'broken' && r.outcome !== 'moved')) continue;
      const problem: LinkProblem = {
        url: r.url,
        checkedOn: r.checkedAt.slice(0, 10),
        kind: r.outcome === 'broken' ? 'broken' : 'moved',
        detail: r.detail,
        ...(r.finalUrl ? { replacement: r.finalUrl } : {}),
      };
      byEntry.set(doc.id, [...(byEntry.get(doc.id) ?? []), problem]);
    }
  }
  return byEntry;
}

export async function linkProblemsByEntry(
  store: Store,
  library: Library,
): Promise<Map<string, LinkProblem[]>> {
  return linkProblemsFrom(library, await linkResults(store));
}
