import { describe, expect, it } from 'vitest';
import { buildTimeline } from '../../src/kb/build-timeline.js';
import type { Library } from '../../src/kb/library.js';
import { DARK, LIGHT, type ChartColours } from '../../src/pictures/charts/chart-theme.js';
import { timelineChart } from '../../src/pictures/charts/timeline-chart.js';
import {
  type LaneKind,
  MAX_LANES,
  OTHER_LANE,
  timelineEvents,
} from '../../src/pictures/charts/timeline-events.js';
import type { SearchIndex } from '../../src/search/types.js';
import { chartLibrary } from './chart-fixtures.js';
import { drawnTexts, outside, overlaps, svgSize } from './svg-texts.js';

/** Without a topic the timeline lists by filters alone; a search would be a mistake here. */
const noSearch = {
  search: () => {
    throw new Error('the timeline without a topic must not search');
  },
} as unknown as SearchIndex;

function draw(library: Library, lanes: LaneKind, colours: ChartColours, maxLabels?: number) {
  const items = buildTimeline(library, noSearch, {});
  const events = timelineEvents(items, library, lanes);
  const chart = timelineChart(
    {
      title: 'Timeline',
      subtitle: `${items.length} events · lanes by ${lanes}`,
      ...events,
      version: 'kb-test',
      asOf: '2026-11-29',
    },
    { colours, ...(maxLabels ? { maxLabels } : {}) },
  );
  return { items, events, chart };
}

describe('timeline picture', () => {
  it('GIVEN a crowded timeline THEN every item is a dot, at most N carry labels, and the rest are counted as "and M more"', () => {
    const { items, chart } = draw(chartLibrary(), 'type', LIGHT, 10);
    expect(chart.total).toBe(items.length);
    expect(chart.svg.match(/<circle cx="[\d.]+" cy="[\d.]+" r="6" fill="[^"]+" stroke=/g)).toHaveLength(
      items.length,
    );
    expect(chart.labelled).toBeLessThanOrEqual(10);
    expect(chart.labelled).toBeGreaterThan(4);
    expect(chart.svg).toContain(`…and ${items.length - chart.labelled} more`);
    // Lanes by type name their counts.
    expect(chart.svg).toContain('>34 events<'); // 27 laws and 7 of their milestones
    expect(chart.svg).toContain('From the Dossier knowledge base, version kb-test, as of 2026-11-29');
  });

  it('GIVEN room for every label THEN there is no "and M more"', () => {
    const library = chartLibrary();
    const items = buildTimeline(library, noSearch, { type: 'statement' });
    const chart = timelineChart(
      {
        title: 'Timeline',
        subtitle: '',
        ...timelineEvents(items, library, 'company'),
        version: 'v',
        asOf: '2026-11-29',
      },
      { colours: LIGHT },
    );
    expect(chart.labelled).toBe(items.length);
    expect(chart.svg).not.toContain('more');
  });

  for (const colours of [LIGHT, DARK])
    for (const lanes of ['type', 'jurisdiction', 'company'] as const)
      it(`GIVEN lanes by ${lanes} on the ${colours.name} background THEN no two texts overlap and every text is inside the canvas`, () => {
        const { chart } = draw(chartLibrary(), lanes, colours);
        const texts = drawnTexts(chart.svg);
        expect(texts.length).toBeGreaterThan(10);
        expect(overlaps(texts)).toEqual([]);
        expect(outside(texts, chart.width, chart.height)).toEqual([]);
        expect(svgSize(chart.svg)).toEqual({ width: chart.width, height: chart.height });
        expect(chart.svg).toContain(
          `<rect width="${chart.width}" height="${chart.height}" fill="${colours.background}"/>`,
        );
      });

  it('GIVEN more jurisdictions than lanes THEN the smallest are merged into one lane and no event is lost', () => {
    const library = chartLibrary();
    const { events, lanes } = timelineEvents(buildTimeline(library, noSearch, {}), library, 'jurisdiction');
    expect(lanes).toHaveLength(MAX_LANES);
    expect(lanes.at(-1)).toBe(OTHER_LANE);
    expect(events.every((e) => lanes.includes(e.lane))).toBe(true);
  });

  it('GIVEN lanes by company THEN letters join the company they were sent to and statements their author', () => {
    const library = chartLibrary();
    const { events } = timelineEvents(
      buildTimeline(library, noSearch, { type: ['letter', 'statement'] }),
      library,
      'company',
    );
    const laneOf = (id: string) => events.find((e) => e.key.endsWith(`:${id}`))?.lane;
    expect(laneOf('letter-a')).toBe('Acme');
    expect(laneOf('letter-c')).toBe('Globex');
    expect(laneOf('acme-extends')).toBe('Acme');
  });

  for (const colours of [LIGHT, DARK])
    it(`matches the golden SVG (${colours.name})`, async () => {
      const { chart } = draw(chartLibrary(), 'type', colours);
      await expect(chart.svg).toMatchFileSnapshot(`__snapshots__/timeline-${colours.name}.svg`);
    });
});
