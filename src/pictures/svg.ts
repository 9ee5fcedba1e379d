import { FONT_FAMILY, type FontWeight, textWidth } from './font.js';
import type { Theme } from './theme.js';

/** Escapes text for SVG content and attribute values. */
export function escapeXml(text: string): string {
  return text.replace(
    /[<>&"']/g,
    (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', '"': '&quot;', "'": '&#39;' })[c] ?? c,
  );
}

export interface TextOptions {
  size?: number;
  weight?: FontWeight;
  /** Where `x` is: the start of the text (default), its middle or its end. */
  anchor?: 'start' | 'middle' | 'end';
  fill?: string;
}

export interface TextBox {
  text: string;
  x: number;
  y: number;
  width: number;
  height: number;
}

/**
 * An SVG document built in code on a theme's background. Text is measured with the font the renderer
 * loads, and every text's box is recorded so `overflow()` can say which would fall outside the canvas.
 */
export class SvgCanvas {
  private readonly parts: string[] = [];
  readonly texts: TextBox[] = [];

  constructor(
    readonly width: number,
    readonly height: number,
    readonly theme: Theme,
  ) {}

  /** Draws `text` with its baseline at `y`; returns its width in px. */
  text(x: number, y: number, text: string, options: TextOptions = {}): number {
    const size = options.size ?? 16;
    const weight = options.weight ?? 'regular';
    const anchor = options.anchor ?? 'start';
    const width = textWidth(text, size, weight);
    const left = anchor === 'start' ? x : anchor === 'middle' ? x - width / 2 : x - width;
    // Ascent and descent of the font are about 0.93 and 0.24 em.
    this.texts.push({ text, x: left, y: y - size * 0.95, width, height: size * 1.2 });
    this.parts.push(
      `<text x="${round(x)}" y="${round(y)}" font-size="${size}"${weight === 'bold' ? ' font-weight="bold"' : ''}${anchor !== 'start' ? ` text-anchor="${anchor}"` : ''} fill="${options.fill ?? this.theme.text}">${escapeXml(text)}</text>`,
    );
    return width;
  }

  /** Appends SVG markup as it is (the caller escapes any text in it). */
  raw(markup: string): void {
    this.parts.push(markup);
  }

  /** Texts whose box is not wholly inside the canvas (`margin` px from each edge). */
  overflow(margin = 0): TextBox[] {
    return this.texts.filter(
      (t) =>
        t.x < margin ||
        t.y < margin ||
        t.x + t.width > this.width - margin ||
        t.y + t.height > this.height - margin,
    );
  }

  toString(): string {
    return [
      `<svg xmlns="http://www.w3.org/2000/svg" width="${this.width}" height="${this.height}" viewBox="0 0 ${this.width} ${this.height}" font-family="${FONT_FAMILY}">`,
      `<rect width="100%" height="100%" fill="${this.theme.background}"/>`,
      ...this.parts,
      '</svg>',
    ].join('\n');
  }
}

export function round(n: number): string {
  return String(Math.round(n * 10) / 10);
}
