import { writeFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { isCalendarDate } from '../kb/schema.js';
import { loadKnowledge } from '../knowledge.js';
import { isLayerId, LAYER_IDS } from '../pictures/map/law-map.js';
import { lawsAbout, renderLawMap } from '../pictures/map/render-law-map.js';
import { isThemeName } from '../pictures/theme.js';
import { CliUsageError } from './ask.js';
import { knowledgeDirOf, problemsLine } from './cli-knowledge.js';

export const MAP_USAGE = `map --out FILE [--layer commercial|government] [--as-of YYYY-MM-DD] [--topic T]
                      [--background light|dark] [--svg]   the /map picture as PNG (or SVG) for slides`;

/**
 * `dossier map --out map.png`: the same picture /map posts, written to a file for curators' slides.
 * Prints the file's path and what it shows; `--svg` writes the SVG instead (editable, scalable).
 */
export async function mapCli(
  args: readonly string[],
  env: NodeJS.ProcessEnv,
  out: (line: string) => void,
  now: () => Date = () => new Date(),
): Promise<number> {
  const { values } = parseArgs({
    args: [...args],
    options: {
      out: { type: 'string' },
      layer: { type: 'string', default: 'commercial' },
      'as-of': { type: 'string' },
      topic: { type: 'string' },
      background: { type: 'string', default: 'light' },
      svg: { type: 'boolean', default: false },
    },
  });
  if (!values.out) throw new CliUsageError('map needs --out FILE (e.g. --out map.png)');
  if (!isLayerId(values.layer))
    throw new CliUsageError(`--layer: expected one of ${LAYER_IDS.join(', ')}, got "${values.layer}"`);
  if (!isThemeName(values.background))
    throw new CliUsageError(`--background: expected light or dark, got "${values.background}"`);
  const asOf = values['as-of'] ?? now().toISOString().slice(0, 10);
  if (!isCalendarDate(asOf)) throw new CliUsageError(`--as-of: expected YYYY-MM-DD, got "${asOf}"`);
  const dir = knowledgeDirOf(env);
  const knowledge = await loadKnowledge(dir);
  if (knowledge.problems.length > 0)
    process.stderr.write(`${problemsLine(knowledge.problems.length, dir)}\n`);
  if (values.topic && lawsAbout(knowledge.search, values.topic)?.size === 0) {
    process.stderr.write(`dossier: no law in the knowledge base about "${values.topic}"\n`);
    return 1;
  }
  const picture = await renderLawMap(knowledge, {
    layer: values.layer,
    asOf,
    theme: values.background,
    topic: values.topic,
  });
  const path = resolve(values.out);
  await writeFile(path, values.svg ? picture.svg : picture.png);
  out(path);
  out(picture.alt);
  return 0;
}
