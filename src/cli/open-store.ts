import { createStore } from '../store/create-store.js';
import type { Store } from '../store/types.js';

/**
 * The store a CLI command records into (STORE_URL, else the default SQLite file). Undefined, after one
 * line on stderr, when it cannot be opened: the command then exits 1 rather than lose what it would record.
 */
export async function openCliStore(
  env: { STORE_URL?: string | undefined },
  err: (line: string) => void,
): Promise<Store | undefined> {
  try {
    return await createStore(env.STORE_URL || undefined);
  } catch (error) {
    err(`dossier: store unavailable: ${(error as Error).message}`);
    return undefined;
  }
}

/**
 * Runs `work` with the CLI's store and closes the store after, whatever happens; 1 (after one line on
 * stderr) when the store cannot be opened.
 */
export async function withCliStore(
  env: { STORE_URL?: string | undefined },
  err: (line: string) => void,
  work: (store: Store) => Promise<number>,
): Promise<number> {
  const store = await openCliStore(env, err);
  if (!store) return 1;
  try {
    return await work(store);
  } finally {
    await store.close();
  }
}
