import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { type ConsoleHarness, startTestConsole } from '../console/harness.js';

let dossier: ConsoleHarness;
// No OPENAI_* variables: the console's /ask answers extractively, as a fresh install would.
beforeAll(async () => {
  dossier = await startTestConsole();
});
afterAll(() => dossier.close());
const type = (line: string) => dossier.type(line);

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
