import { writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { isCalendarDate } from '../kb/schema.js';
import { DOC_TYPES, type DocType } from '../kb/schema.js';
import { resolveJurisdiction } from '../kb/law-card.js';
import { loadKnowledge } from '../knowledge.js';
import { chartColours } from '../pictures/charts/chart-theme.js';
import { type DrawnChart, drawPledges, drawTimeline } from '../pictures/charts/draw-charts.js';
import { LANE_KINDS, type LaneKind } from '../pictures/charts/timeline-events.js';
import { renderPng } from '../pictures/render.js';
import { isThemeName, THEMES } from '../pictures/theme.js';
import { CliUsageError } from './ask.js';

export const TIMELINE_USAGE =
  'timeline --out FILE [--topic T] [--type T] [--jurisdiction J] [--from D] [--to D] [--lanes type|jurisdiction|company] [--theme light|dark] [--svg]\n' +
  '                                             draw the /timeline chart to a PNG (or SVG) file for slides';
export const STATEMENT_USAGE =
  'statement "<company>" --out FILE [--theme light|dark] [--svg]   draw a company\'s pledges to a PNG (or SVG) file';

const COMMON = {
  out: { type: 'string' },
  svg: { type: 'boolean', default: false },
  theme: { type: 'string', default: 'light' },
  'as-of': { type: 'string' },
} as const;

/** `timeline --out file.png`: the same selection as /timeline, drawn as the bot draws it. */
export async function timelineCli(args: string[], dir: string, out: (line: string) => void): Promise<number> {
  const { values } = parseArgs({
    args,
    options: {
      ...COMMON,
      topic: { type: 'string' },
      type: { type: 'string' },
      jurisdiction: { type: 'string' },
      from: { type: 'string' },
      to: { type: 'string' },
      lanes: { type: 'string', default: 'type' },
    },
  });
  const { file, theme, asOf } = common(values);
  if (values.type && !DOC_TYPES.includes(values.type as DocType))
    throw new CliUsageError(`--type: expected one of ${DOC_TYPES.join(', ')}, got "${values.type}"`);
  if (!LANE_KINDS.includes(values.lanes as LaneKind))
    throw new CliUsageError(`--lanes: expected one of ${LANE_KINDS.join(', ')}, got "${values.lanes}"`);
  for (const [name, v] of [
    ['--from', values.from],
    ['--to', values.to],
  ] as const)
    if (v !== undefined && !isCalendarDate(v))
      throw new CliUsageError(`${name}: expected YYYY-MM-DD, got "${v}"`);
  const { library, search } = await loadKnowledge(dir);
  const jurisdiction = values.jurisdiction ? resolveJurisdiction(library, values.jurisdiction) : undefined;
  if (values.jurisdiction && !jurisdiction)
    throw new CliUsageError(
      `--jurisdiction: no place is called "${values.jurisdiction}" (see knowledge/jurisdictions.yml)`,
    );
  const query = {
    topic: values.topic,
    type: values.type as DocType | undefined,
    jurisdiction,
    from: values.from,
    to: values.to,
  };
  const scope = [
    values.topic ? `about "${values.topic}"` : '',
    values.type ?? '',
    jurisdiction ? library.places.name(jurisdiction) : '',
    values.from ? `from ${values.from}` : '',
    values.to ? `to ${values.to}` : '',
  ]
    .filter(Boolean)
    .join(', ');
  const chart = drawTimeline(
    library,
    search,
    query,
    { lanes: values.lanes as LaneKind, scope, asOf },
    {
      colours: chartColours(THEMES[theme]),
    },
  );
  if (!chart) {
    process.stderr.write(`dossier: nothing in the knowledge base${scope ? ` ${scope}` : ''}\n`);
    return 1;
  }
  return write(chart, file, values.svg, out);
}

/** `statement "<company>" --out file.png`: the /statement pledge chart. */
export async function statementCli(
  args: string[],
  dir: string,
  out: (line: string) => void,
): Promise<number> {
  const { values, positionals } = parseArgs({ args, allowPositionals: true, options: COMMON });
  const { file, theme, asOf } = common(values);
  const company = positionals.join(' ').trim();
  if (!company) throw new CliUsageError('statement needs a company, e.g. statement Amazon --out amazon.png');
  const { library } = await loadKnowledge(dir);
  const chart = drawPledges(library, company, asOf, { colours: chartColours(THEMES[theme]) });
  if (!chart) {
    const known = library.statementOrganizations().map((f) => f.value);
    process.stderr.write(
      `dossier: no statements from "${company}"; companies with statements: ${known.join(', ')}\n`,
    );
    return 1;
  }
  return write(chart, file, values.svg, out);
}

function common(values: {
  out?: string | undefined;
  theme?: string | undefined;
  'as-of'?: string | undefined;
}) {
  if (!values.out) throw new CliUsageError('--out FILE is required (where to write the picture)');
  const theme = values.theme ?? 'light';
  if (!isThemeName(theme)) throw new CliUsageError(`--theme: expected light or dark, got "${theme}"`);
  const asOf = values['as-of'] ?? new Date().toISOString().slice(0, 10);
  if (!isCalendarDate(asOf)) throw new CliUsageError(`--as-of: expected YYYY-MM-DD, got "${asOf}"`);
  return { file: values.out, theme, asOf };
}

async function write(chart: DrawnChart, file: string, svg: boolean | undefined, out: (line: string) => void) {
  const data = svg ? Buffer.from(chart.svg) : await renderPng(chart.svg);
  writeFileSync(file, data);
  out(
    `${file}: ${svg ? 'SVG' : 'PNG'} ${chart.width}×${chart.height}, ${data.length} bytes; ${chart.labelled} of ${chart.total} marks labelled`,
  );
  out(`alt text: ${chart.alt}`);
  return 0;
}
