import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { commands } from '../../commands/index.js';
import { loadConfig } from '../../src/config.js';
import { type ConsoleSession, createConsoleSession } from '../../src/console/console.js';
import { createContext } from '../../src/context.js';
import { createRouter } from '../../src/discord/router.js';
import { createKnowledgeHolder, type KnowledgeHolder } from '../../src/kb/knowledge-holder.js';
import { loadKnowledge } from '../../src/knowledge.js';
import { silentLogger } from '../../src/log.js';
import { createMemoryStore } from '../../src/store/memory-store.js';
import type { Store } from '../../src/store/types.js';
import { copyFixtureKnowledge } from '../discord/harness.js';
import { type FakeOpenStates, startFakeOpenStates } from '../fakes/fake-openstates.js';

/** /bill search in the local console: the same command, its buttons pressed by number. */
let os: FakeOpenStates;
let dir: string;
let knowledge: KnowledgeHolder;
const sessions: { session: ConsoleSession; output: string[]; store: Store }[] = [];

async function open(env: Record<string, string>) {
  const store = createMemoryStore();
  const output: string[] = [];
  const ctx = createContext({
    config: loadConfig({ KNOWLEDGE_DIR: dir, ...env }),
    knowledge,
    store,
    logger: silentLogger(),
    clock: () => new Date('2026-11-29T12:00:00Z'),
    fetchPage: async () => {
      throw new Error('no page should be fetched');
    },
  });
  const session = createConsoleSession({
    commands,
    router: createRouter(commands, ctx),
    write: (t) => output.push(t),
  });
  const s = { session, output, store };
  sessions.push(s);
  return {
    ...s,
    ctx,
    async type(line: string) {
      output.length = 0;
      await session.run(line);
      return output.join('\n');
    },
  };
}

beforeAll(async () => {
  os = await startFakeOpenStates({ apiKey: 'os-key' });
  const id = os.addBill({
    jurisdiction: 'co',
    session: '2026A',
    identifier: 'SB 26-113',
    title: 'Facial recognition services in schools',
  });
  os.act(id, { date: '2026-02-10', description: 'Introduced In Senate', classification: ['introduction'] });
  dir = await copyFixtureKnowledge();
  const load = () => loadKnowledge(dir);
  knowledge = createKnowledgeHolder(await load(), load);
});
afterAll(async () => {
  knowledge?.close();
  await os?.stop();
  if (dir) await rm(join(dir, '..'), { recursive: true, force: true });
});

test('GIVEN no Open States or Congress.gov key WHEN /bill search runs in the console THEN one line says both sources are off', async () => {
  const c = await open({});
  expect(await c.type('/bill search query:"facial recognition"')).toContain(
    'Bill search is off: Open States is off (no OPENSTATES_API_KEY); Congress.gov is off (no CONGRESS_API_KEY).',
  );
});

test('GIVEN an Open States key WHEN /bill search runs in the console and its button is pressed by number THEN the bill is listed and suggested', async () => {
  const c = await open({
    OPENSTATES_API_KEY: 'os-key',
    OPENSTATES_API_URL: os.url,
    OPENSTATES_REQUESTS_PER_MINUTE: '60000',
  });
  const results = await c.type('/bill search query:"facial recognition" state:Colorado');
  expect(results).toContain('CO SB 26-113 (2026A)');
  expect(results).toContain('Facial recognition services in schools');
  expect(results).toMatch(/\[1\] Suggest 1/);
  expect(await c.type('1')).toMatch(/your suggestion is in the curators’ inbox/);
  const [s] = (await c.ctx.suggestions?.mine('console', '0')) ?? [];
  expect(s?.bill?.label).toBe('CO SB 26-113 (2026A)');
  expect(s?.url).toBe('https://openstates.org/co/bills/2026A/SB26-113/');
});
