import { buildCuratorDigest, type InboxSuggestion } from '../freshness/curator-digest.js';
import type { Policy } from '../freshness/policy.js';
import { reviewQueue } from '../freshness/review-queue.js';
import type { Library } from '../kb/library.js';
import type { Store } from '../store/types.js';
import { IN_INBOX, Suggestion, suggestionPrefix } from '../suggest/suggestion.js';
import { SOURCE_NAMES } from '../tracking/tracked-items.js';
import { changesSince } from '../tracking/tracking-records.js';
import { isLawLike } from '../kb/schema.js';
import { buildDigest, type Digest, filterReason, type OfficialUpdate, type Since } from './build-digest.js';
import { recordStatusesOnce, statusChangesBetween } from './status-history.js';
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
  if (sub.audience !== 'curators') {
    const digest = buildDigest(library, sub, since, now, await officialUpdates(deps.store, sub, since, now));
    const statusChanges = await recordedChanges(deps.store, library, sub, since, now);
    return statusChanges.length ? { ...digest, statusChanges } : digest;
  }
  const queue = await reviewQueue({
    library,
    policy: deps.policy?.(),
    store: deps.store,
    today: localDate(now, sub.timezone),
  });
  return buildCuratorDigest(queue, sub, since, now, library.version, await inbox(deps.store, sub.guildId));
}

/** The start of the window a digest reports from: its previous digest, or the day before the subscription. */
function windowFrom(sub: Subscription, since: Since | undefined): Date {
  return since?.at ?? new Date(Date.parse(sub.createdAt) - 24 * 3_600_000);
}

/**
 * The statuses seen changing since the previous digest, within the channel's filters, after recording the
 * statuses of the base this digest is built from (status-history.ts). Only channels that asked for the map
 * read them; every members' digest records, so changes are dated when first seen. None when the store
 * cannot be read: a digest never fails over them.
 */
async function recordedChanges(
  store: Store,
  library: Library,
  sub: Subscription,
  since: Since | undefined,
  now: Date,
): Promise<NonNullable<Digest['statusChanges']>> {
  try {
    await recordStatusesOnce(store, library, now);
    if (!sub.attachMap) return [];
    const changes = await statusChangesBetween(
      store,
      windowFrom(sub, since).toISOString(),
      now.toISOString(),
    );
    return changes.flatMap((change) => {
      const doc = library.get(change.entryId);
      // A process still serving another status than the one recorded does not report it.
      if (!doc || !isLawLike(doc) || doc.status !== change.status || filterReason(doc, sub)) return [];
      return [{ doc, change }];
    });
  } catch {
    return [];
  }
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
  const from = windowFrom(sub, since);
  const changes = await changesSince(store, from.toISOString(), now.toISOString()).catch(() => []);
  return changes.map((c) => ({
    entryId: c.entryId,
    key: c.key,
    label: c.label,
    source: SOURCE_NAMES[c.source],
    url: c.url,
    date: c.action.date,
    text: c.action.text,
    end: ENDS_WITHOUT_LAW.find((e) => e === c.action.stage),
  }));
}

/** The stages that end a bill without it becoming law, which the digest line says in words. */
const ENDS_WITHOUT_LAW = ['vetoed', 'failed', 'withdrawn', 'substituted', 'died'] as const;

/** The server's suggestions still in the curators' inbox (src/suggest); none when the store holds none. */
async function inbox(store: Store, guildId: string): Promise<InboxSuggestion[]> {
  const items: InboxSuggestion[] = [];
  for (const { value } of await store.list(suggestionPrefix(guildId))) {
    const parsed = Suggestion.safeParse(value);
    if (parsed.success && IN_INBOX.includes(parsed.data.status)) items.push(parsed.data);
  }
  return items.sort((a, b) => a.createdAt.localeCompare(b.createdAt));
}
