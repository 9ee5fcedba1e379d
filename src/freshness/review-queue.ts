import type { Library } from '../kb/library.js';
import { linkProblemsByEntry } from '../links/link-problems.js';
import type { Store } from '../store/types.js';
import { SOURCE_NAMES, trackedItems } from '../tracking/tracked-items.js';
import { statusProposals, trackingNotices } from '../tracking/tracking-records.js';
import { type Freshness, type OfficialNotice, type OfficialStatus, staleEntries } from './assess.js';
import { DEFAULT_POLICY, type Policy } from './policy.js';
import { reviewStates } from './reviews.js';

export interface QueueDeps {
  library: Library;
  policy?: Policy | undefined;
  store: Store;
  today: string;
}

/** What curators should review now, most urgent first: the stale report with their decisions and link checks. */
export async function reviewQueue(deps: QueueDeps): Promise<Freshness[]> {
  const [reviews, links, tracking] = await Promise.all([
    reviewStates(deps.store),
    linkProblemsByEntry(deps.store, deps.library),
    trackingFindings(deps.store, deps.library),
  ]);
  return staleEntries(deps.library, {
    today: deps.today,
    policy: deps.policy ?? DEFAULT_POLICY,
    reviews,
    links,
    ...tracking,
  });
}

/**
 * What bill tracking (src/tracking) left for curators, by entry: status proposals, and notices of bills
 * renumbered, removed, substituted or withdrawn. Only for bills entries still track: a reference a curator
 * already changed leaves its notices behind. Empty when the store cannot be read.
 */
export async function trackingFindings(
  store: Store,
  library: Library,
): Promise<{ official: Map<string, OfficialStatus>; notices: Map<string, OfficialNotice[]> }> {
  const [proposals, standing] = await Promise.all([
    statusProposals(store).catch(() => []),
    trackingNotices(store).catch(() => []),
  ]);
  const tracked = new Set(trackedItems(library).map((i) => i.key));
  const notices = new Map<string, OfficialNotice[]>();
  for (const n of standing) {
    if (!tracked.has(n.key)) continue;
    const list = notices.get(n.entryId) ?? [];
    list.push({
      kind: n.kind,
      source: `${SOURCE_NAMES[n.source]} ${n.label}`,
      text: n.text,
      url: n.url,
      reference: n.reference,
      seenOn: n.seenAt.slice(0, 10),
    });
    notices.set(n.entryId, list);
  }
  const official = new Map(
    proposals.map((p) => [
      p.entryId,
      {
        status: p.status,
        date: p.date,
        action: p.action,
        source: `${SOURCE_NAMES[p.source]} ${p.label}`,
        url: p.url,
        seenOn: p.seenAt.slice(0, 10),
      },
    ]),
  );
  return { official, notices };
}
