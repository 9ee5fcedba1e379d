import { execFile } from 'node:child_process';
import { cp, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, expect, test } from 'vitest';
import { createKnowledgeHolder } from '../../src/kb/knowledge-holder.js';
import { loadKnowledge } from '../../src/knowledge.js';
import { startGitPull } from '../../src/suggest/git-pull.js';
import { FIXTURE_KNOWLEDGE } from '../discord/harness.js';

const exec = promisify(execFile);
const git = (cwd: string, ...args: string[]) =>
  exec(
    'git',
    [
      '-c',
      'user.name=Curator',
      '-c',
      'user.email=curator@example.org',
      '-c',
      'init.defaultBranch=main',
      ...args,
    ],
    { cwd },
  );

let root = '';
afterAll(async () => {
  if (root) await rm(root, { recursive: true, force: true });
});

test('GIVEN the bot serves a git checkout WHEN a pull request is merged upstream THEN the next pull reloads the library with the new entry', async () => {
  root = await mkdtemp(join(tmpdir(), 'dossier-git-'));
  await git(root, 'init', '--bare', '-q', 'origin.git');
  await git(root, 'clone', '-q', 'origin.git', 'maintainer');
  const maintainer = join(root, 'maintainer');
  await cp(FIXTURE_KNOWLEDGE, join(maintainer, 'knowledge'), { recursive: true });
  await git(maintainer, 'add', '.');
  await git(maintainer, 'commit', '-qm', 'knowledge');
  await git(maintainer, 'push', '-q', 'origin', 'HEAD:main');
  await git(root, 'clone', '-q', '--branch', 'main', 'origin.git', 'bot');
  const dir = join(root, 'bot', 'knowledge');
  const load = () => loadKnowledge(dir);
  const knowledge = createKnowledgeHolder(await load(), load, { retireAfterMs: 10 });
  const logs: string[] = [];
  const logger = {
    info: (_: object, m: string) => void logs.push(m),
    warn: (_: object, m: string) => void logs.push(m),
  };
  const pull = startGitPull({ dir, intervalMs: 60_000, reload: () => knowledge.reload(), logger });
  try {
    expect(await pull.pullOnce()).toBe('unchanged');
    await writeFile(
      join(maintainer, 'knowledge', 'reports', 'merged-audit.md'),
      `---\nid: merged-audit\ntype: report\ntitle: Merged Audit\ndate: 2025-02-01\nsummary: An audit proposed by a member and merged by a maintainer.\nsources:\n  - url: https://www.example.org/audit\n    title: Merged Audit\nadded: 2025-02-02\n---\n\nBody.\n`,
    );
    await git(maintainer, 'add', '.');
    await git(maintainer, 'commit', '-qm', 'Merge pull request #1 from coalition/kb/merged-audit');
    await git(maintainer, 'push', '-q', 'origin', 'HEAD:main');
    expect(knowledge.current().library.get('merged-audit')).toBeUndefined();
    expect(await pull.pullOnce()).toBe('changed');
    expect(knowledge.current().library.get('merged-audit')?.title).toBe('Merged Audit');
    expect(logs).toContain('knowledge pulled and reloaded');
  } finally {
    pull.stop();
    knowledge.close();
  }
});
