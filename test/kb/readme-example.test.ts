import { readFileSync } from 'node:fs';
import { expect, it } from 'vitest';
import { buildLibrary } from '../../src/kb/load-library.js';
import { formatProblem } from '../../src/kb/parse-entry.js';

it('GIVEN the example entry in the README WHEN a curator copies it THEN kb:check accepts it', () => {
  const readme = readFileSync('README.md', 'utf8');
  const example = /```markdown\n([\s\S]*?)```/.exec(readme)?.[1];
  expect(example).toBeDefined();
  const report = buildLibrary(
    [{ path: 'knowledge/letters/example-coalition-letter.md', text: example ?? '' }],
    {
      today: '2026-11-22',
    },
  );
  expect(report.problems.map(formatProblem)).toEqual([]);
  const letter = report.library.get('example-coalition-letter');
  expect(letter?.type === 'letter' && letter.signatories.length).toBe(3);
});
