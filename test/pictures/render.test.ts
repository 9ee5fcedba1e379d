import { describe, expect, test } from 'vitest';
import { fitWidth, textWidth, wrapText } from '../../src/pictures/font.js';
import { createPictureCache, pictureKey } from '../../src/pictures/picture-cache.js';
import { drawnBox, MAX_IMAGE_BYTES, pngSize, renderPng } from '../../src/pictures/render.js';
import { escapeXml, SvgCanvas } from '../../src/pictures/svg.js';
import { THEMES } from '../../src/pictures/theme.js';

describe('rendering SVG to PNG with the shipped font', () => {
  test('GIVEN an SVG with text WHEN rendered THEN it is a PNG of the SVG’s size, under the size cap', async () => {
    const canvas = new SvgCanvas(640, 360, THEMES.light);
    canvas.text(20, 40, 'Biometric privacy laws', { size: 28, weight: 'bold' });
    const png = await renderPng(canvas.toString());
    expect(png.subarray(0, 8)).toEqual(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));
    expect(pngSize(png)).toEqual({ width: 640, height: 360 });
    expect(png.length).toBeLessThan(MAX_IMAGE_BYTES);
    expect(pngSize(await renderPng(canvas.toString(), { scale: 2 }))).toEqual({ width: 1280, height: 720 });
  });

  test('GIVEN bytes that are not a PNG WHEN their size is read THEN it says so', () => {
    expect(() => pngSize(Buffer.from('GIF89a……………………………………'))).toThrow('pictures: not a PNG (bad signature)');
  });

  test('GIVEN a broken SVG WHEN rendered THEN the error names the renderer', async () => {
    await expect(renderPng('<svg><text>')).rejects.toThrow(/^pictures: the SVG could not be rendered/);
  });

  test('GIVEN text measured in code WHEN the renderer draws it THEN the measured width matches what is drawn', () => {
    for (const [text, weight] of [
      ['Illinois Biometric Information Privacy Act (2008)', 'regular'],
      ['WASHINGTON · MMMM · iiii', 'bold'],
    ] as const) {
      const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="1000" height="100"><text x="10" y="60" font-family="Atkinson Hyperlegible" font-size="24"${weight === 'bold' ? ' font-weight="bold"' : ''}>${escapeXml(text)}</text></svg>`;
      const drawn = drawnBox(svg);
      // The advance width includes the side bearings the ink box leaves out: a few px wider, never narrower.
      expect(drawn).toBeDefined();
      const measured = textWidth(text, 24, weight);
      expect(measured).toBeGreaterThanOrEqual(drawn?.width ?? Infinity);
      expect(measured - (drawn?.width ?? 0)).toBeLessThan(8);
    }
  });

  test('GIVEN text without the system fonts WHEN rendered THEN glyphs are drawn (the font is loaded explicitly)', () => {
    const box = drawnBox(
      '<svg xmlns="http://www.w3.org/2000/svg" width="300" height="60"><text x="5" y="40" font-size="20">Dossier</text></svg>',
    );
    expect(box?.width).toBeGreaterThan(50);
  });
});

describe('laying text out', () => {
  test('GIVEN a long sentence WHEN wrapped THEN every line fits and the last says text was left out', () => {
    const lines = wrapText(
      'from the Dossier knowledge base, not legal advice; check the sources before you rely on it',
      200,
      16,
      {
        maxLines: 2,
      },
    );
    expect(lines).toHaveLength(2);
    for (const line of lines) expect(textWidth(line, 16)).toBeLessThanOrEqual(200);
    expect(lines[1]).toMatch(/…$/);
    expect(fitWidth('Massachusetts', 40, 16)).toMatch(/^Ma.*…$/);
    expect(fitWidth('MA', 40, 16)).toBe('MA');
  });

  test('GIVEN a canvas WHEN a text would cross its edge THEN overflow() names it', () => {
    const canvas = new SvgCanvas(200, 100, THEMES.dark);
    canvas.text(10, 30, 'inside');
    canvas.text(150, 60, 'this runs past the right edge');
    canvas.text(100, 90, 'centred', { anchor: 'middle' });
    expect(canvas.overflow().map((t) => t.text)).toEqual(['this runs past the right edge']);
    expect(canvas.toString()).toContain(`fill="${THEMES.dark.background}"`);
  });

  test('GIVEN text with markup characters WHEN drawn THEN it is escaped', () => {
    const canvas = new SvgCanvas(400, 100, THEMES.light);
    canvas.text(10, 30, 'AT&T <script> "quoted"');
    expect(canvas.toString()).toContain('AT&amp;T &lt;script&gt; &quot;quoted&quot;');
  });
});

describe('picture cache', () => {
  test('GIVEN the same picture asked twice, or at once WHEN cached THEN it renders once; a new version renders again', async () => {
    const cache = createPictureCache();
    let renders = 0;
    const render = async () => {
      renders++;
      await new Promise((r) => setTimeout(r, 5));
      return { bytes: 10, png: Buffer.alloc(10) };
    };
    const key = { kind: 'map', version: 'v1', params: { layer: 'commercial', asOf: '2024-01-01' } };
    const [a, b] = await Promise.all([cache.get(key, render), cache.get(key, render)]);
    expect(renders).toBe(1);
    expect(a.value).toBe(b.value);
    const again = await cache.get({ ...key, params: { asOf: '2024-01-01', layer: 'commercial' } }, render);
    expect(again.cached).toBe(true);
    await cache.get({ ...key, version: 'v2' }, render);
    expect(renders).toBe(2);
    expect(pictureKey({ kind: 'map', version: 'v1', params: { b: 1, a: undefined } })).toBe('map|v1|{"b":1}');
  });

  test('GIVEN more pictures than fit WHEN cached THEN the least recently used go first', async () => {
    const cache = createPictureCache({ maxBytes: 25 });
    const make = async () => ({ bytes: 10 });
    const key = (n: number) => ({ kind: 'map', version: 'v1', params: { n } });
    await cache.get(key(1), make);
    await cache.get(key(2), make);
    await cache.get(key(1), make); // 1 is now the most recent
    await cache.get(key(3), make); // 30 bytes > 25: 2 goes
    expect(cache.size).toBe(2);
    expect((await cache.get(key(1), make)).cached).toBe(true);
    expect((await cache.get(key(2), make)).cached).toBe(false);
  });
});
