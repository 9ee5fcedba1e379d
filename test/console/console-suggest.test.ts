import { readFile } from 'node:fs/promises';
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
import { copyFixtureKnowledge } from '../discord/harness.js';
import { type FakeWeb, startFakeWeb } from '../fakes/fake-web.js';
import { pageHtml } from '../suggest/helpers.js';

let session: ConsoleSession;
let knowledge: KnowledgeHolder;
let web: FakeWeb;
let dir: string;
let output: string[] = [];
beforeAll(async () => {
  web = await startFakeWeb();
  web.pages.set('www.example.org/statement', {
    body: pageHtml({ title: 'Vendor Pauses Face Search', site: 'Vendor Inc.', date: '2025-09-09' }),
  });
  dir = await copyFixtureKnowledge();
  const load = () => loadKnowledge(dir);
  knowledge = createKnowledgeHolder(await load(), load);
  const ctx = createContext({
    config: loadConfig({ KNOWLEDGE_DIR: dir }),
    knowledge,
    store: createMemoryStore(),
    logger: silentLogger(),
    fetchPage: web.fetch,
  });
  session = createConsoleSession({
    commands,
    router: createRouter(commands, ctx),
    write: (t) => output.push(t),
  });
});
afterAll(async () => {
  knowledge?.close();
  await web?.stop();
});

async function type(line: string): Promise<string> {
  output = [];
  await session.run(line);
  return output.join('\n');
}

test('GIVEN the console WHEN a member suggests a source and a curator accepts and publishes it THEN each form is asked field by field and the entry is written', async () => {
  expect(await type('/suggest source')).toMatch(/┌ Form: Suggest a source\.[^\n]*\n│ Link:/);
  expect(await type('https://www.example.org/statement')).toMatch(
    /│ What it is: type a number: 1\. Law {2}2\. Bill .*4\. Statement/,
  );
  expect(await type('4')).toMatch(/│ What it says:/);
  expect(await type('The vendor paused its face search product for police customers.')).toMatch(
    /│ Entry it updates \(optional\):$/,
  );
  const received = await type('');
  expect(received).toMatch(/your suggestion is in the curators’ inbox/);
  expect(received).toContain('Vendor Pauses Face Search');

  const inbox = await type('/kb inbox');
  expect(inbox).toMatch(/Suggestion 1 of 1: statement/);
  expect(inbox).toMatch(/\[1\] Accept → draft/);
  const drafted = await type('1');
  expect(drafted).toContain('Passes: ready to publish.');
  expect(drafted).toMatch(/organization: Vendor Inc\./);
  const publishButton = session.buttons.findIndex((b) => b.label === 'Publish') + 1;
  expect(await type(String(publishButton))).toMatch(/┌ Form: Publish the entry/);
  const published = await type('Checked the vendor’s post.');
  expect(published).toMatch(/Published: published as vendor-pauses-face-search/);
  expect(published).toMatch(/The member could not be told \(no DMs\)/);
  expect(await readFile(join(dir, 'statements', 'vendor-pauses-face-search.md'), 'utf8')).toMatch(
    /^---\nid: vendor-pauses-face-search\ntype: statement\n/,
  );
  expect(await type('/suggest status')).toMatch(/\*\*published\*\*/);
});
