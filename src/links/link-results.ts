import { createHash } from 'node:crypto';
import { z } from 'zod';
import type { Store } from '../store/types.js';

/**
 * What a link check found for one URL, kept in the store with its date so a daily run checks each URL at
 * most once a week, and so `kb stale`, /kb review and the curators' digest can show broken links.
 */
export const LINK_OUTCOMES = ['ok', 'redirected', 'moved', 'broken', 'unreachable'] as const;
export type LinkOutcome = (typeof LINK_OUTCOMES)[number];

export const LinkResult = z.object({
  url: z.string(),
  /** ISO instant of the check. */
  checkedAt: z.string(),
  /**
   * ok: 2xx. redirected: a temporary redirect to a page that answers. moved: a permanent redirect (301,
   * 308) to a page that answers: use `finalUrl`. broken: 404, 410 or a name that does not resolve.
   * unreachable: timeouts, resets, 5xx, 429 or 403 after retries: tried again next run, not called broken.
   */
  outcome: z.enum(LINK_OUTCOMES),
  status: z.number().optional(),
  detail: z.string(),
  finalUrl: z.string().optional(),
  /** Plain http:// (flagged whatever the outcome). */
  insecure: z.boolean(),
  /** Requests made (a GET after a refused HEAD counts), and how many of them were retries. */
  attempts: z.number(),
  retries: z.number().optional(),
  ms: z.number(),
});
export type LinkResult = z.infer<typeof LinkResult>;

const PREFIX = 'links:result:';
export const linkKey = (url: string) =>
  `${PREFIX}${createHash('sha256').update(url).digest('hex').slice(0, 24)}`;

export async function saveLinkResult(store: Store, result: LinkResult): Promise<void> {
  await store.set(linkKey(result.url), result);
}

/** Every stored result, by URL. */
export async function linkResults(store: Store): Promise<Map<string, LinkResult>> {
  const results = new Map<string, LinkResult>();
  for (const { value } of await store.list(PREFIX)) {
    const parsed = LinkResult.safeParse(value);
    if (parsed.success) results.set(parsed.data.url, parsed.data);
  }
  return results;
}
