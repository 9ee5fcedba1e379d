import { type Freshness, staleEntries } from '../freshness/assess.js';
import { parseDays } from '../freshness/dates.js';
import { loadPolicy } from '../freshness/policy.js';
import { trackingFindings } from '../freshness/review-queue.js';
import { reviewStates } from '../freshness/reviews.js';
import { shortDate } from '../kb/doc-line.js';
import { loadLibrary } from '../kb/load-library.js';
import { DOC_TYPES, type DocType, isCalendarDate } from '../kb/schema.js';
import { linkProblemsByEntry } from '../links/link-problems.js';
import { createStore } from '../store/create-store.js';
import { CliUsageError } from './ask.js';
import { type CliCommand, knowledgeDirOf, parseKbArgs, problemsLine } from './cli-knowledge.js';

export const STALE_USAGE =
  'kb stale [--json] [--type T] [--within 30d] [--today YYYY-MM-DD]   entries due for review, most urgent first';

/**
 * `kb stale`: entries due or overdue for a curator's review, most urgent first, each with its reasons
 * and a suggestion. Reads curators' decisions, link-check results and bill tracking's status proposals and
 * notices from the store when it can; without a store the list still comes from the files alone. Always
 * exits 0 (the count is the answer).
 */
export const kbStale: CliCommand = async (args, env, out, err) => {
  const values = parseKbArgs(args, {
    type: { type: 'string' },
    within: { type: 'string' },
    today: { type: 'string' },
  });
  if (values.type && !DOC_TYPES.includes(values.type as DocType))
    throw new CliUsageError(`--type: expected one of ${DOC_TYPES.join(', ')}, got "${values.type}"`);
  const withinDays = values.within === undefined ? 0 : parseDays(values.within);
  if (withinDays === undefined)
    throw new CliUsageError(`--within: expected a number of days like 30d or 2w, got "${values.within}"`);
  if (values.today !== undefined && !isCalendarDate(values.today))
    throw new CliUsageError(`--today: expected YYYY-MM-DD, got "${values.today}"`);
  const today = values.today ?? new Date().toISOString().slice(0, 10);

  const dir = knowledgeDirOf(env);
  const [report, policy] = await Promise.all([loadLibrary(dir, { today }), loadPolicy(dir)]);
  const problems = report.problems.length + policy.problems.length;
  if (problems > 0) err(problemsLine(problems, dir));

  let reviews = new Map();
  let links = new Map();
  let tracking: Awaited<ReturnType<typeof trackingFindings>> | undefined;
  try {
    const store = await createStore(env.STORE_URL || undefined);
    try {
      reviews = await reviewStates(store);
      links = await linkProblemsByEntry(store, report.library);
      tracking = await trackingFindings(store, report.library);
    } finally {
      await store.close();
    }
  } catch (error) {
    err(
      `dossier: store unavailable (${(error as Error).message}); curators' decisions, link checks and bill tracking left out`,
    );
  }
  const entries = staleEntries(report.library, {
    today,
    policy: policy.policy,
    reviews,
    links,
    ...tracking,
    type: values.type as DocType | undefined,
    withinDays,
  });
  if (values.json) {
    out(JSON.stringify({ today, count: entries.length, entries }, null, 2));
    return 0;
  }
  const overdue = entries.filter((e) => e.overdue).length;
  out(
    `kb stale ${today}: ${entries.length} entr${entries.length === 1 ? 'y' : 'ies'} due for review` +
      (withinDays > 0
        ? ` (${overdue} overdue, ${entries.length - overdue} due within ${withinDays} days)`
        : ''),
  );
  entries.forEach((e, i) => out(renderEntry(e, i + 1)));
  return 0;
};

function renderEntry(e: Freshness, n: number): string {
  const when = e.overdue
    ? `overdue since ${shortDate(e.dueOn)} (${e.overdueDays} day${e.overdueDays === 1 ? '' : 's'})`
    : `due ${shortDate(e.dueOn)} (in ${-e.overdueDays} days)`;
  return [
    `${n}. ${e.id} (${e.type}): ${when}`,
    `   ${e.path}`,
    ...e.reasons.map((r) => `   - ${r.text}`),
    `   → ${e.suggestion}`,
  ].join('\n');
}
