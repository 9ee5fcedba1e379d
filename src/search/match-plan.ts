import type { QueryConcept } from './types.js';

/**
 * Postings (passages containing a query's words, summed) above which one OR query over every concept is
 * too slow to score on two cores; see matchPlans().
 */
const POSTINGS_BUDGET = 6_000;

/** One FTS5 MATCH to run; `complete` when running it to the end finds every passage any concept matches. */
export interface MatchPlan {
  match: string;
  complete: boolean;
}

/**
 * The FTS5 queries to run, in order, for the known concepts (`postings`: how many passages hold a concept).
 * On a small index, one OR of every concept, reranked by coverage. When the concepts' posting lists are
 * long (a large knowledge base, common words), scoring every match is what costs: first an AND of all
 * concepts (cheap, and the best answers), then, if that found too little, an OR of the rarer concepts only;
 * the common ones still count in the coverage rerank.
 */
export function matchPlans(known: QueryConcept[], postings: (c: QueryConcept) => number): MatchPlan[] {
  const plans: MatchPlan[] = [];
  const total = known.reduce((n, c) => n + postings(c), 0);
  if (total <= POSTINGS_BUDGET || known.length === 1) {
    plans.push({ match: orOf(known), complete: true });
  } else {
    plans.push({ match: andOf(known), complete: false });
    const rarest = [...known].sort((a, b) => postings(a) - postings(b));
    const kept: QueryConcept[] = [];
    let cost = 0;
    for (const c of rarest) {
      if (kept.length > 0 && cost + postings(c) > POSTINGS_BUDGET) break;
      kept.push(c);
      cost += postings(c);
    }
    plans.push({ match: orOf(kept), complete: kept.length === known.length });
  }
  return plans;
}

/** FTS5 query text for one concept: any of its variants, phrases quoted. */
const anyVariant = (c: QueryConcept) => `(${c.variants.map((v) => `"${v}"`).join(' OR ')})`;
/** Passages with any concept; BM25 and the coverage rerank reward those with more. */
const orOf = (concepts: QueryConcept[]) => concepts.map(anyVariant).join(' OR ');
/** Passages with every concept. */
const andOf = (concepts: QueryConcept[]) => concepts.map(anyVariant).join(' AND ');
