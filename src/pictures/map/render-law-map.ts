import type { Library } from '../../kb/library.js';
import type { SearchIndex } from '../../search/types.js';
import type { PictureCache } from '../picture-cache.js';
import { renderPng } from '../render.js';
import { THEMES, type ThemeName } from '../theme.js';
import { drawLawMap } from './draw-map.js';
import { buildLawMap, type LawMap, type LayerId } from './law-map.js';
import { mapTextSummary } from './map-text.js';

export interface LawMapRequest {
  layer: LayerId;
  /** YYYY-MM-DD: the map as it stood that day. */
  asOf: string;
  theme: ThemeName;
  /** Only laws the search finds for this (a topic such as "schools" or "private right of action"). */
  topic?: string | undefined;
}

export interface LawMapPicture {
  map: LawMap;
  svg: string;
  png: Buffer;
  /** Everything the picture says, in words: alt text. */
  alt: string;
  bytes: number;
}

/** The laws a topic finds (ids), or undefined for no topic; an empty set when nothing matches. */
export function lawsAbout(search: SearchIndex, topic: string | undefined): Set<string> | undefined {
  if (!topic?.trim()) return undefined;
  const result = search.search({ text: topic, filters: { type: 'law' }, limit: 200 });
  return new Set(result.hits.map((h) => h.doc.id));
}

/**
 * The map for `request` as PNG and SVG, from the cache when this knowledge-base version already drew it.
 * Throws `pictures: …` when it cannot be rendered.
 */
export async function renderLawMap(
  /** `search` is needed only for a topic (the digest draws whole layers from the library alone). */
  knowledge: { library: Library; search?: SearchIndex | undefined },
  request: LawMapRequest,
  cache?: PictureCache,
): Promise<LawMapPicture & { cached: boolean }> {
  const { search } = knowledge;
  if (request.topic?.trim() && !search)
    throw new Error('pictures: a map about a topic needs the search index');
  const draw = async (): Promise<LawMapPicture> => {
    const map = buildLawMap(knowledge.library, {
      layer: request.layer,
      asOf: request.asOf,
      only: search ? lawsAbout(search, request.topic) : undefined,
    });
    const { svg } = drawLawMap(map, THEMES[request.theme], {
      version: knowledge.library.version,
      ...(request.topic ? { topic: request.topic } : {}),
    });
    const png = await renderPng(svg);
    return { map, svg, png, alt: mapTextSummary(map), bytes: png.length + svg.length };
  };
  if (!cache) return { ...(await draw()), cached: false };
  const { value, cached } = await cache.get(
    { kind: 'law-map', version: knowledge.library.version, params: { ...request } },
    draw,
  );
  return { ...value, cached };
}
