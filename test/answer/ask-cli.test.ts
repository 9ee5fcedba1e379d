import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { AnswerResult } from '../../src/answer/types.js';

const run = promisify(execFile);

/** Runs `dossier ask` as a member of the public would, with no model configured. */
async function dossierAsk(...args: string[]) {
  const env: NodeJS.ProcessEnv = { PATH: process.env.PATH, KNOWLEDGE_DIR: 'test/fixtures/knowledge' };
  return run(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', 'ask', ...args], { env });
}

describe('dossier ask', () => {
  it('GIVEN --json WHEN asked a covered question THEN stdout is only the JSON answer, extractive and cited', async () => {
    const { stdout } = await dossierAsk('What is the penalty under BIPA?', '--json');
    const result = AnswerResult.parse(JSON.parse(stdout));
    expect(result).toMatchObject({ covered: true, mode: 'extractive' });
    expect(result.sources.map((s) => s.id)).toContain('illinois-bipa');
    expect(result.answer).toContain('$1,000');
    expect(Object.keys(JSON.parse(stdout))).toEqual(
      expect.arrayContaining(['covered', 'mode', 'answer', 'sentences', 'sources', 'notes']),
    );
  });

  it('GIVEN an uncovered question WHEN asked in text THEN it says so plainly', async () => {
    const { stdout } = await dossierAsk('What are the drone rules in Ohio?');
    expect(stdout).toMatch(/^The knowledge base does not cover this question/);
  });

  it('GIVEN no question WHEN run THEN it exits 2 with the usage', async () => {
    await expect(dossierAsk()).rejects.toMatchObject({
      code: 2,
      stderr: expect.stringContaining('ask needs a question'),
    });
  });
});
