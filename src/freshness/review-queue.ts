import type { Library } from '../kb/library.js';
import { linkProblemsByEntry } from '../links/link-problems.js';
import type { Store } from '../store/types.js';
import { SOURCE_NAMES } from '../tracking/tracked-items.js';
import { statusProposals } from '../tracking/tracking-records.js';
import { type Freshness, staleEntries } from './assess.js';
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
  const [reviews, links, proposals] = await Promise.all([
    reviewStates(deps.store),
    linkProblemsByEntry(deps.store, deps.library),
    statusProposals(deps.store).catch(() => []),
  ]);
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
  return staleEntries(deps.library, {
    today: deps.today,
    policy: deps.policy ?? DEFAULT_POLICY,
    reviews,
    links,
    official,
  });
}
