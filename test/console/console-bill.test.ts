import { afterAll, beforeAll, expect, test } from 'vitest';
import { createKnowledgeHolder, type KnowledgeHolder } from '../../src/kb/knowledge-holder.js';
import { loadKnowledge } from '../../src/knowledge.js';
import { copyFixtureKnowledge, removeKnowledgeCopy } from '../discord/harness.js';
import { type FakeOpenStates, startFakeOpenStates } from '../fakes/fake-openstates.js';
import { addStateBill, sourceEnv } from '../tracking/tracking-fixtures.js';
import { startTestConsole } from './harness.js';

/** /bill search in the local console: the same command, its buttons pressed by number. */
let os: FakeOpenStates;
let dir: string;
let knowledge: KnowledgeHolder;

const open = (env: Record<string, string>) =>
  startTestConsole({
    dir,
    knowledge,
    env,
    clock: () => new Date('2026-11-29T12:00:00Z'),
    fetchPage: async () => {
      throw new Error('no page should be fetched');
    },
  });

beforeAll(async () => {
  os = await startFakeOpenStates({ apiKey: 'os-key' });
  addStateBill(
    os,
    {
      jurisdiction: 'co',
      session: '2026A',
      identifier: 'SB 26-113',
      title: 'Facial recognition services in schools',
    },
    { date: '2026-02-10', description: 'Introduced In Senate', classification: ['introduction'] },
  );
  dir = await copyFixtureKnowledge();
  const load = () => loadKnowledge(dir);
  knowledge = createKnowledgeHolder(await load(), load);
});
afterAll(async () => {
  knowledge?.close();
  await os?.stop();
  if (dir) await removeKnowledgeCopy(dir);
});

test('GIVEN no Open States or Congress.gov key WHEN /bill search runs in the console THEN one line says both sources are off', async () => {
  const c = await open({});
  expect(await c.type('/bill search query:"facial recognition"')).toContain(
    'Bill search is off: Open States is off (no OPENSTATES_API_KEY); Congress.gov is off (no CONGRESS_API_KEY).',
  );
});

test('GIVEN an Open States key WHEN /bill search runs in the console and its button is pressed by number THEN the bill is listed and suggested', async () => {
  const c = await open(sourceEnv({ openstates: os.url }));
  const results = await c.type('/bill search query:"facial recognition" state:Colorado');
  expect(results).toContain('CO SB 26-113 (2026A)');
  expect(results).toContain('Facial recognition services in schools');
  expect(results).toMatch(/\[1\] Suggest 1/);
  expect(await c.type('1')).toMatch(/your suggestion is in the curators’ inbox/);
  const [s] = (await c.ctx.suggestions?.mine('console', '0')) ?? [];
  expect(s?.bill?.label).toBe('CO SB 26-113 (2026A)');
  expect(s?.url).toBe('https://openstates.org/co/bills/2026A/SB26-113/');
});
