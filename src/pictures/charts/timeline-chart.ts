import { DOC_TYPES, type DocType } from '../../kb/schema.js';
import { TYPE_LABELS } from '../../kb/doc-line.js';
import type { ChartColours } from './chart-theme.js';
import { addLabel, type PlacedLabel } from './place-labels.js';
import { fitWidth, textWidth } from '../font.js';
import { frame, line, round, text, timeScale } from './svg.js';
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
const MARGIN = 28;
const HEADER_W = 180;
const LABEL_SIZE = 16;
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
    const content = fitWidth(`${e.when} · ${e.label}`, LABEL_MAX_W, LABEL_SIZE);
    const next = addLabel(
      lane,
      { key: e, x: scale.x(e.date), width: textWidth(content, LABEL_SIZE) },
      {
        left: plotLeft,
        right: plotRight,
        tiers: TIERS,
      },
    );
    if (!next) continue;
    placed.set(e.lane, next);
    texts.set(e, content);
    labelled++;
  }

  const parts: string[] = [];
  let y = MARGIN + 30;
  parts.push(
    text(fitWidth(input.title, width - 2 * MARGIN, 30, 'bold'), {
      x: MARGIN,
      y,
      size: 30,
      fill: c.text,
      bold: true,
    }),
  );
  y += 32;
  parts.push(
    text(fitWidth(input.subtitle, width - 2 * MARGIN, 18), { x: MARGIN, y, size: 18, fill: c.muted }),
  );
  y += 34;
  const types = new Set(input.events.map((e) => e.type));
  y = legend(
    parts,
    DOC_TYPES.filter((t) => types.has(t)),
    y,
    width,
    c,
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
    for (const s of spots) {
      const baseline = dotY - 12 - s.tier * ROW_H - 6;
      laneParts.push(line(s.x, dotY - DOT_R, s.x, baseline + 5, c.muted, 1));
      laneParts.push(
        text(texts.get(s.key) ?? '', { x: s.left, y: baseline, size: LABEL_SIZE, fill: c.text }),
      );
    }
    laneTop = laneBottom;
  }
  const lanesBottom = laneTop;
  for (const t of scale.ticks) parts.push(line(t.x, lanesTop, t.x, lanesBottom, c.grid, 1));
  parts.push(...laneParts);
  parts.push(line(plotLeft, lanesBottom, plotRight, lanesBottom, c.muted, 1.5));
  for (const t of scale.ticks) {
    const w = textWidth(t.label, 15);
    const x = Math.min(Math.max(t.x, plotLeft + w / 2), plotRight - w / 2);
    parts.push(line(t.x, lanesBottom, t.x, lanesBottom + 6, c.muted, 1.5));
    parts.push(text(t.label, { x, y: lanesBottom + 26, size: 15, fill: c.muted, anchor: 'middle' }));
  }
  y = lanesBottom + 62;
  const more = input.events.length - labelled;
  if (more > 0) {
    parts.push(
      text(
        fitWidth(
          `…and ${more} more, drawn as dots without labels (narrow with topic, type or dates)`,
          width - 2 * MARGIN,
          17,
        ),
        { x: MARGIN, y, size: 17, fill: c.text },
      ),
    );
    y += 28;
  }
  parts.push(
    text(
      fitWidth(
        `From the Dossier knowledge base, version ${input.version}, as of ${input.asOf}. Not legal advice.`,
        width - 2 * MARGIN,
        14,
      ),
      { x: MARGIN, y, size: 14, fill: c.muted },
    ),
  );
  const height = Math.ceil(y + MARGIN);
  return {
    svg: frame(width, height, c, parts),
    width,
    height,
    total: input.events.length,
    labelled,
  };
}

/** A row of coloured dots naming the kinds of entries drawn, wrapped to the width. Returns the next y. */
function legend(parts: string[], types: DocType[], y: number, width: number, c: ChartColours): number {
  let x = MARGIN;
  for (const t of types) {
    const label = TYPE_LABELS[t];
    const w = 20 + textWidth(label, 16) + 24;
    if (x + w > width - MARGIN) {
      x = MARGIN;
      y += 26;
    }
    parts.push(`<circle cx="${x + 7}" cy="${y - 5}" r="${DOT_R}" fill="${c.types[t]}"/>`);
    parts.push(text(label, { x: x + 20, y, size: 16, fill: c.text }));
    x += w;
  }
  return y + 16;
}
