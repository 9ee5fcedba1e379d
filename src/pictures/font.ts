import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';

/**
 * The one typeface every picture uses: Atkinson Hyperlegible (SIL Open Font License 1.1), designed by the
 * Braille Institute for low-vision readers, shipped as TTF files inside an npm package. Images never depend on
 * the fonts of the machine that draws them: the renderer loads these files and nothing else.
 */
export const FONT_FAMILY = 'Atkinson Hyperlegible';

const PACKAGE = '@expo-google-fonts/atkinson-hyperlegible';
const require = createRequire(import.meta.url);

export const FONT_FILES = {
  regular: require.resolve(`${PACKAGE}/400Regular/AtkinsonHyperlegible_400Regular.ttf`),
  bold: require.resolve(`${PACKAGE}/700Bold/AtkinsonHyperlegible_700Bold.ttf`),
} as const;

export type FontWeight = keyof typeof FONT_FILES;

/** Advance widths read from a TrueType file: enough to lay text out without a browser. */
export interface FontMetrics {
  unitsPerEm: number;
  /** Advance width in font units of the glyph for `codePoint` (the missing glyph's when absent). */
  advance(codePoint: number): number;
  /** Pairs of glyph kerning are ignored: widths are a slight overestimate, which keeps text inside boxes. */
}

/**
 * Reads `head` (units per em), `hhea` + `hmtx` (advance widths) and the Unicode `cmap` subtable (format 4,
 * or 12 when present) of a TrueType font. Throws naming the file and the table when one is missing.
 */
export function parseFontMetrics(buffer: Buffer, file = 'font'): FontMetrics {
  const tables = new Map<string, number>();
  const numTables = buffer.readUInt16BE(4);
  for (let i = 0; i < numTables; i++) {
    const at = 12 + i * 16;
    tables.set(buffer.toString('latin1', at, at + 4), buffer.readUInt32BE(at + 8));
  }
  const table = (tag: string) => {
    const offset = tables.get(tag);
    if (offset === undefined) throw new Error(`pictures: ${file}: no ${tag} table`);
    return offset;
  };
  const unitsPerEm = buffer.readUInt16BE(table('head') + 18);
  const numberOfHMetrics = buffer.readUInt16BE(table('hhea') + 34);
  const hmtx = table('hmtx');
  const glyphAdvance = (glyph: number) =>
    buffer.readUInt16BE(hmtx + 4 * Math.min(glyph, numberOfHMetrics - 1));

  const cmap = table('cmap');
  const glyphs = new Map<number, number>();
  const subtables = buffer.readUInt16BE(cmap + 2);
  let format4: number | undefined;
  let format12: number | undefined;
  for (let i = 0; i < subtables; i++) {
    const platform = buffer.readUInt16BE(cmap + 4 + i * 8);
    const encoding = buffer.readUInt16BE(cmap + 6 + i * 8);
    const offset = cmap + buffer.readUInt32BE(cmap + 8 + i * 8);
    const format = buffer.readUInt16BE(offset);
    if (format === 4 && (platform === 3 || platform === 0) && (encoding === 1 || platform === 0))
      format4 ??= offset;
    if (format === 12 && (platform === 3 || platform === 0)) format12 ??= offset;
  }
  if (format12 !== undefined) {
    const groups = buffer.readUInt32BE(format12 + 12);
    for (let g = 0; g < groups; g++) {
      const at = format12 + 16 + g * 12;
      const start = buffer.readUInt32BE(at);
      const end = buffer.readUInt32BE(at + 4);
      const glyph = buffer.readUInt32BE(at + 8);
      for (let c = start; c <= end && c - start < 0x10000; c++) glyphs.set(c, glyph + (c - start));
    }
  } else if (format4 !== undefined) {
    const segX2 = buffer.readUInt16BE(format4 + 6);
    const ends = format4 + 14;
    const starts = ends + segX2 + 2;
    const deltas = starts + segX2;
    const rangeOffsets = deltas + segX2;
    for (let s = 0; s < segX2 / 2; s++) {
      const end = buffer.readUInt16BE(ends + 2 * s);
      const start = buffer.readUInt16BE(starts + 2 * s);
      const delta = buffer.readInt16BE(deltas + 2 * s);
      const rangeOffset = buffer.readUInt16BE(rangeOffsets + 2 * s);
      for (let c = start; c <= end && c !== 0xffff; c++) {
        let glyph: number;
        if (rangeOffset === 0) glyph = (c + delta) & 0xffff;
        else {
          const at = rangeOffsets + 2 * s + rangeOffset + 2 * (c - start);
          glyph = buffer.readUInt16BE(at);
          if (glyph !== 0) glyph = (glyph + delta) & 0xffff;
        }
        glyphs.set(c, glyph);
      }
    }
  } else throw new Error(`pictures: ${file}: no Unicode cmap subtable`);

  return {
    unitsPerEm,
    advance: (codePoint) => glyphAdvance(glyphs.get(codePoint) ?? 0),
  };
}

const loaded = new Map<FontWeight, FontMetrics>();

export function fontMetrics(weight: FontWeight = 'regular'): FontMetrics {
  let metrics = loaded.get(weight);
  if (!metrics) {
    metrics = parseFontMetrics(readFileSync(FONT_FILES[weight]), FONT_FILES[weight]);
    loaded.set(weight, metrics);
  }
  return metrics;
}

/** Width in pixels of `text` set at `size` px in the pictures' font. */
export function textWidth(text: string, size: number, weight: FontWeight = 'regular'): number {
  const metrics = fontMetrics(weight);
  let units = 0;
  for (const ch of text) units += metrics.advance(ch.codePointAt(0) ?? 0);
  return (units / metrics.unitsPerEm) * size;
}

/**
 * Breaks `text` into lines no wider than `maxWidth` at `size` px, at spaces; a single word wider than
 * the line is cut with "…". At most `maxLines` lines, the last ending with "…" when text was left out.
 */
export function wrapText(
  text: string,
  maxWidth: number,
  size: number,
  options: { weight?: FontWeight; maxLines?: number } = {},
): string[] {
  const weight = options.weight ?? 'regular';
  const maxLines = options.maxLines ?? Number.POSITIVE_INFINITY;
  const lines: string[] = [];
  let line = '';
  const words = text.split(/\s+/).filter(Boolean);
  for (let i = 0; i < words.length; i++) {
    const word = words[i] ?? '';
    const candidate = line ? `${line} ${word}` : word;
    if (textWidth(candidate, size, weight) <= maxWidth) {
      line = candidate;
      continue;
    }
    if (line) lines.push(line);
    line = fitWidth(word, maxWidth, size, weight);
    if (lines.length === maxLines) {
      return [...lines.slice(0, -1), fitWidth(`${lines.at(-1) ?? ''} …`, maxWidth, size, weight, true)];
    }
  }
  if (line) lines.push(line);
  if (lines.length > maxLines) {
    const kept = lines.slice(0, maxLines);
    kept[maxLines - 1] = fitWidth(`${kept[maxLines - 1] ?? ''}…`, maxWidth, size, weight, true);
    return kept;
  }
  return lines;
}

/** `text` itself when it fits in `maxWidth`, else as much of it as fits followed by "…". */
export function fitWidth(
  text: string,
  maxWidth: number,
  size: number,
  weight: FontWeight = 'regular',
  forceEllipsis = false,
): string {
  if (!forceEllipsis && textWidth(text, size, weight) <= maxWidth) return text;
  const chars = [...text.replace(/…$/, '')];
  while (chars.length > 0 && textWidth(`${chars.join('').trimEnd()}…`, size, weight) > maxWidth) chars.pop();
  return `${chars.join('').trimEnd()}…`;
}
