import { dirname } from 'node:path';
import { parseArgs } from 'node:util';
import { applyReviews } from '../freshness/apply-reviews.js';
import { loadLibrary } from '../kb/load-library.js';
import { openCliStore } from './open-store.js';

export const APPLY_USAGE =
  'kb apply-reviews [--dry-run]                 write curators\' "Still accurate" checks into the files';

/**
 * `kb apply-reviews`: writes the checks curators recorded in Discord into the entries' `checked` fields
 * (every other byte of each file unchanged), for a curator to review and commit. Exit 1 when the store
 * cannot be read.
 */
export async function kbApplyReviews(
  args: string[],
  env: { KNOWLEDGE_DIR?: string | undefined; STORE_URL?: string | undefined },
  out: (line: string) => void,
  err: (line: string) => void,
): Promise<number> {
  const { values } = parseArgs({ args, options: { 'dry-run': { type: 'boolean', default: false } } });
  const dir = env.KNOWLEDGE_DIR || 'knowledge';
  const today = new Date().toISOString().slice(0, 10);
  const { library } = await loadLibrary(dir, { today });
  const store = await openCliStore(env, err);
  if (!store) return 1;
  try {
    const results = await applyReviews(store, library, dirname(dir), today, { dryRun: values['dry-run'] });
    const written = results.filter((r) => r.outcome === 'written').length;
    out(
      `kb apply-reviews: ${written} file${written === 1 ? '' : 's'} ${values['dry-run'] ? 'would be ' : ''}updated, ${results.length - written} unchanged`,
    );
    for (const r of results)
      out(`  ${r.outcome === 'unknown-entry' ? r.id : r.path}: checked ${r.date} (by ${r.by}): ${r.outcome}`);
    return 0;
  } finally {
    await store.close();
  }
}
