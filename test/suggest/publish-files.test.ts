import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { createKnowledgeHolder, type KnowledgeHolder } from '../../src/kb/knowledge-holder.js';
import { loadKnowledge } from '../../src/knowledge.js';
import { createMemoryStore } from '../../src/store/memory-store.js';
import { createFilePublisher } from '../../src/suggest/publish-files.js';
import type { Publisher } from '../../src/suggest/publish.js';
import { createSuggestions, SuggestionRefused } from '../../src/suggest/suggestion-service.js';
import { copyFixtureKnowledge, removeKnowledgeCopy } from '../discord/harness.js';
import { type FakeWeb, startFakeWeb } from '../fakes/fake-web.js';
import { pageHtml } from './helpers.js';

const GUILD = '200000000000000001';
let web: FakeWeb;
let dir: string;
let knowledge: KnowledgeHolder;
beforeAll(async () => {
  web = await startFakeWeb();
  web.pages.set('www.example.org/letter', {
    body: pageHtml({
      title: 'Open Letter on Stadium Face Scans',
      site: 'Example Coalition',
      date: '2025-06-01',
    }),
  });
  web.pages.set('www.example.org/bipa-update', {
    body: pageHtml({ title: 'BIPA amendment signed', site: 'Illinois General Assembly', date: '2024-08-02' }),
  });
  dir = await copyFixtureKnowledge();
  const load = () => loadKnowledge(dir);
  knowledge = createKnowledgeHolder(await load(), load, { retireAfterMs: 10 });
});
afterAll(async () => {
  knowledge?.close();
  await web?.stop();
  if (dir) await removeKnowledgeCopy(dir);
});

function service(store = createMemoryStore(), publisher?: Publisher) {
  const config = loadConfig({ KNOWLEDGE_DIR: dir });
  return createSuggestions({
    store,
    clock: () => new Date(),
    knowledge: () => knowledge.current(),
    knowledgeDir: dir,
    settings: config.suggest,
    publisher: publisher ?? createFilePublisher({ knowledgeDir: dir, reload: () => knowledge.reload() }),
    fetchPage: web.fetch,
    lockTtlMs: 200,
  });
}

describe('PUBLISH_MODE=files', () => {
  test('GIVEN a publish that wrote the file but stopped before recording it WHEN the bot starts again THEN it finishes without writing twice, and the change is recorded once', async () => {
    const store = createMemoryStore();
    const real = createFilePublisher({ knowledgeDir: dir, reload: () => knowledge.reload() });
    let writes = 0;
    const dying: Publisher = {
      mode: 'files',
      async publish(change) {
        const result = await real.publish(change);
        if (!result.already) writes++;
        throw new Error('process killed');
      },
    };
    const before = service(store, dying);
    const submitted = await before.submit({
      guildId: GUILD,
      userId: '1',
      link: 'https://www.example.org/letter',
      type: 'letter',
      note: 'Forty groups asked the league to stop scanning fans.',
    });
    if (!submitted.ok) throw new Error('not submitted');
    const id = submitted.suggestion.id;
    const drafted = await before.accept(GUILD, id, 'curator');
    const fields = before.draftFields(drafted);
    await before.editDraft(GUILD, id, 'curator', {
      ...fields,
      more: fields.more.replace('recipients: []', 'recipients: [The League]'),
    });
    await expect(before.publish(GUILD, id, 'curator')).rejects.toThrow('process killed');
    expect(writes).toBe(1);
    expect((await before.get(GUILD, id))?.status).toBe('publishing');
    await store.claim(`suggest:lock:${GUILD}:${id}`, { by: 'killed' }, 200); // left behind by the dead process

    let resumedWrites = 0;
    const counting: Publisher = {
      mode: 'files',
      async publish(change) {
        const result = await real.publish(change);
        if (!result.already) resumedWrites++;
        return result;
      },
    };
    const after = service(store, counting);
    expect(await after.resumePublishing()).toEqual([]);
    await new Promise((resolve) => setTimeout(resolve, 250));
    const [done] = await after.resumePublishing();
    expect(done?.status).toBe('published');
    expect(resumedWrites).toBe(0);
    const file = await readFile(join(dir, 'letters', 'open-letter-on-stadium-face-scans.md'), 'utf8');
    expect(file).toMatch(
      /^---\nid: open-letter-on-stadium-face-scans\ntype: letter\ntitle: Open Letter on Stadium Face Scans\ndate: 2025-06-01\n/,
    );
    expect(file).toContain('recipients:\n  - The League');
    expect((await readdir(join(dir, 'letters'))).filter((f) => f.endsWith('.tmp'))).toEqual([]);
    expect(knowledge.current().library.get('open-letter-on-stadium-face-scans')?.type).toBe('letter');
    expect(await store.list(`suggest:change:${GUILD}:`)).toHaveLength(1);
  });

  test('GIVEN a suggestion naming the entry it updates WHEN accepted and published THEN the link is added to that entry’s sources; a second merge of an entry changed meanwhile is refused and kept', async () => {
    const s = service();
    const submitted = await s.submit({
      guildId: GUILD,
      userId: '2',
      link: 'https://www.example.org/bipa-update',
      type: 'law',
      note: 'Illinois changed BIPA so repeated scans count once.',
      updates: 'bipa',
    });
    if (!submitted.ok) throw new Error('not submitted');
    const drafted = await s.accept(GUILD, submitted.suggestion.id, 'curator');
    expect(drafted.draft?.kind).toBe('merge');
    expect(drafted.draft?.problems).toEqual([]);
    const published = await s.publish(GUILD, submitted.suggestion.id, 'curator');
    expect(published.outcome).toBe('added as a source of illinois-bipa (knowledge/laws/illinois-bipa.md)');
    const file = await readFile(join(dir, 'laws', 'illinois-bipa.md'), 'utf8');
    expect(file).toMatch(
      /- url: https:\/\/www\.example\.org\/bipa-update\n\s+title: BIPA amendment signed\n\s+publisher: Illinois General Assembly\n\s+date: 2024-08-02/,
    );
    expect(file).toMatch(/\nupdated: \d{4}-\d{2}-\d{2}\n/);
    expect(
      knowledge
        .current()
        .library.get('illinois-bipa')
        ?.sources.some((x) => x.url === 'https://www.example.org/bipa-update'),
    ).toBe(true);

    web.pages.set('www.example.org/bipa-2', { body: pageHtml({ title: 'Another BIPA story' }) });
    const second = await s.submit({
      guildId: GUILD,
      userId: '3',
      link: 'https://www.example.org/bipa-2',
      type: 'law',
      note: 'A news story on the BIPA change.',
    });
    if (!second.ok) throw new Error('not submitted');
    await s.merge(GUILD, second.suggestion.id, 'curator', 'illinois-bipa');
    const { writeFile } = await import('node:fs/promises');
    await writeFile(join(dir, 'laws', 'illinois-bipa.md'), `${file}\nA curator's edit made meanwhile.\n`);
    const refused = await s.publish(GUILD, second.suggestion.id, 'curator').catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(SuggestionRefused);
    expect(String((refused as Error).message)).toBe(
      'Not published: knowledge/laws/illinois-bipa.md changed since the draft was made: press Merge again for a fresh draft. The suggestion stays in the inbox.',
    );
    const kept = await s.get(GUILD, second.suggestion.id);
    expect(kept?.status).toBe('drafted');
    expect(kept?.problem).toContain('changed since the draft was made');
  });
});
