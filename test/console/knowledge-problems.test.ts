import { describe, expect, test } from 'vitest';
import { reportKnowledgeProblems } from '../../src/console/knowledge-problems.js';
import type { Problem } from '../../src/kb/parse-entry.js';
import { createLogger } from '../../src/log.js';

const PROBLEMS: Problem[] = [
  {
    path: 'knowledge/laws/broken.md',
    line: 6,
    field: 'date',
    message: 'expected YYYY-MM-DD, got "2024-13-01"',
  },
  {
    path: 'knowledge/laws/copycat.md',
    line: 5,
    field: 'aliases',
    message: '"BIPA" is already an alias of illinois-bipa (knowledge/laws/illinois-bipa.md)',
  },
];

function run(readable: boolean, problems: Problem[] = PROBLEMS) {
  const logs: string[] = [];
  const lines: string[] = [];
  const logger = createLogger('info', { write: (l: string) => void logs.push(l) });
  reportKnowledgeProblems(problems, { readable, logger, write: (l) => lines.push(l) });
  return { logs, lines };
}

describe('knowledge problems at start-up', () => {
  test('GIVEN an interactive console WHEN the knowledge has problems THEN they print as readable lines, no JSON', () => {
    const { logs, lines } = run(true);
    expect(logs).toEqual([]);
    expect(lines).toEqual([
      'kb: 2 problems in 2 files; the entries involved are skipped, the rest are served (fix them, then /kb reload):',
      '  knowledge/laws/broken.md:6: date: expected YYYY-MM-DD, got "2024-13-01"',
      '  knowledge/laws/copycat.md:5: aliases: "BIPA" is already an alias of illinois-bipa (knowledge/laws/illinois-bipa.md)',
    ]);
  });

  test('GIVEN many problems in a terminal WHEN printed THEN the first twenty show and kb:check is named for the rest', () => {
    const many = Array.from({ length: 25 }, (_, i) => ({
      path: `knowledge/laws/x${i}.md`,
      line: 2,
      message: 'bad',
    }));
    const { lines } = run(true, many);
    expect(lines).toHaveLength(22);
    expect(lines.at(-1)).toBe('  …and 5 more (npm run kb:check lists them all)');
  });

  test('GIVEN the bot or piped output WHEN the knowledge has problems THEN each stays one JSON log line', () => {
    const { logs, lines } = run(false);
    expect(lines).toEqual([]);
    expect(logs.map((l) => JSON.parse(l) as Record<string, unknown>)).toMatchObject([
      {
        level: 40,
        msg: 'knowledge problem',
        problem: 'knowledge/laws/broken.md:6: date: expected YYYY-MM-DD, got "2024-13-01"',
      },
      { level: 40, msg: 'knowledge problem' },
    ]);
  });
});
