import { randomBytes } from 'node:crypto';
import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { dirname, join, resolve, sep } from 'node:path';
import { hashText } from './draft-entry.js';
import { type EntryChange, PublishError, type Publisher, type PublishResult } from './publish.js';

/**
 * PUBLISH_MODE=files: the entry is written under the knowledge folder atomically (a temporary file in the
 * same folder, then rename, so a reader never sees half a file) and the library is reloaded.
 */
export function createFilePublisher(deps: {
  knowledgeDir: string;
  reload: () => Promise<{ version: string; problems: string[] }>;
}): Publisher {
  return {
    mode: 'files',
    async publish(change: EntryChange): Promise<PublishResult> {
      const root = resolve(deps.knowledgeDir);
      const target = resolve(root, change.path);
      if (!target.startsWith(root + sep))
        throw new PublishError(`path: ${change.path} is outside the knowledge folder`);
      const current = await readFile(target, 'utf8').catch(() => undefined);
      const path = `knowledge/${change.path}`;
      if (current === change.text) return { mode: 'files', path, already: true, reload: await deps.reload() };
      if (change.kind === 'new' && current !== undefined)
        throw new PublishError(
          `${path} already exists with other content: edit the draft's id and publish again`,
        );
      if (change.kind === 'merge') {
        if (current === undefined) throw new PublishError(`${path} no longer exists: the entry was removed`);
        if (hashText(current) !== change.baseHash)
          throw new PublishError(
            `${path} changed since the draft was made: press Merge again for a fresh draft`,
          );
      }
      await mkdir(dirname(target), { recursive: true });
      const temp = join(dirname(target), `.${change.entryId}.${randomBytes(4).toString('hex')}.tmp`);
      try {
        await writeFile(temp, change.text, { flag: 'wx' });
        await rename(temp, target);
      } catch (error) {
        await rm(temp, { force: true });
        throw error;
      }
      return { mode: 'files', path, already: false, reload: await deps.reload() };
    },
  };
}
