/**
 * Small pieces the chart builders share: text and line elements, a date scale with year ticks, and the
 * frame. Charts are plain SVG strings (text measured with the shipped font, src/pictures/font.ts), so they
 * can be tested as text and rendered by src/pictures/render.ts.
 */

import { FONT_FAMILY } from '../font.js';
import { escapeXml } from '../svg.js';
import type { ChartColours } from './chart-theme.js';

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
