import { readdirSync, readFileSync } from 'node:fs';
import { join, normalize } from 'node:path';
import { describe, expect, it } from 'vitest';

// The import rules of the README's architecture section, checked on every file of src/ and commands/.

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .filter((f) => f.endsWith('.ts'))
    .map((f) => join(dir, f));
}

/** Each file's import specifiers, relative ones resolved to repository paths (`src/kb/library.ts`). */
const imports = new Map(
  [...sourceFiles('src'), ...sourceFiles('commands')].map((file) => {
    const text = readFileSync(file, 'utf8');
    const specs = [
      ...text.matchAll(/(?:^|\n)\s*(?:import|export)\b[^'";]*?from\s+'([^']+)'|\bimport\(\s*'([^']+)'\s*\)/g),
    ].map((m) => m[1] ?? m[2] ?? '');
    return [
      file,
      specs.map((s) => (s.startsWith('.') ? normalize(join(file, '..', s)).replace(/\.js$/, '.ts') : s)),
    ] as const;
  }),
);

/** Folders whose code knows nothing of Discord or of the model provider. */
const DOMAIN = [
  'src/pictures',
  'src/tracking',
  'src/kb',
  'src/search',
  'src/answer',
  'src/freshness',
  'src/links',
  'src/suggest',
  'src/store',
  'src/reload',
  'src/llm',
  'src/digest',
  'src/health',
  'src/schedule',
];
/** The few files in those folders that are the edge to Discord: each says why in its own comment. */
const DISCORD_EDGE = ['src/digest/rest-poster.ts', 'src/health/gateway.ts'];

const filesIn = (folder: string) => [...imports.keys()].filter((f) => f.startsWith(`${folder}/`));

describe('import rules', () => {
  it('GIVEN the sources THEN the rules have files to check', () => {
    for (const folder of DOMAIN) expect(filesIn(folder).length, folder).toBeGreaterThan(0);
  });

  it('GIVEN domain code THEN it never imports discord.js, except the two edge files', () => {
    const offenders = DOMAIN.flatMap(filesIn).filter(
      (f) => !DISCORD_EDGE.includes(f) && imports.get(f)?.includes('discord.js'),
    );
    expect(offenders).toEqual([]);
  });

  it('GIVEN any file THEN only src/llm/openai.ts imports openai', () => {
    const importers = [...imports].filter(([, specs]) =>
      specs.some((s) => s === 'openai' || s.startsWith('openai/')),
    );
    expect(importers.map(([f]) => f)).toEqual(['src/llm/openai.ts']);
  });

  it('GIVEN domain code THEN it never imports commands, the Discord layer or the console', () => {
    const offenders = DOMAIN.flatMap(filesIn).flatMap((f) =>
      (imports.get(f) ?? [])
        .filter((s) => /^(commands|src\/discord|src\/console)\//.test(s))
        .map((s) => `${f} → ${s}`),
    );
    expect(offenders).toEqual([]);
  });

  it('GIVEN the shipped code THEN nothing imports test/, except the evaluation harness (a development tool, not built)', () => {
    const importers = [...imports].filter(([, specs]) => specs.some((s) => s.startsWith('test/')));
    expect(importers.map(([f]) => f)).toEqual(['src/cli/eval.ts']);
  });
});
