// `node bench/compiled.mjs bench/discord-latency.ts [args…]`: runs a benchmark on compiled JavaScript, as
// production runs the bot (`npm start` runs dist/, built by esbuild one file to one), without tsx in the
// process. Under tsx every require() discord.js makes while sending a reply goes through tsx's resolver, and
// TypeScript is transformed as it loads, so figures taken under tsx are not the shipped bot's.
//
// src/, commands/, bench/ and test/ (the fakes the benchmarks drive) are transpiled with the build's own
// esbuild settings into node_modules/.cache/dossier-bench/ (inside the checkout, so packages resolve as
// from dist/; git and the linters ignore node_modules), the files code reads by its own location are copied
// beside them, and the benchmark runs there with the current folder unchanged.
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { ESBUILD_OPTIONS, listFiles, ROOT } from '../scripts/build.mjs';

const OUT = join(ROOT, 'node_modules', '.cache', 'dossier-bench');
const DIRS = ['src', 'commands', 'bench', 'test'];

const [script, ...args] = process.argv.slice(2);
if (!script?.startsWith('bench/') || !script.endsWith('.ts')) {
  process.stderr.write('usage: node bench/compiled.mjs bench/<benchmark>.ts [args…]\n');
  process.exit(2);
}

// BENCH_COMPILED_REUSE=1 runs the last build again (bench/run.ts builds once for all its runs).
const reuse = process.env.BENCH_COMPILED_REUSE === '1' && existsSync(OUT);
if (!reuse) await compile();

const compiled = join(OUT, script.replace(/\.ts$/, '.js'));
// Node flags given to this script (--expose-gc for the memory figures) are the benchmark's too.
const result = spawnSync(process.execPath, [...process.execArgv, '--enable-source-maps', compiled, ...args], {
  cwd: ROOT,
  stdio: 'inherit',
});
process.exit(result.status ?? 1);

async function compile() {
  const { build } = await import('esbuild');
  rmSync(OUT, { recursive: true, force: true });
  const all = DIRS.flatMap((dir) => listFiles(ROOT, dir));
  await build({
    ...ESBUILD_OPTIONS,
    absWorkingDir: ROOT,
    entryPoints: all.filter((f) => f.endsWith('.ts') && !f.endsWith('.d.ts')),
    outdir: OUT,
  });
  // Data read by location: src/ and commands/ as scripts/build.mjs copies them, and the knowledge folder
  // (bench/corpus.ts reads its places from ../knowledge).
  for (const file of all.filter((f) => !f.endsWith('.ts') && !f.startsWith('test/'))) {
    mkdirSync(dirname(join(OUT, file)), { recursive: true });
    cpSync(join(ROOT, file), join(OUT, file));
  }
  cpSync(join(ROOT, 'knowledge'), join(OUT, 'knowledge'), { recursive: true });
}
