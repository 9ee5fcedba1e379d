import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { readFileSync } from 'node:fs';
import { commands } from '../../commands/index.js';
import { loadConfig } from '../../src/config.js';
import { type ConsoleSession, createConsoleSession } from '../../src/console/console.js';
import { createContext } from '../../src/context.js';
import { createDigests } from '../../src/digest/create-digests.js';
import { createRouter } from '../../src/discord/router.js';
import { createKnowledgeHolder, type KnowledgeHolder } from '../../src/kb/knowledge-holder.js';
import { loadKnowledge } from '../../src/knowledge.js';
import { silentLogger } from '../../src/log.js';
import { createMemoryStore } from '../../src/store/memory-store.js';

let session: ConsoleSession;
let knowledge: KnowledgeHolder;
let output: string[] = [];

/** The console as `npm start` opens it without a token: the shipped knowledge base, digests set up. */
beforeAll(async () => {
  const load = () => loadKnowledge('knowledge');
  knowledge = createKnowledgeHolder(await load(), load);
  const config = loadConfig({ KNOWLEDGE_DIR: 'knowledge' });
  const store = createMemoryStore();
  const logger = silentLogger();
  const digests = createDigests(config, { store, library: () => knowledge.current().library, logger });
  const ctx = createContext({ config, knowledge, store, logger, digests });
  session = createConsoleSession({
    commands,
    router: createRouter(commands, ctx),
    write: (t) => output.push(t),
  });
});
afterAll(() => knowledge.close());

async function type(line: string): Promise<string> {
  output = [];
  await session.run(line);
  return output.join('\n');
}

describe('the README console example', () => {
  test('GIVEN the lines the README shows WHEN typed in order THEN each does what its comment says', async () => {
    const readme = readFileSync('README.md', 'utf8');
    const block = /## The local console[\s\S]*?```text\n([\s\S]*?)```/.exec(readme)?.[1] ?? '';
    const lines = block
      .split('\n')
      .filter((l) => l.startsWith('dossier> '))
      .map((l) =>
        l
          .slice('dossier> '.length)
          .replace(/\s{2,}\(.*\)$|\s\(a channel.*\)$/, '')
          .trim(),
      );
    expect(lines).toEqual([
      '/search query:"face recognition"',
      '1',
      '/law bipa',
      '/digest preview channel:#policy',
      '/kb reload',
    ]);
    const replies: string[] = [];
    for (const line of lines) replies.push(await type(line));
    const [search, next, law, preview, reload] = replies;
    expect(search).toMatch(/· page 1\b[\s\S]*\[1\] Next ▶/);
    expect(next).toMatch(/· page 2\b/);
    expect(law).toMatch(/Illinois Biometric Information Privacy Act/);
    expect(preview).toMatch(/^\(only you can see this\)\n#policy has no digest\./);
    expect(reload).toMatch(/Knowledge base reloaded/);
    for (const reply of replies) expect(reply).not.toMatch(/No buttons to press|Press 1 to|<#/);
  });

  test('GIVEN a channel typed as #policy WHEN a digest is subscribed, listed and removed THEN every reply names #policy', async () => {
    const set = await type('/digest subscribe channel:#policy time:09:00 timezone:Europe/Berlin');
    expect(set).toMatch(/Daily digest set for #policy at 09:00 Europe\/Berlin/);
    expect(await type('/digest list')).toMatch(/│ #policy · 09:00 Europe\/Berlin/);
    expect(await type('/digest preview channel:policy')).toMatch(/Preview for #policy/);
    expect(await type('/digest unsubscribe channel:#policy')).toMatch(/#policy/);
    expect(await type('/digest list')).toMatch(/None yet/);
  });
});
