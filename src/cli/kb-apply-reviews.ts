import { dirname } from 'node:path';
import { parseArgs } from 'node:util';
import { applyReviews } from '../freshness/apply-reviews.js';
import { type KbEnv, knowledgeDirOf, loadCliLibrary } from './cli-knowledge.js';
import { withCliStore } from './open-store.js';

export const APPLY_USAGE =
  'kb apply-reviews [--dry-run]                 write curators\' "Still accurate" checks into the files';

/**
 * `kb apply-reviews`: writes the checks curators recorded in Discord into the entries' `checked` fields
 * (every other byte of each file unchanged), for a curator to review and commit. Exit 1 when the store
 * cannot be read.
 */
export async function kbApplyReviews(
  args: string[],
  env: KbEnv,
  out: (line: string) => void,
  err: (line: string) => void,
): Promise<number> {
  const { values } = parseArgs({ args, options: { 'dry-run': { type: 'boolean', default: false } } });
  const dir = knowledgeDirOf(env);
  const today = new Date().toISOString().slice(0, 10);
  const { library } = await loadCliLibrary(dir, today, err);
  return withCliStore(env, err, async (store) => {
    const results = await applyReviews(store, library, dirname(dir), today, { dryRun: values['dry-run'] });
    const written = results.filter((r) => r.outcome === 'written').length;
    out(
      `kb apply-reviews: ${written} file${written === 1 ? '' : 's'} ${values['dry-run'] ? 'would be ' : ''}updated, ${results.length - written} unchanged`,
    );
    for (const r of results)
      out(`  ${r.outcome === 'unknown-entry' ? r.id : r.path}: checked ${r.date} (by ${r.by}): ${r.outcome}`);
    return 0;
  });
}
