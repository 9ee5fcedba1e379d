import { Resvg, renderAsync, type ResvgRenderOptions } from '@resvg/resvg-js';
import { FONT_FAMILY, FONT_FILES } from './font.js';

/**
 * Pictures: SVG built in code, turned into PNG here. How to draw one (see src/pictures/map/ for a whole
 * example):
 *
 *   import { SvgCanvas } from './svg.js';                 // text measured with the shipped font, kept inside
 *   import { THEMES, type Theme } from './theme.js';      // colour-blind-safe palette, light and dark
 *   const canvas = new SvgCanvas(1200, 800, THEMES.light);
 *   canvas.text(24, 40, 'Title', { size: 32, weight: 'bold' });   // returns the width it took
 *   canvas.raw('<path d="…" fill="…"/>');                          // anything else, already escaped
 *   const svg = canvas.toString();
 *   canvas.overflow();                                    // texts that would fall outside: [] when fine (tests)
 *   const png = await renderPng(svg);                     // Buffer, PNG; font loaded explicitly
 *   pngSize(png);                                         // { width, height } read from the IHDR chunk
 *
 * A command attaches it by returning `files: [imageFile('map.png', png, altText)]` in its Reply
 * (src/discord/reply.ts) and, to show it inside the embed, `image: { url: 'attachment://map.png' }`. The
 * console writes the file and prints its path. Cache renders per knowledge-base version and parameters
 * with `pictureCache` (src/pictures/picture-cache.ts).
 *
 * Text uses FONT_FAMILY (Atkinson Hyperlegible, from an npm package); system fonts are never loaded, so a
 * picture is the same on every machine. Images must stay ≤ MAX_IMAGE_BYTES.
 */

/** Pictures are kept well under Discord's upload limit so a phone on a slow network loads them. */
export const MAX_IMAGE_BYTES = 1024 * 1024;

const RENDER_OPTIONS: ResvgRenderOptions = {
  font: {
    loadSystemFonts: false,
    fontFiles: [FONT_FILES.regular, FONT_FILES.bold],
    defaultFontFamily: FONT_FAMILY,
    sansSerifFamily: FONT_FAMILY,
  },
  shapeRendering: 2,
  textRendering: 1,
  logLevel: 'off',
};

/**
 * Renders an SVG document to PNG at its own width and height (`scale` multiplies both), off the main
 * thread. Throws `pictures: …` when the SVG cannot be parsed or the PNG exceeds MAX_IMAGE_BYTES.
 */
export async function renderPng(svg: string, options: { scale?: number } = {}): Promise<Buffer> {
  const scale = options.scale ?? 1;
  let image;
  try {
    image = await renderAsync(svg, {
      ...RENDER_OPTIONS,
      ...(scale !== 1 ? { fitTo: { mode: 'zoom' as const, value: scale } } : {}),
    });
  } catch (error) {
    throw new Error(`pictures: the SVG could not be rendered: ${(error as Error).message}`, { cause: error });
  }
  const png = image.asPng();
  if (png.length > MAX_IMAGE_BYTES)
    throw new Error(
      `pictures: the image is ${png.length} bytes, over the ${MAX_IMAGE_BYTES}-byte limit; draw fewer details`,
    );
  return png;
}

/** The box every drawn element of `svg` covers (resvg's own measure), for checks that nothing spills out. */
export function drawnBox(svg: string): { x: number; y: number; width: number; height: number } | undefined {
  const box = new Resvg(svg, RENDER_OPTIONS).getBBox();
  return box ? { x: box.x, y: box.y, width: box.width, height: box.height } : undefined;
}

const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

/** Width and height from a PNG's IHDR chunk; throws when `png` is not a PNG. */
export function pngSize(png: Buffer): { width: number; height: number } {
  if (png.length < 24 || !png.subarray(0, 8).equals(PNG_SIGNATURE))
    throw new Error('pictures: not a PNG (bad signature)');
  if (png.toString('latin1', 12, 16) !== 'IHDR') throw new Error('pictures: not a PNG (no IHDR chunk first)');
  return { width: png.readUInt32BE(16), height: png.readUInt32BE(20) };
}
