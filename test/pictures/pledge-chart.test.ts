import { describe, expect, it } from 'vitest';
import { drawPledges, drawTimeline } from '../../src/pictures/charts/draw-charts.js';
import { drawnBox, MAX_IMAGE_BYTES, pngSize, renderPng } from '../../src/pictures/render.js';
import { pledgeHistory } from '../../src/kb/pledge-history.js';
import { DARK, LIGHT } from '../../src/pictures/charts/chart-theme.js';
import { pledgeChart } from '../../src/pictures/charts/pledge-chart.js';
import { chartLibrary } from './chart-fixtures.js';
import { drawnTexts, outside, overlaps } from './svg-texts.js';

/** The note at an open bar's end (the legend's entry is set larger). */
const OPEN_END = /font-size="14"[^>]*>no end recorded</g;

function draw(company: string, colours = LIGHT) {
  const history = pledgeHistory(chartLibrary(), company);
  if (!history) throw new Error(`no history for ${company}`);
  return {
    history,
    chart: pledgeChart({ history, version: 'kb-test', asOf: '2026-11-29' }, { colours }),
  };
}

describe('pledge picture', () => {
  it('GIVEN a pause later extended THEN one bar changes colour on the extension date and runs on with "no end recorded"', () => {
    const { chart } = draw('Acme');
    expect(chart.svg).toContain('Acme: pledges over time');
    expect(chart.svg).toContain('1 pledge · 2 coalition letters · 1 other statement · as of 2026-11-29');
    expect(chart.svg).toContain(`fill="${LIGHT.pledge.announced}"`);
    expect(chart.svg).toContain(`fill="${LIGHT.pledge.extended}"`);
    expect(chart.svg).toContain('>extended 18 May 2021: Acme statement');
    expect(chart.svg.match(OPEN_END)).toHaveLength(1);
    // The letters are markers with their dates.
    expect(chart.svg).toContain('>22 May 2018 · Coalition letter');
    expect(chart.svg).toContain('>15 Jan 2019 · Coalition letter');
  });

  it('GIVEN a pledge reversed THEN its bar stops at the reversal, marked with a cross, and says nothing of an open end', () => {
    const { chart, history } = draw('Globex');
    const shutdown = history.pledges.find((p) => p.statement.id === 'globex-shutdown');
    expect(shutdown?.end?.kind).toBe('reversed');
    expect(chart.svg).toContain('>reversed 21 Oct 2024: Globex statement');
    expect(chart.svg).toContain(`stroke="${LIGHT.pledge.reversed}"`);
    // The other pledge (principles) has no end recorded: exactly one open end.
    expect(chart.svg.match(OPEN_END)).toHaveLength(1);
  });

  for (const colours of [LIGHT, DARK])
    for (const company of ['Acme', 'Globex'])
      it(`GIVEN ${company} on the ${colours.name} background THEN no two texts overlap and all are inside the canvas`, () => {
        const { chart } = draw(company, colours);
        const texts = drawnTexts(chart.svg);
        expect(overlaps(texts)).toEqual([]);
        expect(outside(texts, chart.width, chart.height)).toEqual([]);
        expect(chart.svg).toContain(`fill="${colours.background}"`);
      });

  for (const colours of [LIGHT, DARK])
    it(`matches the golden SVG (${colours.name})`, async () => {
      await expect(draw('Acme', colours).chart.svg).toMatchFileSnapshot(
        `__snapshots__/pledges-${colours.name}.svg`,
      );
    });
});

describe('chart pictures as PNG', () => {
  for (const colours of [LIGHT, DARK])
    it(`GIVEN the pledge and timeline charts (${colours.name}) WHEN rendered THEN each is a PNG of the chart's size, under 1 MB, with everything drawn inside`, async () => {
      const library = chartLibrary();
      const pledges = drawPledges(library, 'Globex', '2026-11-29', { colours });
      const timeline = drawTimeline(
        library,
        { search: () => [] } as never,
        {},
        { lanes: 'type', scope: '', asOf: '2026-11-29' },
        { colours },
      );
      for (const chart of [pledges, timeline]) {
        if (!chart) throw new Error('nothing drawn');
        const png = await renderPng(chart.svg);
        expect(png.subarray(0, 8)).toEqual(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));
        expect(pngSize(png)).toEqual({ width: chart.width, height: chart.height });
        expect(png.length).toBeLessThanOrEqual(MAX_IMAGE_BYTES);
        // resvg's own measure of everything drawn but the background (which fills the canvas by design).
        const box = drawnBox(chart.svg.replace(/<rect width="\d+" height="\d+" fill="[^"]+"\/>/, ''));
        expect(box?.width).toBeLessThan(chart.width);
        expect(box?.x).toBeGreaterThanOrEqual(0);
        expect(box?.y).toBeGreaterThanOrEqual(0);
        expect((box?.x ?? 0) + (box?.width ?? Infinity)).toBeLessThanOrEqual(chart.width);
        expect((box?.y ?? 0) + (box?.height ?? Infinity)).toBeLessThanOrEqual(chart.height);
        expect(chart.alt.length).toBeLessThanOrEqual(1024);
      }
    });
});
