import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { readFileSync } from 'node:fs';
import { type ConsoleHarness, startTestConsole } from './harness.js';

let dossier: ConsoleHarness;
/** The console as `npm start` opens it without a token: the shipped knowledge base, digests set up. */
beforeAll(async () => {
  dossier = await startTestConsole({ dir: 'knowledge', digests: true });
});
afterAll(() => dossier.close());
const type = (line: string) => dossier.type(line);

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
