import { type Doc, isLawLike } from '../kb/schema.js';
import type { Store } from '../store/types.js';
import { assessFreshness, type Freshness, freshnessLine } from './assess.js';
import { DEFAULT_POLICY, type Policy } from './policy.js';
import { reviewState } from './reviews.js';

export interface FreshnessDeps {
  store: Store;
  policy?: Policy | undefined;
  /** "Today", YYYY-MM-DD. */
  today: string;
}

/**
 * How fresh `doc` is for a member-facing card or answer, curators' decisions included. A store that
 * cannot be read leaves them out (the files' own dates still apply): a card never fails over freshness.
 */
export async function entryFreshness(doc: Doc, deps: FreshnessDeps): Promise<Freshness> {
  const review = await reviewState(deps.store, doc.id).catch(() => undefined);
  return assessFreshness(doc, { today: deps.today, policy: deps.policy ?? DEFAULT_POLICY, review });
}

/**
 * One line per law or bill an answer cites: "Illinois BIPA: status checked 2 Aug 2024 (2 years ago)", or
 * "…: ⚠️ may be out of date — last checked …", for the answer's footer notes.
 */
export async function lawFreshnessNotes(docs: readonly Doc[], deps: FreshnessDeps): Promise<string[]> {
  const laws = docs.filter(isLawLike);
  const assessed = await Promise.all(laws.map((d) => entryFreshness(d, deps)));
  return assessed.map(
    (f, i) => `${laws[i]?.title}: ${f.overdue ? '⚠️ ' : ''}${freshnessLine(f, deps.today)}`,
  );
}
