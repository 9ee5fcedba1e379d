import { execFile } from 'node:child_process';
import { cp, mkdir, mkdtemp, readFile, rm, symlink, utimes, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

// `npm start`, `npm run dossier` and the other run scripts go through scripts/run.mjs: it runs dist/ and
// builds first when dist/ was built from other sources. These tests run it in copies of the repository.

type Result = { code: number; stdout: string; stderr: string };

function run(cwd: string, args: string[], input = '', env: Record<string, string> = {}): Promise<Result> {
  return new Promise((done) => {
    const child = execFile(
      process.execPath,
      args,
      { cwd, env: { ...process.env, LOG_LEVEL: 'silent', DISCORD_TOKEN: '', ...env }, timeout: 120_000 },
      (error, stdout, stderr) =>
        done({ code: error ? ((error as { code?: number }).code ?? 1) : 0, stdout, stderr }),
    );
    child.stdin?.end(input);
  });
}

const repo = resolve('.');
const roots: string[] = [];
async function tempRoot(): Promise<string> {
  const root = await mkdtemp(join(tmpdir(), 'dossier-build-'));
  roots.push(root);
  await cp(join(repo, 'scripts'), join(root, 'scripts'), { recursive: true });
  await cp(join(repo, 'tsconfig.json'), join(root, 'tsconfig.json'));
  return root;
}
afterAll(() => Promise.all(roots.map((root) => rm(root, { recursive: true, force: true }))));

describe('the launcher (scripts/run.mjs)', { timeout: 120_000 }, () => {
  let root: string;
  beforeAll(async () => {
    root = await tempRoot();
    await symlink(join(repo, 'node_modules'), join(root, 'node_modules'), 'dir');
    await mkdir(join(root, 'src/data'), { recursive: true });
    await writeFile(join(root, 'src/data/words.txt'), 'read beside the code\n');
    await writeFile(
      join(root, 'src/hello.ts'),
      "const word: string = 'one';\nconsole.log(word, process.argv.slice(2).join(' '));\n",
    );
  });

  it('GIVEN a checkout without dist/ WHEN an entry is run THEN it is built and runs with its arguments', async () => {
    const first = await run(root, ['scripts/run.mjs', 'src/hello', 'a', 'b']);
    expect(first).toMatchObject({ code: 0, stdout: 'one a b\n' });
    expect(first.stderr).toMatch(/^build: 1 files into dist\/ in \d+ ms$/m);
    expect(await readFile(join(root, 'dist/src/hello.js'), 'utf8')).toContain('"one"');
    expect(await readFile(join(root, 'dist/src/data/words.txt'), 'utf8')).toBe('read beside the code\n');

    const again = await run(root, ['scripts/run.mjs', 'src/hello']);
    expect(again).toMatchObject({ code: 0, stdout: 'one \n', stderr: '' });
  });

  it('GIVEN a built dist/ WHEN a source changes, even to a file dated before the build THEN the next run builds and runs the new code', async () => {
    await run(root, ['scripts/run.mjs', 'src/hello']);
    const file = join(root, 'src/hello.ts');
    await writeFile(file, "const word: string = 'two';\nconsole.log(word);\n");
    const past = new Date('2020-01-01T00:00:00Z');
    await utimes(file, past, past);

    const result = await run(root, ['scripts/run.mjs', 'src/hello']);
    expect(result).toMatchObject({ code: 0, stdout: 'two\n' });
    expect(result.stderr).toMatch(/^build: /m);
  });

  it('GIVEN a source file that does not compile WHEN run THEN it exits non-zero naming the file, and the last good build stays', async () => {
    await run(root, ['scripts/run.mjs', 'src/hello']);
    await writeFile(join(root, 'src/broken.ts'), 'export const = ;\n');
    const result = await run(root, ['scripts/run.mjs', 'src/hello']);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('src/broken.ts');
    expect(result.stdout).toBe('');
    await rm(join(root, 'src/broken.ts'));
    expect(await readFile(join(root, 'dist/src/hello.js'), 'utf8')).toContain('"two"');
  });

  it('GIVEN dist/ without src/ (a production image) WHEN run THEN dist/ runs as it is; GIVEN no dist/ and no esbuild THEN it says how to build', async () => {
    const image = await tempRoot();
    await cp(join(root, 'dist'), join(image, 'dist'), { recursive: true });
    expect(await run(image, ['scripts/run.mjs', 'src/hello'])).toMatchObject({ code: 0, stdout: 'two\n' });

    const bare = await tempRoot();
    await mkdir(join(bare, 'src'));
    await writeFile(join(bare, 'src/hello.ts'), "console.log('x');\n");
    const result = await run(bare, ['scripts/run.mjs', 'src/hello']);
    expect(result.code).toBe(1);
    expect(result.stdout).toBe('');
    expect(result.stderr).toContain('esbuild (a development dependency) is not installed');
    expect(result.stderr).toContain('npm run build');
  });
});

describe('the compiled bot and CLI', { timeout: 120_000 }, () => {
  let root: string;
  beforeAll(async () => {
    root = await tempRoot();
    await cp(join(repo, 'src'), join(root, 'src'), { recursive: true });
    await cp(join(repo, 'commands'), join(root, 'commands'), { recursive: true });
    await symlink(join(repo, 'node_modules'), join(root, 'node_modules'), 'dir');
    await symlink(join(repo, 'knowledge'), join(root, 'knowledge'), 'dir');
    const built = await run(root, ['scripts/build.mjs']);
    expect(built.code, built.stderr).toBe(0);
  }, 120_000);

  it('GIVEN the build WHEN the CLI searches the starter knowledge base THEN it answers from dist/ with JSON', async () => {
    const result = await run(root, [
      'scripts/run.mjs',
      'src/cli/main',
      'search',
      'illinois biometric',
      '--json',
      '--limit',
      '2',
    ]);
    expect(result.code, result.stderr).toBe(0);
    const hits = JSON.parse(result.stdout) as { id: string; sources: unknown[] }[];
    expect(hits).toHaveLength(2);
    expect(hits[0]?.sources.length).toBeGreaterThan(0);
  });

  it('GIVEN the build WHEN a large index is built THEN the compiled child process inserts its rows and hands back its words', async () => {
    const thread = pathToFileURL(join(root, 'dist/src/search/fts-build-process.js')).href;
    const file = join(root, 'worker-index.sqlite');
    const script = `const { BuildWorker } = await import(${JSON.stringify(thread)});
const worker = BuildWorker.start(${JSON.stringify(file)});
worker.entry('Biometric privacy', '', '', '');
worker.row('', 'Consent first', '');
console.log(JSON.stringify({ words: worker.words(), built: worker.built() }));`;
    const result = await run(root, ['--input-type=module', '-e', script]);
    expect(result.code, result.stderr).toBe(0);
    expect(JSON.parse(result.stdout)).toEqual({
      words: [
        ['biometric', 1],
        ['consent', 1],
        ['first', 1],
        ['privacy', 1],
      ],
      built: true,
    });
  });

  it('GIVEN the build and no token WHEN the console reloads the knowledge base THEN the compiled reload worker answers and exit leaves with 0', async () => {
    const result = await run(root, ['scripts/run.mjs', 'src/index'], '/kb reload\nexit\n', {
      STORE_URL: `sqlite://${join(root, 'store.sqlite')}`,
    });
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toContain('Knowledge base reloaded');
    expect(result.stdout).toMatch(/No change \(was `kb-[0-9a-f]+`\): \d+ entries/);
  });
});
