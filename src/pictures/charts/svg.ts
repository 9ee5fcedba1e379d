/**
 * Small pieces the chart builders share: text and line elements, a date scale with year ticks, the
 * header, legend, date axis and footnotes every chart lays out the same way, and the frame. Charts are plain SVG strings (text measured with the shipped font, src/pictures/font.ts), so they
 * can be tested as text and rendered by src/pictures/render.ts.
 */

import { FONT_FAMILY, fitWidth, textWidth } from '../font.js';
import { escapeXml } from '../svg.js';
import type { ChartColours } from './chart-theme.js';
import { addLabel, type PlacedLabel } from './place-labels.js';

export interface TextAttrs {
  x: number;
  y: number;
  size: number;
  fill: string;
  anchor?: 'start' | 'middle' | 'end';
  bold?: boolean;
}

/** One line of text; `y` is the baseline. Every chart text goes through here, so tests can find it. */
export function text(content: string, a: TextAttrs): string {
  const anchor = a.anchor && a.anchor !== 'start' ? ` text-anchor="${a.anchor}"` : '';
  const weight = a.bold ? ' font-weight="700"' : '';
  return `<text x="${round(a.x)}" y="${round(a.y)}" font-size="${a.size}"${weight}${anchor} fill="${a.fill}">${escapeXml(content)}</text>`;
}

export function round(n: number): number {
  return Math.round(n * 10) / 10;
}

/** Days since 1970-01-01 for a YYYY-MM-DD date. */
export function dayNumber(date: string): number {
  return (
    Date.UTC(Number(date.slice(0, 4)), Number(date.slice(5, 7)) - 1, Number(date.slice(8, 10))) / 86_400_000
  );
}

export interface TimeScale {
  x(date: string): number;
  ticks: { x: number; label: string }[];
}

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/**
 * A linear date scale from `first` to `last` onto [left, right], padded a little on both sides, with ticks
 * on whole years (every 1, 2, 5, 10… years) or, for spans under two years, on months.
 */
export function timeScale(first: string, last: string, left: number, right: number): TimeScale {
  const a = dayNumber(first);
  const b = Math.max(dayNumber(last), a + 30);
  const pad = (b - a) * 0.03;
  const lo = a - pad;
  const hi = b + pad;
  const x = (d: number) => left + ((d - lo) / (hi - lo)) * (right - left);
  const ticks: { x: number; label: string }[] = [];
  const y0 = new Date(lo * 86_400_000).getUTCFullYear();
  const y1 = new Date(hi * 86_400_000).getUTCFullYear();
  if (hi - lo >= 730) {
    const span = y1 - y0 + 1;
    const step = [1, 2, 5, 10, 20, 50, 100].find((s) => span / s <= 10) ?? 100;
    for (let y = Math.ceil(y0 / step) * step; y <= y1; y += step) {
      const d = Date.UTC(y, 0, 1) / 86_400_000;
      if (d >= lo && d <= hi) ticks.push({ x: x(d), label: String(y) });
    }
  } else {
    const months = (y1 - y0) * 12 + 12;
    const step = [1, 2, 3, 6].find((s) => months / s <= 14) ?? 6;
    for (let y = y0; y <= y1; y++)
      for (let m = 0; m < 12; m += step) {
        const d = Date.UTC(y, m, 1) / 86_400_000;
        if (d >= lo && d <= hi)
          ticks.push({ x: x(d), label: m === 0 ? `${MONTHS[m]} ${y}` : `${MONTHS[m]}` });
      }
  }
  return { x: (date) => x(dayNumber(date)), ticks };
}

export function line(x1: number, y1: number, x2: number, y2: number, stroke: string, w: number): string {
  return `<line x1="${round(x1)}" y1="${round(y1)}" x2="${round(x2)}" y2="${round(y2)}" stroke="${stroke}" stroke-width="${w}"/>`;
}

/** The whole picture: a filled background (transparent PNGs vanish in Discord's dark theme) and the parts. */
export function frame(width: number, height: number, c: ChartColours, parts: string[]): string {
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="${FONT_FAMILY}">`,
    `<rect width="${width}" height="${height}" fill="${c.background}"/>`,
    ...parts,
    '</svg>',
  ].join('\n');
}

/** The outer margin of every chart. */
export const CHART_MARGIN = 28;

/** The title (bold) and the subtitle under it, fitted to the width. Returns the y the legend starts at. */
export function chartHeader(
  parts: string[],
  title: string,
  subtitle: string,
  width: number,
  c: ChartColours,
): number {
  const inner = width - 2 * CHART_MARGIN;
  let y = CHART_MARGIN + 30;
  parts.push(
    text(fitWidth(title, inner, 30, 'bold'), { x: CHART_MARGIN, y, size: 30, fill: c.text, bold: true }),
  );
  y += 32;
  parts.push(text(fitWidth(subtitle, inner, 18), { x: CHART_MARGIN, y, size: 18, fill: c.muted }));
  return y + 34;
}

export interface LegendItem {
  label: string;
  /** The swatch for the item whose row starts at `x`, with the label's baseline at `y`. */
  swatch: (x: number, y: number) => string;
}

/**
 * Legend items in a row that wraps to the width: a swatch, then its label at `labelAt` past it, `gap`
 * before the next item. Returns the y under the legend (the last row's baseline plus `below`).
 */
export function chartLegend(
  parts: string[],
  items: readonly LegendItem[],
  y: number,
  width: number,
  c: ChartColours,
  spacing: { labelAt: number; gap: number; below: number },
): number {
  let x = CHART_MARGIN;
  for (const item of items) {
    const w = spacing.labelAt + textWidth(item.label, 16) + spacing.gap;
    if (x + w > width - CHART_MARGIN) {
      x = CHART_MARGIN;
      y += 26;
    }
    parts.push(item.swatch(x, y));
    parts.push(text(item.label, { x: x + spacing.labelAt, y, size: 16, fill: c.text }));
    x += w;
  }
  return y + spacing.below;
}

/** Faint year (or month) lines from `top` to `bottom`, to draw behind the plot. */
export function gridLines(scale: TimeScale, top: number, bottom: number, c: ChartColours): string[] {
  return scale.ticks.map((t) => line(t.x, top, t.x, bottom, c.grid, 1));
}

/** The date axis at `y` across the plot: its line, a tick and a label per year, labels kept inside. */
export function timeAxis(
  parts: string[],
  scale: TimeScale,
  plot: { left: number; right: number },
  y: number,
  c: ChartColours,
): void {
  parts.push(line(plot.left, y, plot.right, y, c.muted, 1.5));
  for (const t of scale.ticks) {
    const w = textWidth(t.label, 15);
    const x = Math.min(Math.max(t.x, plot.left + w / 2), plot.right - w / 2);
    parts.push(line(t.x, y, t.x, y + 6, c.muted, 1.5));
    parts.push(text(t.label, { x, y: y + 26, size: 15, fill: c.muted, anchor: 'middle' }));
  }
}

/** A line of small print under the chart (the source, a caveat), fitted to the width. */
export function footnote(content: string, y: number, width: number, fill: string, size = 14): string {
  return text(fitWidth(content, width - 2 * CHART_MARGIN, size), { x: CHART_MARGIN, y, size, fill });
}

/** The source line every chart ends with. */
export function sourceLine(version: string, asOf: string): string {
  return `From the Dossier knowledge base, version ${version}, as of ${asOf}. Not legal advice.`;
}

/** Chart labels are set in this size above their marks. */
export const MARK_LABEL_SIZE = 16;

/**
 * Fits `words` to `maxWidth` and places it among `placed` (in the first tier where it overlaps nothing);
 * the labels with it and its text, or undefined when no tier has room.
 */
export function fitLabel<K>(
  placed: readonly PlacedLabel<K>[],
  key: K,
  x: number,
  words: string,
  o: { maxWidth: number; left: number; right: number; tiers: number },
): { placed: PlacedLabel<K>[]; content: string } | undefined {
  const content = fitWidth(words, o.maxWidth, MARK_LABEL_SIZE);
  const next = addLabel(
    placed,
    { key, x, width: textWidth(content, MARK_LABEL_SIZE) },
    { left: o.left, right: o.right, tiers: o.tiers },
  );
  return next ? { placed: next, content } : undefined;
}

/**
 * Placed labels drawn in their tiers above the line at `lineY`, `rowH` apart, each with a thin leader
 * down to its mark (stopping `markTop` above the line).
 */
export function labelsAbove<K>(
  parts: string[],
  placed: readonly PlacedLabel<K>[],
  texts: ReadonlyMap<K, string>,
  o: { lineY: number; rowH: number; markTop: number },
  c: ChartColours,
): void {
  for (const p of placed) {
    const baseline = o.lineY - 18 - p.tier * o.rowH;
    parts.push(line(p.x, o.lineY - o.markTop, p.x, baseline + 5, c.muted, 1));
    parts.push(text(texts.get(p.key) ?? '', { x: p.left, y: baseline, size: MARK_LABEL_SIZE, fill: c.text }));
  }
}
