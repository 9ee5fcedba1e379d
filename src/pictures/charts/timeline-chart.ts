import { DOC_TYPES } from '../../kb/schema.js';
import { TYPE_LABELS } from '../../kb/doc-line.js';
import type { ChartColours } from './chart-theme.js';
import type { PlacedLabel } from './place-labels.js';
import { fitWidth } from '../font.js';
import {
  CHART_MARGIN,
  chartHeader,
  chartLegend,
  fitLabel,
  footnote,
  frame,
  gridLines,
  labelsAbove,
  line,
  round,
  sourceLine,
  text,
  timeAxis,
  timeScale,
} from './svg.js';
import type { ChartEvent } from './timeline-events.js';

export interface TimelineChartInput {
  title: string;
  /** What was asked and how much was found, e.g. `about "moratorium" · 27 events · lanes by type`. */
  subtitle: string;
  events: readonly ChartEvent[];
  /** Lane names, top to bottom; every event's lane is one of them. */
  lanes: readonly string[];
  /** The knowledge base version and the date the picture speaks for. */
  version: string;
  asOf: string;
}

export interface ChartOptions {
  colours: ChartColours;
  width?: number;
  /** Labels at most; the other events are drawn as dots and counted in "and M more". */
  maxLabels?: number;
}

export interface Chart {
  svg: string;
  width: number;
  height: number;
  /** Events drawn, and how many of them carry a label. */
  total: number;
  labelled: number;
}

export const DEFAULT_MAX_LABELS = 14;
const MARGIN = CHART_MARGIN;
const HEADER_W = 180;
const LABEL_MAX_W = 380;
const ROW_H = 26;
const TIERS = 3;
const DOT_R = 6;

/**
 * The /timeline selection as a dated chart: one lane per type, company or jurisdiction, a dot per event,
 * labels for the most important events that fit without overlapping, and "and M more" for the rest.
 */
export function timelineChart(input: TimelineChartInput, options: ChartOptions): Chart {
  const c = options.colours;
  const width = options.width ?? 1200;
  const maxLabels = options.maxLabels ?? DEFAULT_MAX_LABELS;
  const plotLeft = MARGIN + HEADER_W + 12;
  const plotRight = width - MARGIN;
  const dates = input.events.map((e) => e.date).sort();
  const scale = timeScale(dates[0] ?? input.asOf, dates.at(-1) ?? input.asOf, plotLeft + 8, plotRight - 8);

  // Labels first: how many tiers each lane needs decides its height.
  const placed = new Map<string, PlacedLabel<ChartEvent>[]>(input.lanes.map((l) => [l, []]));
  const texts = new Map<ChartEvent, string>();
  const byImportance = [...input.events].sort(
    (a, b) => b.importance - a.importance || a.date.localeCompare(b.date) || a.key.localeCompare(b.key),
  );
  // Every lane's most important event first, so no lane is left without a label; then the rest.
  const leaders = input.lanes
    .map((l) => byImportance.find((e) => e.lane === l))
    .filter((e): e is ChartEvent => e !== undefined);
  const ranked = [...leaders, ...byImportance.filter((e) => !leaders.includes(e))];
  let labelled = 0;
  for (const e of ranked) {
    if (labelled >= maxLabels) break;
    const lane = placed.get(e.lane);
    if (!lane) continue;
    const next = fitLabel(lane, e, scale.x(e.date), `${e.when} · ${e.label}`, {
      maxWidth: LABEL_MAX_W,
      left: plotLeft,
      right: plotRight,
      tiers: TIERS,
    });
    if (!next) continue;
    placed.set(e.lane, next.placed);
    texts.set(e, next.content);
    labelled++;
  }

  const parts: string[] = [];
  const types = new Set(input.events.map((e) => e.type));
  let y = chartHeader(parts, input.title, input.subtitle, width, c);
  y = chartLegend(
    parts,
    DOC_TYPES.filter((t) => types.has(t)).map((t) => ({
      label: TYPE_LABELS[t],
      swatch: (x, baseline) =>
        `<circle cx="${x + 7}" cy="${baseline - 5}" r="${DOT_R}" fill="${c.types[t]}"/>`,
    })),
    y,
    width,
    c,
    { labelAt: 20, gap: 24, below: 16 },
  );

  const lanesTop = y + 10;
  let laneTop = lanesTop;
  const counts = new Map<string, number>();
  for (const e of input.events) counts.set(e.lane, (counts.get(e.lane) ?? 0) + 1);
  const laneParts: string[] = [];
  for (const [i, lane] of input.lanes.entries()) {
    const spots = placed.get(lane) ?? [];
    const tiers = Math.max(1, ...spots.map((s) => s.tier + 1));
    const dotY = laneTop + 14 + tiers * ROW_H + 12;
    const laneBottom = dotY + DOT_R + 16;
    if (i > 0) laneParts.push(line(MARGIN, laneTop, plotRight, laneTop, c.grid, 1));
    laneParts.push(line(plotLeft, dotY, plotRight, dotY, c.grid, 2));
    laneParts.push(
      text(fitWidth(lane, HEADER_W, 17, 'bold'), {
        x: MARGIN,
        y: dotY - 2,
        size: 17,
        fill: c.text,
        bold: true,
      }),
    );
    const n = counts.get(lane) ?? 0;
    laneParts.push(
      text(`${n} event${n === 1 ? '' : 's'}`, { x: MARGIN, y: dotY + 18, size: 14, fill: c.muted }),
    );
    // The most important last, so it is drawn on top where dots touch.
    for (const e of byImportance.filter((ev) => ev.lane === lane).reverse())
      laneParts.push(
        `<circle cx="${round(scale.x(e.date))}" cy="${dotY}" r="${DOT_R}" fill="${c.types[e.type]}" stroke="${c.background}" stroke-width="1.5"/>`,
      );
    labelsAbove(laneParts, spots, texts, { lineY: dotY, rowH: ROW_H, markTop: DOT_R }, c);
    laneTop = laneBottom;
  }
  const lanesBottom = laneTop;
  parts.push(...gridLines(scale, lanesTop, lanesBottom, c));
  parts.push(...laneParts);
  timeAxis(parts, scale, { left: plotLeft, right: plotRight }, lanesBottom, c);
  y = lanesBottom + 62;
  const more = input.events.length - labelled;
  if (more > 0) {
    parts.push(
      footnote(
        `…and ${more} more, drawn as dots without labels (narrow with topic, type or dates)`,
        y,
        width,
        c.text,
        17,
      ),
    );
    y += 28;
  }
  parts.push(footnote(sourceLine(input.version, input.asOf), y, width, c.muted));
  const height = Math.ceil(y + MARGIN);
  return {
    svg: frame(width, height, c, parts),
    width,
    height,
    total: input.events.length,
    labelled,
  };
}
