import { afterAll, beforeAll, describe, expect, test } from 'vitest';
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

let session: ConsoleSession;
let knowledge: KnowledgeHolder;
let output: string[] = [];

beforeAll(async () => {
  const dir = await copyFixtureKnowledge();
  const load = () => loadKnowledge(dir);
  knowledge = createKnowledgeHolder(await load(), load);
  // No OPENAI_* variables: the console's /ask answers extractively, as a fresh install would.
  const ctx = createContext({
    config: loadConfig({ KNOWLEDGE_DIR: dir }),
    knowledge,
    store: createMemoryStore(),
    logger: silentLogger(),
  });
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

describe('/ask in the local console', () => {
  test('GIVEN no model and no Discord WHEN a curator asks THEN the cited answer, its sources and the feedback buttons are shown as text', async () => {
    const text = await type('/ask question:"What is the penalty under BIPA?"');
    expect(text).toContain('$1,000');
    expect(text).toMatch(/\[1\]/);
    expect(text).toContain('https://www.ilga.gov/legislation/ilcs/ilcs3.asp?ActID=3004&ChapterID=57');
    expect(text).toMatch(/Not legal advice/);
    expect(text).toMatch(/Not helpful/);
  });

  test('GIVEN a question outside the knowledge base WHEN asked THEN the console says it is not covered', async () => {
    expect(await type('/ask question:"What are the drone rules in Ohio?"')).toMatch(
      /does not cover this question/,
    );
  });
});
