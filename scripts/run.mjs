// `node scripts/run.mjs src/index [args…]`: runs the compiled dist/src/index.js with args, building dist/
// first when it is missing or was built from other sources (see scripts/build.mjs). This is what
// `npm start`, `npm run dossier` and the other run scripts call, so a fresh clone and an edited checkout
// both run the current code. An image that holds dist/ without src/ runs dist/ as it is.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { build, builtHash, hasSources, ROOT, sourceHash } from './build.mjs';

const [entry, ...args] = process.argv.slice(2);
if (!entry) {
  process.stderr.write('usage: node scripts/run.mjs src/<entry> [args…]\n');
  process.exit(2);
}
if (hasSources(ROOT) && builtHash(ROOT) !== sourceHash(ROOT)) {
  try {
    const result = await build(ROOT, { ifStale: true });
    if (result.built) process.stderr.write(`build: ${result.files} files into dist/ in ${result.ms} ms\n`);
  } catch (error) {
    process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  }
}
const file = join(ROOT, 'dist', `${entry.replace(/\.(ts|js)$/, '')}.js`);
if (!existsSync(file)) {
  process.stderr.write(`run: ${file} does not exist (is "${entry}" a file under src/?)\n`);
  process.exit(2);
}
// The program sees its own path and arguments, as if started as `node dist/src/<entry>.js args…`.
process.argv = [process.argv[0] ?? process.execPath, file, ...args];
process.setSourceMapsEnabled(true);
await import(pathToFileURL(file).href);
