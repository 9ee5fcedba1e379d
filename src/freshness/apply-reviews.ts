import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Library } from '../kb/library.js';
import type { Doc } from '../kb/schema.js';
import type { Store } from '../store/types.js';
import { markApplied, type ReviewRecord, reviewTrail } from './reviews.js';
import { setChecked } from './set-checked.js';

/**
 * Writes `checked: <date>` into `doc`'s file under `root` (the knowledge folder's parent, which `doc.path`
 * is relative to). Returns whether the file changed; a file already recording that check is left alone.
 */
export async function writeChecked(root: string, doc: Doc, date: string): Promise<boolean> {
  const file = join(root, doc.path);
  const next = setChecked(await readFile(file, 'utf8'), date);
  if (next === undefined) return false;
  await writeFile(file, next);
  return true;
}

export interface AppliedReview {
  id: string;
  path: string;
  date: string;
  by: string;
  outcome: 'written' | 'already-recorded' | 'unknown-entry';
}

/**
 * `kb apply-reviews`: for each entry, the latest "Still accurate" not yet written into its file becomes
 * its `checked` date, for a curator to commit. Records are marked applied so a second run does nothing.
 */
export async function applyReviews(
  store: Store,
  library: Library,
  root: string,
  today: string,
  options: { dryRun?: boolean } = {},
): Promise<AppliedReview[]> {
  const pending = new Map<string, ReviewRecord[]>();
  for (const r of await reviewTrail(store)) {
    if (r.decision !== 'accurate' || r.applied) continue;
    pending.set(r.entryId, [...(pending.get(r.entryId) ?? []), r]);
  }
  const results: AppliedReview[] = [];
  for (const [id, records] of [...pending].sort(([a], [b]) => a.localeCompare(b))) {
    const latest = records.at(-1) as ReviewRecord;
    const date = latest.at.slice(0, 10);
    const doc = library.get(id);
    const base = { id, date, by: latest.by.name, path: doc?.path ?? '' };
    if (!doc) {
      results.push({ ...base, outcome: 'unknown-entry' });
      continue;
    }
    if (options.dryRun) {
      results.push({ ...base, outcome: doc.checked && doc.checked >= date ? 'already-recorded' : 'written' });
      continue;
    }
    const written = await writeChecked(root, doc, date);
    for (const r of records) await markApplied(store, r, today);
    results.push({ ...base, outcome: written ? 'written' : 'already-recorded' });
  }
  return results;
}
