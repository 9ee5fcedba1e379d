import type { Library } from '../kb/library.js';
import type { Store } from '../store/types.js';
import { type CheckOptions, checkLinks } from './check-links.js';
import { type LinkResult, linkResults, saveLinkResult } from './link-results.js';

export const RECHECK_AFTER_DAYS = 7;

export interface LinkCheckRun {
  /** Every source URL with its entries, and its result (new, or stored from the last week). */
  links: { url: string; entries: string[]; result: LinkResult | undefined; fresh: boolean }[];
  checked: number;
  skipped: number;
  retries: number;
  ms: number;
}

/**
 * Checks the knowledge base's source URLs that were not checked in the last `recheckAfterDays` (all of
 * them with `all`), saving each result in the store as it comes, so a daily run checks each URL at most
 * weekly and an interrupted run keeps what it learnt.
 */
export async function runLinkCheck(
  library: Library,
  store: Store,
  options: CheckOptions & { now: () => Date; all?: boolean; recheckAfterDays?: number },
): Promise<LinkCheckRun> {
  const entries = new Map<string, string[]>();
  for (const doc of library.docs)
    for (const s of doc.sources) entries.set(s.url, [...new Set([...(entries.get(s.url) ?? []), doc.id])]);
  const stored = await linkResults(store);
  const cutoff = new Date(
    options.now().getTime() - (options.recheckAfterDays ?? RECHECK_AFTER_DAYS) * 86_400_000,
  );
  const due = [...entries.keys()].filter((url) => {
    const last = stored.get(url);
    return options.all || !last || new Date(last.checkedAt) <= cutoff;
  });
  const saving: Promise<void>[] = [];
  const report = await checkLinks(due, {
    ...options,
    onResult: (r) => {
      saving.push(saveLinkResult(store, r));
      options.onResult?.(r);
    },
  });
  await Promise.all(saving);
  const fresh = new Map(report.results.map((r) => [r.url, r]));
  return {
    links: [...entries].map(([url, ids]) => ({
      url,
      entries: ids,
      result: fresh.get(url) ?? stored.get(url),
      fresh: fresh.has(url),
    })),
    checked: due.length,
    skipped: entries.size - due.length,
    retries: report.retries,
    ms: report.ms,
  };
}
