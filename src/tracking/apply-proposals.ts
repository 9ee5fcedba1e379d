import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Library } from '../kb/library.js';
import { isLawLike } from '../kb/schema.js';
import type { Store } from '../store/types.js';
import { statusProposals, trackingKeys } from './tracking-records.js';

/**
 * Sets one-line front-matter keys (`status: enacted`) in an entry's file and changes nothing else: every
 * other byte (comments, quoting, key order, line endings, the body) stays as the curator wrote it.
 * Only keys already present are changed; undefined when nothing changed.
 */
export function setFrontMatter(text: string, values: Record<string, string>): string | undefined {
  const newline = text.includes('\r\n') ? '\r\n' : '\n';
  const lines = text.split(newline);
  const close = lines.findIndex((l, i) => i > 0 && /^---[ \t]*$/.test(l));
  if (!/^(\uFEFF)?---[ \t]*$/.test(lines[0] ?? '') || close < 0) throw new Error('front matter not found');
  let changed = false;
  for (const [key, value] of Object.entries(values)) {
    const i = lines.findIndex((l, n) => n > 0 && n < close && new RegExp(`^${key}[ \\t]*:`).test(l));
    if (i < 0) throw new Error(`${key}: not found in the front matter`);
    const comment = /([ \t]+#.*)$/.exec(lines[i] ?? '')?.[1] ?? '';
    const next = `${key}: ${value}${comment}`;
    if (lines[i] !== next) {
      lines[i] = next;
      changed = true;
    }
  }
  return changed ? lines.join(newline) : undefined;
}

export interface AppliedProposal {
  id: string;
  path: string;
  status: string;
  date: string;
  outcome: 'written' | 'already-recorded' | 'unknown-entry';
}

/**
 * `kb track --apply`: each standing status proposal is written into its entry's file (`status` and
 * `status_as_of`) for a curator to review and commit, like any other curated change; then it is settled.
 */
export async function applyProposals(
  store: Store,
  library: Library,
  root: string,
  options: { dryRun?: boolean } = {},
): Promise<AppliedProposal[]> {
  const results: AppliedProposal[] = [];
  for (const p of await statusProposals(store)) {
    const doc = library.get(p.entryId);
    const base = { id: p.entryId, path: doc?.path ?? '', status: p.status, date: p.date };
    if (!doc || !isLawLike(doc)) {
      results.push({ ...base, outcome: 'unknown-entry' });
      continue;
    }
    const file = join(root, doc.path);
    const next = setFrontMatter(await readFile(file, 'utf8'), { status: p.status, status_as_of: p.date });
    if (!options.dryRun) {
      if (next !== undefined) await writeFile(file, next);
      await store.delete(trackingKeys.proposal(p.entryId));
    }
    results.push({ ...base, outcome: next === undefined ? 'already-recorded' : 'written' });
  }
  return results;
}
