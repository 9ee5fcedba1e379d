import { textWidth } from '../../src/pictures/font.js';

export interface DrawnText {
  content: string;
  left: number;
  right: number;
  top: number;
  bottom: number;
}

const ENTITIES: Record<string, string> = {
  '&amp;': '&',
  '&lt;': '<',
  '&gt;': '>',
  '&quot;': '"',
  '&apos;': "'",
  '&#39;': "'",
};

/**
 * Every <text> of an SVG with the box it covers, computed from its attributes and the same font measure
 * the chart used: read from the SVG itself, not from the builder's own bookkeeping.
 */
export function drawnTexts(svg: string): DrawnText[] {
  const out: DrawnText[] = [];
  for (const m of svg.matchAll(/<text ([^>]*)>([^<]*)<\/text>/g)) {
    const attrs = Object.fromEntries(
      [...(m[1] ?? '').matchAll(/([\w-]+)="([^"]*)"/g)].map((a) => [a[1], a[2]]),
    );
    const content = (m[2] ?? '').replace(/&[#\w]+;/g, (e) => ENTITIES[e] ?? e);
    const size = Number(attrs['font-size']);
    const x = Number(attrs.x);
    const y = Number(attrs.y);
    const width = textWidth(content, size, attrs['font-weight'] ? 'bold' : 'regular');
    const anchor = attrs['text-anchor'] ?? 'start';
    const left = anchor === 'middle' ? x - width / 2 : anchor === 'end' ? x - width : x;
    out.push({ content, left, right: left + width, top: y - size * 0.95, bottom: y + size * 0.25 });
  }
  return out;
}

/** Pairs of texts whose boxes overlap. */
export function overlaps(texts: readonly DrawnText[]): [string, string][] {
  const found: [string, string][] = [];
  for (let i = 0; i < texts.length; i++)
    for (let j = i + 1; j < texts.length; j++) {
      const a = texts[i] as DrawnText;
      const b = texts[j] as DrawnText;
      if (a.left < b.right && b.left < a.right && a.top < b.bottom && b.top < a.bottom)
        found.push([a.content, b.content]);
    }
  return found;
}

/** Texts not wholly inside a width × height canvas. */
export function outside(texts: readonly DrawnText[], width: number, height: number): string[] {
  return texts
    .filter((t) => t.left < 0 || t.top < 0 || t.right > width || t.bottom > height)
    .map((t) => t.content);
}

export function svgSize(svg: string): { width: number; height: number } {
  const m = /<svg [^>]*width="(\d+)" height="(\d+)"/.exec(svg);
  return { width: Number(m?.[1]), height: Number(m?.[2]) };
}
