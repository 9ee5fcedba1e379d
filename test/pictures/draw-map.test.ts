import { describe, expect, test } from 'vitest';
import { loadKnowledge } from '../../src/knowledge.js';
import { drawLawMap, MAP_WIDTH } from '../../src/pictures/map/draw-map.js';
import { buildLawMap } from '../../src/pictures/map/law-map.js';
import { renderLawMap } from '../../src/pictures/map/render-law-map.js';
import { createPictureCache } from '../../src/pictures/picture-cache.js';
import { drawnBox, MAX_IMAGE_BYTES, pngSize } from '../../src/pictures/render.js';
import { THEMES } from '../../src/pictures/theme.js';

const knowledge = await loadKnowledge('knowledge');
const texts = (svg: string) => [...svg.matchAll(/<text[^>]*>([^<]*)<\/text>/g)].map((m) => m[1]);

describe('the map picture (the shipped knowledge base)', () => {
  test('GIVEN the police layer as of 1 January 2021 WHEN drawn THEN the title, date, legend with counts, notes and disclaimer are its texts', () => {
    const map = buildLawMap(knowledge.library, { layer: 'government', asOf: '2021-01-01' });
    const { svg, canvas } = drawLawMap(map, THEMES.light, { version: 'kb-test' });
    expect(texts(svg)).toEqual([
      'Laws on police and government face recognition',
      'As of 1 January 2021 · 6 states, 19 cities and counties',
      'Ban or moratorium on government use (4 states, 17 cities and counties)',
      'Limits on police or government use (2 states, 2 cities and counties)',
      'None in the knowledge base',
      'A city or county with its own law, coloured as above',
      'Enacted, not yet in effect: Washington (from 1 July 2021)',
      'From the Dossier knowledge base (version kb-test), not legal advice. Check each law&#39;s sources before',
      'relying on it.',
    ]);
    expect(canvas.overflow(8)).toEqual([]);
    // One marker per city or county (and one in the legend), one path per state and DC.
    expect(svg.match(/<circle /g)).toHaveLength(19 + 1);
    expect(svg.match(/<path d="M/g)?.length).toBeGreaterThanOrEqual(51);
  });

  test('GIVEN both backgrounds WHEN rendered THEN each is a PNG 1,200 px wide, under 1 MB, and nothing is drawn outside the canvas', async () => {
    const cache = createPictureCache();
    for (const theme of ['light', 'dark'] as const) {
      const picture = await renderLawMap(
        knowledge,
        { layer: 'commercial', asOf: '2026-11-29', theme },
        cache,
      );
      const size = pngSize(picture.png);
      expect(size.width).toBe(MAP_WIDTH);
      expect(size.height).toBe(Number(picture.svg.match(/height="(\d+)"/)?.[1]));
      expect(picture.png.length).toBeLessThan(MAX_IMAGE_BYTES);
      expect(picture.svg).toContain(`fill="${THEMES[theme].background}"`);
      const box = drawnBox(picture.svg);
      expect(
        box &&
          box.x >= 0 &&
          box.y >= 0 &&
          box.x + box.width <= size.width + 0.5 &&
          box.y + box.height <= size.height + 0.5,
      ).toBe(true);
      expect(picture.alt).toMatch(
        /^Map of the United States: laws on businesses' use of biometrics, as of 29 November 2026\. Biometric privacy law with a private right of action: .*Illinois/,
      );
    }
    const again = await renderLawMap(
      knowledge,
      { layer: 'commercial', asOf: '2026-11-29', theme: 'dark' },
      cache,
    );
    expect(again.cached).toBe(true);
  });
});
