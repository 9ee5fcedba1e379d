import type { PictureCache, PictureKey } from '../picture-cache.js';
import { renderPng } from '../render.js';
import type { DrawnChart } from './draw-charts.js';

/** A chart rendered to PNG, with its alt text: what a command attaches. */
export interface ChartPicture {
  png: Buffer;
  alt: string;
  width: number;
  height: number;
  bytes: number;
}

/**
 * Draws and renders a chart, or takes it from `cache` when the same picture (kind, knowledge-base version,
 * parameters) was rendered before. `draw` runs only on a miss.
 */
export async function renderChart(
  cache: PictureCache | undefined,
  key: PictureKey,
  draw: () => DrawnChart,
): Promise<ChartPicture> {
  const render = async (): Promise<ChartPicture> => {
    const chart = draw();
    const png = await renderPng(chart.svg);
    return { png, alt: chart.alt, width: chart.width, height: chart.height, bytes: png.length };
  };
  return cache ? (await cache.get(key, render)).value : render();
}
