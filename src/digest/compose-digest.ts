import { buildCuratorDigest, type InboxSuggestion } from '../freshness/curator-digest.js';
import type { Policy } from '../freshness/policy.js';
import { reviewQueue } from '../freshness/review-queue.js';
import type { Library } from '../kb/library.js';
import type { Store } from '../store/types.js';
import { IN_INBOX, Suggestion, suggestionPrefix } from '../suggest/suggestion.js';
import { SOURCE_NAMES } from '../tracking/tracked-items.js';
import { changesSince } from '../tracking/tracking-records.js';
import { buildDigest, type Digest, type OfficialUpdate, type Since } from './build-digest.js';
import type { Subscription } from './subscription.js';
import { localDate } from './zoned-time.js';

/**
 * The digest a subscription gets: members' (what is new, coming up, anniversaries) or curators' (what fell
 * due for review, broken source links and new suggestions, read from the store).
 */
export async function composeDigest(
  deps: { store: Store; library: () => Library; policy?: (() => Policy | undefined) | undefined },
  sub: Subscription,
  since: Since | undefined,
  now: Date,
): Promise<Digest> {
  const library = deps.library();
  if (sub.audience !== 'curators')
    return buildDigest(library, sub, since, now, await officialUpdates(deps.store, sub, since, now));
  const queue = await reviewQueue({
    library,
    policy: deps.policy?.(),
    store: deps.store,
    today: localDate(now, sub.timezone),
  });
  return buildCuratorDigest(queue, sub, since, now, library.version, await inbox(deps.store, sub.guildId));
}

/**
 * What bill tracking saw move since the previous digest (the first digest: since the day before the
 * subscription); none when the store cannot be read, so a digest never fails over tracking.
 */
async function officialUpdates(
  store: Store,
  sub: Subscription,
  since: Since | undefined,
  now: Date,
): Promise<OfficialUpdate[]> {
  const from = since?.at ?? new Date(Date.parse(sub.createdAt) - 24 * 3_600_000);
  const changes = await changesSince(store, from.toISOString(), now.toISOString()).catch(() => []);
  return changes.map((c) => ({
    entryId: c.entryId,
    key: c.key,
    label: c.label,
    source: SOURCE_NAMES[c.source],
    url: c.url,
    date: c.action.date,
    text: c.action.text,
  }));
}

/** The server's suggestions still in the curators' inbox (src/suggest); none when the store holds none. */
async function inbox(store: Store, guildId: string): Promise<InboxSuggestion[]> {
  const items: InboxSuggestion[] = [];
  for (const { value } of await store.list(suggestionPrefix(guildId))) {
    const parsed = Suggestion.safeParse(value);
    if (parsed.success && IN_INBOX.includes(parsed.data.status)) items.push(parsed.data);
  }
  return items.sort((a, b) => a.createdAt.localeCompare(b.createdAt));
}
