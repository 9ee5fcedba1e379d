import { mkdtempSync, rmdirSync, rmSync, unlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * Opens a new file only this process can reach: made in a folder of its own in the system's temporary
 * folder, then removed from it at once, so it goes when the process (or whatever holds it open) does and
 * nobody else can change it. Entries' bodies (body-store.ts) and the search index (src/search/index-file.ts)
 * are kept so. Undefined where no such file can be made (a read-only or missing temporary folder, a system
 * that cannot remove an open file); what was opened is then closed with `close`.
 */
export function openPrivateFile<T>(
  prefix: string,
  name: string,
  open: (file: string) => T,
  close: (opened: T) => void,
  folder = tmpdir(),
): T | undefined {
  let dir: string | undefined;
  let opened: { value: T } | undefined;
  try {
    dir = mkdtempSync(join(folder, prefix));
    const file = join(dir, name);
    opened = { value: open(file) };
    unlinkSync(file);
    rmdirSync(dir);
    return opened.value;
  } catch {
    try {
      if (opened) close(opened.value);
      if (dir) rmSync(dir, { recursive: true, force: true });
    } catch {
      // left for the system's temporary-file cleaning
    }
    return undefined;
  }
}
