import { rm } from 'node:fs/promises';
import { describe, expect, test } from 'vitest';
import { reloadReply } from '../../commands/kb-reload.js';
import { createKnowledgeHolder } from '../../src/kb/knowledge-holder.js';
import { loadKnowledge } from '../../src/knowledge.js';
import { copyFixtureKnowledge, removeKnowledgeCopy } from '../discord/harness.js';

describe('reloading a folder that cannot be read', () => {
  test('GIVEN the knowledge folder was removed WHEN reloaded THEN the last library keeps serving and the reply says why', async () => {
    const dir = await copyFixtureKnowledge();
    const load = () => loadKnowledge(dir);
    const holder = createKnowledgeHolder(await load(), load, { retireAfterMs: 10 });
    const before = holder.current();
    await rm(dir, { recursive: true });
    const outcome = await holder.reload();
    expect(outcome).toMatchObject({ kept: true, version: before.library.version, added: [], removed: [] });
    expect(outcome.failure).toMatch(/ENOENT/);
    expect(holder.current()).toBe(before);
    expect(holder.current().library.resolve('bipa')?.id).toBe('illinois-bipa');
    const [embed] = reloadReply(outcome).embeds ?? [];
    const text = [embed?.title, embed?.description].join('\n');
    expect(text).toContain('Reload failed: the knowledge folder could not be read');
    expect(text).toContain(`Still serving \`${before.library.version}\`.`);
    expect(text).toMatch(/ENOENT: no such file or directory, scandir '.*knowledge'/);
    holder.close();
    await removeKnowledgeCopy(dir);
  });
});
