// The build: every TypeScript file of src/ and commands/ transpiled one to one into dist/ by esbuild (same
// folders, `.js` beside `.js.map`), so paths that code resolves from its own location (the reload worker,
// the shard processes) hold in dist/ as in src/. Type checking is `npm run typecheck`'s job, not the build's.
//
// `node scripts/build.mjs` builds unconditionally; scripts/run.mjs builds first when dist/ was built from
// other sources. dist/.build-stamp holds a hash of every input file's path and content, so an edit, a
// checkout or a merge rebuilds whatever the files' times say, and a stale dist/ never runs.
import { createHash } from 'node:crypto';
import {
  closeSync,
  copyFileSync,
  mkdirSync,
  existsSync,
  openSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { dirname, join, relative, sep } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

/** The repository root: scripts/ sits in it. */
export const ROOT = dirname(dirname(fileURLToPath(import.meta.url)));
const SOURCE_DIRS = ['src', 'commands'];
// The build's own inputs besides the sources: a change to them changes the output too.
const CONFIG_FILES = ['tsconfig.json', 'scripts/build.mjs'];
// The evaluation harness imports the test fakes; it stays a development tool run by tsx (npm run eval).
const NOT_BUILT = new Set(['src/cli/eval.ts']);
const STAMP = '.build-stamp';

/** esbuild's settings for the build (bench/compiled.mjs builds the benchmarks the same way). */
export const ESBUILD_OPTIONS = {
  outbase: '.',
  format: 'esm',
  platform: 'node',
  target: 'node20.19',
  sourcemap: true,
  logLevel: 'warning',
};

/** The files under `dir` of `root`, as sorted paths relative to `root` with forward slashes. */
export function listFiles(root, dir) {
  const abs = join(root, dir);
  if (!existsSync(abs)) return [];
  return readdirSync(abs, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) =>
      relative(root, join(entry.parentPath ?? entry.path, entry.name))
        .split(sep)
        .join('/'),
    )
    .sort();
}

/** A hash of every file the build reads (paths and contents), in a fixed order. */
export function sourceHash(root = ROOT) {
  const hash = createHash('sha256');
  for (const file of [...SOURCE_DIRS.flatMap((dir) => listFiles(root, dir)), ...CONFIG_FILES]) {
    const path = join(root, file);
    if (!existsSync(path)) continue;
    hash.update(`${file}\0${statSync(path).size}\0`);
    hash.update(readFileSync(path));
  }
  return hash.digest('hex');
}

/** The hash dist/ was built from, or undefined when there is no (complete) build. */
export function builtHash(root = ROOT) {
  try {
    return JSON.parse(readFileSync(join(root, 'dist', STAMP), 'utf8')).hash;
  } catch {
    return undefined;
  }
}

/** True when the sources are present (a checkout, not an image holding dist/ alone). */
export function hasSources(root = ROOT) {
  return existsSync(join(root, 'src'));
}

/**
 * Builds into a fresh folder and swaps it in for dist/, so a process reading dist/ meanwhile sees the old
 * build or the new one, never half of one. Holds a lock so two processes starting at once build once.
 */
export async function build(root = ROOT, { ifStale = false } = {}) {
  return withLock(root, async () => {
    const hash = sourceHash(root);
    if (ifStale && builtHash(root) === hash) return { built: false, hash };
    let esbuild;
    try {
      esbuild = await import('esbuild');
    } catch {
      throw new Error(
        'build: dist/ is missing or older than the sources, and esbuild (a development dependency) is not installed; ' +
          'run `npm install` (with development dependencies) or build where they are: `npm run build`',
      );
    }
    const started = performance.now();
    const tmp = join(root, `.dist-tmp-${process.pid}`);
    rmSync(tmp, { recursive: true, force: true });
    const entryPoints = SOURCE_DIRS.flatMap((dir) => listFiles(root, dir)).filter(
      (file) => file.endsWith('.ts') && !file.endsWith('.d.ts') && !NOT_BUILT.has(file),
    );
    try {
      await esbuild.build({ ...ESBUILD_OPTIONS, absWorkingDir: root, entryPoints, outdir: tmp });
      // Files beside the code that it reads by its own location (data, JSON modules) go along unchanged.
      for (const file of SOURCE_DIRS.flatMap((dir) => listFiles(root, dir)).filter(
        (f) => !f.endsWith('.ts'),
      )) {
        mkdirSync(dirname(join(tmp, file)), { recursive: true });
        copyFileSync(join(root, file), join(tmp, file));
      }
      writeFileSync(join(tmp, STAMP), `${JSON.stringify({ hash, files: entryPoints.length })}\n`);
      const old = join(root, `.dist-old-${process.pid}`);
      const dist = join(root, 'dist');
      if (existsSync(dist)) renameSync(dist, old);
      renameSync(tmp, dist);
      rmSync(old, { recursive: true, force: true });
    } finally {
      rmSync(tmp, { recursive: true, force: true });
    }
    return { built: true, hash, files: entryPoints.length, ms: Math.round(performance.now() - started) };
  });
}

async function withLock(root, fn) {
  const lock = join(root, '.dist-build.lock');
  const deadline = Date.now() + 120_000;
  for (;;) {
    try {
      closeSync(openSync(lock, 'wx'));
      writeFileSync(lock, String(process.pid));
      break;
    } catch (error) {
      if (error.code !== 'EEXIST') throw error;
      if (lockIsStale(lock)) {
        rmSync(lock, { force: true });
        continue;
      }
      if (Date.now() > deadline)
        throw new Error(`build: ${lock} is held by another build for over 2 minutes`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
  try {
    return await fn();
  } finally {
    rmSync(lock, { force: true });
  }
}

/** A lock whose process is gone (killed mid-build) is taken over. */
function lockIsStale(lock) {
  try {
    const pid = Number(readFileSync(lock, 'utf8'));
    if (!pid) return Date.now() - statSync(lock).mtimeMs > 5_000;
    process.kill(pid, 0);
    return false;
  } catch (error) {
    return error.code !== 'EPERM';
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const result = await build(ROOT);
  process.stderr.write(`build: ${result.files} files into dist/ in ${result.ms} ms\n`);
}
