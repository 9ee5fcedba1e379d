import { shortDate } from '../../kb/doc-line.js';
import type { PledgeChange, PledgeHistory } from '../../kb/pledge-history.js';
import type { Doc } from '../../kb/schema.js';
import type { ChartColours } from './chart-theme.js';
import { addLabel, type LabelRequest, type PlacedLabel } from './place-labels.js';
import { fitWidth, textWidth } from '../font.js';
import {
  CHART_MARGIN,
  chartHeader,
  chartLegend,
  fitLabel,
  footnote,
  frame,
  gridLines,
  labelsAbove,
  type LegendItem,
  line,
  round,
  sourceLine,
  text,
  timeAxis,
  timeScale,
} from './svg.js';
import type { Chart, ChartOptions } from './timeline-chart.js';

export interface PledgeChartInput {
  history: PledgeHistory;
  version: string;
  /** Open pledges run to this date: the day the picture speaks for. */
  asOf: string;
}

const MARGIN = CHART_MARGIN;
const BAR_H = 18;
const LABEL_SIZE = 16;
const NOTE_SIZE = 14;
const ROW_H = 24;
const MARK_TIERS = 3;
const NOTE_TIERS = 2;
const MARK_LABEL_MAX_W = 360;

const KIND_WORD: Record<PledgeChange['kind'], string> = {
  extended: 'extended',
  ended: 'ended',
  reversed: 'reversed',
};

/**
 * A company's pledges as bars over time: from the day announced, lighter after an extension, stopped by
 * an end (a bar) or a reversal (a cross), or running on to `asOf` with an arrow and "no end recorded".
 * The coalition letters /statement lists for the company sit above as markers, the company's statements
 * that promised nothing below.
 */
export function pledgeChart(input: PledgeChartInput, options: ChartOptions): Chart {
  const { history, asOf } = input;
  const c = options.colours;
  const width = options.width ?? 1200;
  const plotLeft = MARGIN;
  const plotRight = width - MARGIN;
  const dates = [
    ...history.letters.map((d) => d.date),
    ...history.pledges.flatMap((p) => [p.statement.date, ...p.changes.map((ch) => ch.date)]),
    ...history.otherStatements.map((d) => d.date),
    asOf,
  ].sort();
  const scale = timeScale(dates[0] ?? asOf, dates.at(-1) ?? asOf, plotLeft + 10, plotRight - 10);
  const parts: string[] = [];
  let total = 0;
  let labelled = 0;

  const count = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;
  let y = chartHeader(
    parts,
    `${history.company}: pledges over time`,
    [
      count(history.pledges.length, 'pledge', 'pledges'),
      count(history.letters.length, 'coalition letter', 'coalition letters'),
      count(history.otherStatements.length, 'other statement', 'other statements'),
      `as of ${asOf}`,
    ].join(' · '),
    width,
    c,
  );
  y = legend(parts, y, width, c);
  const gridTop = y;

  // Markers (letters above, other statements below): dots on a line, labels in tiers above it.
  const markerRow = (title: string, docs: readonly Doc[], shape: 'triangle' | 'diamond', colour: string) => {
    if (docs.length === 0) return;
    let placed: PlacedLabel<Doc>[] = [];
    const labels = new Map<Doc, string>();
    for (const d of docs) {
      const next = fitLabel(
        placed,
        d,
        scale.x(d.date),
        `${shortDate(d.date, d.date_precision)} · ${d.title}`,
        { maxWidth: MARK_LABEL_MAX_W, left: plotLeft, right: plotRight, tiers: MARK_TIERS },
      );
      if (next) {
        placed = next.placed;
        labels.set(d, next.content);
      }
    }
    total += docs.length;
    labelled += placed.length;
    y += 10;
    parts.push(text(title, { x: MARGIN, y: y + 14, size: 17, fill: c.text, bold: true }));
    const tiers = Math.max(1, ...placed.map((p) => p.tier + 1));
    const lineY = y + 24 + tiers * ROW_H + 14;
    parts.push(line(plotLeft, lineY, plotRight, lineY, c.grid, 2));
    for (const d of docs) parts.push(marker(shape, scale.x(d.date), lineY, colour, c.background));
    labelsAbove(parts, placed, labels, { lineY, rowH: ROW_H, markTop: 8 }, c);
    const more = docs.length - placed.length;
    y = lineY + 12;
    if (more > 0) {
      y += 20;
      parts.push(text(`…and ${more} more without labels`, { x: MARGIN, y, size: NOTE_SIZE, fill: c.muted }));
    }
    y += 10;
  };

  markerRow(`Coalition letters (${history.letters.length})`, history.letters, 'triangle', c.pledge.letter);

  if (history.pledges.length) {
    y += 12;
    parts.push(text('Pledges', { x: MARGIN, y: y + 14, size: 17, fill: c.text, bold: true }));
    y += 24;
  }
  for (const p of history.pledges) {
    total++;
    labelled++;
    const x0 = scale.x(p.statement.date);
    const xEnd = scale.x(p.end?.date ?? asOf);
    const title = `${shortDate(p.statement.date, p.statement.date_precision)} · ${p.statement.title}`;
    // The title sits above its bar, starting at the bar when there is room, else ending at the right edge.
    const fitted = fitWidth(title, plotRight - plotLeft, LABEL_SIZE);
    const w = textWidth(fitted, LABEL_SIZE);
    const tx = Math.max(plotLeft, Math.min(x0, plotRight - w));
    parts.push(text(fitted, { x: tx, y: y + 16, size: LABEL_SIZE, fill: c.text }));
    const barY = y + 26;
    const ext = p.changes.find((ch) => ch.kind === 'extended' && (!p.end || ch.date <= p.end.date));
    const xExt = ext ? scale.x(ext.date) : xEnd;
    parts.push(rect(x0, barY, Math.max(2, xExt - x0), BAR_H, c.pledge.announced));
    if (ext) parts.push(rect(xExt, barY, Math.max(2, xEnd - xExt), BAR_H, c.pledge.extended));
    // What happened, as notes under the bar in up to two tiers.
    const notes: LabelRequest<string>[] = [];
    const noteText = new Map<string, string>();
    for (const [i, ch] of p.changes.entries()) {
      const key = `change-${i}`;
      const xc = scale.x(ch.date);
      if (ch.kind === 'extended') parts.push(line(xc, barY - 4, xc, barY + BAR_H + 4, c.text, 2));
      else if (ch === p.end && ch.kind === 'ended')
        parts.push(rect(xc - 3, barY - 5, 6, BAR_H + 10, c.pledge.ended));
      else if (ch === p.end) parts.push(cross(xc, barY + BAR_H / 2, c.pledge.reversed, c.background));
      const words = `${KIND_WORD[ch.kind]} ${shortDate(ch.date, ch.doc.date_precision)}: ${ch.doc.title}`;
      const content = fitWidth(words, MARK_LABEL_MAX_W, NOTE_SIZE);
      noteText.set(key, content);
      notes.push({ key, x: xc, width: textWidth(content, NOTE_SIZE) });
    }
    if (!p.end) {
      parts.push(arrow(xEnd, barY + BAR_H / 2, ext ? c.pledge.extended : c.pledge.announced));
      const content = 'no end recorded';
      noteText.set('open', content);
      notes.push({ key: 'open', x: xEnd, width: textWidth(content, NOTE_SIZE) });
    }
    let placed: PlacedLabel<string>[] = [];
    for (const n of notes)
      placed = addLabel(placed, n, { left: plotLeft, right: plotRight, tiers: NOTE_TIERS, gap: 8 }) ?? placed;
    const below = barY + BAR_H;
    for (const s of placed) {
      const baseline = below + 18 + s.tier * 20;
      parts.push(line(s.x, below + 2, s.x, baseline - 12, c.muted, 1));
      parts.push(text(noteText.get(s.key) ?? '', { x: s.left, y: baseline, size: NOTE_SIZE, fill: c.muted }));
    }
    const tiers = placed.length ? Math.max(...placed.map((s) => s.tier + 1)) : 0;
    y = below + 10 + tiers * 20 + 10;
  }

  markerRow(
    `Other statements (${history.otherStatements.length})`,
    history.otherStatements,
    'diamond',
    c.types.statement,
  );

  // Axis under everything, with faint year lines behind.
  const axisY = y + 8;
  parts.unshift(...gridLines(scale, gridTop, axisY, c));
  timeAxis(parts, scale, { left: plotLeft, right: plotRight }, axisY, c);
  y = axisY + 58;
  parts.push(
    footnote(
      'Ends and reversals are drawn only where the knowledge base records them; an open bar means none is recorded.',
      y,
      width,
      c.muted,
    ),
  );
  y += 22;
  parts.push(footnote(sourceLine(input.version, asOf), y, width, c.muted));
  const height = Math.ceil(y + MARGIN);
  // The year lines were put first so everything else draws over them; the background goes under all.
  return { svg: frame(width, height, c, parts), width, height, total, labelled };
}

function legend(parts: string[], y: number, width: number, c: ChartColours): number {
  const items: LegendItem[] = [
    { label: 'announced', swatch: (x, y) => rect(x, y - 13, 26, 12, c.pledge.announced) },
    { label: 'extended', swatch: (x, y) => rect(x, y - 13, 26, 12, c.pledge.extended) },
    { label: 'ended', swatch: (x, y) => rect(x + 10, y - 16, 6, 18, c.pledge.ended) },
    { label: 'reversed', swatch: (x, y) => cross(x + 13, y - 7, c.pledge.reversed, c.background) },
    { label: 'no end recorded', swatch: (x, y) => arrow(x + 20, y - 7, c.pledge.announced) },
    {
      label: 'coalition letter',
      swatch: (x, y) => marker('triangle', x + 13, y - 7, c.pledge.letter, c.background),
    },
    {
      label: 'other statement',
      swatch: (x, y) => marker('diamond', x + 13, y - 7, c.types.statement, c.background),
    },
  ];
  return chartLegend(parts, items, y, width, c, { labelAt: 34, gap: 22, below: 12 });
}

function rect(x: number, y: number, w: number, h: number, fill: string): string {
  return `<rect x="${round(x)}" y="${round(y)}" width="${round(w)}" height="${round(h)}" fill="${fill}"/>`;
}

function cross(x: number, y: number, colour: string, halo: string): string {
  const d = `M${round(x - 8)} ${round(y - 8)}L${round(x + 8)} ${round(y + 8)}M${round(x + 8)} ${round(y - 8)}L${round(x - 8)} ${round(y + 8)}`;
  return `<path d="${d}" stroke="${halo}" stroke-width="8" stroke-linecap="round"/><path d="${d}" stroke="${colour}" stroke-width="4" stroke-linecap="round"/>`;
}

function arrow(x: number, y: number, colour: string): string {
  return `<path d="M${round(x - 2)} ${round(y - 11)}L${round(x + 10)} ${round(y)}L${round(x - 2)} ${round(y + 11)}Z" fill="${colour}"/>`;
}

function marker(shape: 'triangle' | 'diamond', x: number, y: number, fill: string, halo: string): string {
  const d =
    shape === 'triangle'
      ? `M${round(x)} ${round(y - 8)}L${round(x + 8)} ${round(y + 7)}L${round(x - 8)} ${round(y + 7)}Z`
      : `M${round(x)} ${round(y - 8)}L${round(x + 8)} ${round(y)}L${round(x)} ${round(y + 8)}L${round(x - 8)} ${round(y)}Z`;
  return `<path d="${d}" fill="${fill}" stroke="${halo}" stroke-width="1.5"/>`;
}
