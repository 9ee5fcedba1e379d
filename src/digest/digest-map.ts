import { formatDate, joinWithin, truncate } from '../kb/format.js';
import type { Library } from '../kb/library.js';
import { type Doc, isLawLike, type LawLike, placeNameOf } from '../kb/schema.js';
import { LAYER_IDS, LAYERS, type LayerId } from '../pictures/map/law-map.js';
import { formatDay, placeListLines } from '../pictures/map/map-text.js';
import { type LawMapPicture, renderLawMap } from '../pictures/map/render-law-map.js';
import type { PictureCache } from '../pictures/picture-cache.js';
import { type Digest, type DigestMessage, linkedTitle } from './build-digest.js';
import type { Subscription } from './subscription.js';

/**
 * The law map a digest attaches when a law in it changed status (`attachMap` on the subscription): the
 * same picture /map draws, from the same renderer and cache, as of the digest's day, one per layer the
 * changed laws belong to. Drawing it never holds up or stops the digest: on failure or after
 * `mapTimeoutMs` the text goes out alone and the reason is logged.
 */

/** A law or bill in the digest whose status moved within the digest's window, and the map layers it is on. */
export interface LawChange {
  doc: Doc & LawLike;
  /** What moved, as the map message says it: "now in force, was enacted (status as of 1 November 2026)". */
  what: string;
  layers: LayerId[];
}

/**
 * The status changes for the digest's channel (its filters apply), pure:
 * - a status recorded as changed since the previous digest (status-history.ts: a status different from
 *   the last one seen, or a law or bill new to the base; a re-confirmed status, where only
 *   `status_as_of` moved, is not a change);
 * - an official action bill tracking saw (src/tracking);
 * - a law taking effect or sunsetting on the digest's day.
 * Only laws some map layer shows count: a change the map cannot show attaches no map.
 */
export function lawStatusChanges(digest: Digest): LawChange[] {
  const changes: LawChange[] = [];
  const add = (doc: Doc, what: string) => {
    if (!isLawLike(doc)) return;
    const layers = LAYER_IDS.filter((id) => LAYERS[id].classify(doc) !== undefined);
    if (layers.length === 0 || changes.some((c) => c.doc.id === doc.id && c.what === what)) return;
    changes.push({ doc, what, layers });
  };
  for (const { doc, change } of digest.statusChanges ?? []) {
    if (!isLawLike(doc)) continue;
    const asOf = `status as of ${formatDate(doc.status_as_of)}`;
    add(
      doc,
      change.previous
        ? `now ${statusWords(change.status)}, was ${statusWords(change.previous)} (${asOf})`
        : `added to the knowledge base, ${statusWords(change.status)} (${asOf})`,
    );
  }
  for (const item of digest.items.new) if (item.official) add(item.doc, item.label);
  for (const item of digest.items.upcoming)
    if (item.date === digest.date && (item.label === 'takes effect' || item.label === 'sunsets'))
      add(item.doc, `${item.label} today`);
  return changes;
}

const statusWords = (status: string) => status.replace(/-/g, ' ');

export interface DigestMapDeps {
  library: () => Library;
  /** The process's picture cache (shared with /map): the same map is drawn once per knowledge version. */
  pictures?: PictureCache | undefined;
  /** The most a digest waits for its map; after that it goes out without one. */
  mapTimeoutMs?: number | undefined;
  logger: { info(details: object, message: string): void; warn(details: object, message: string): void };
}

export const DEFAULT_MAP_TIMEOUT_MS = 30_000;
/** Discord shows a dark image well in both themes; /map draws dark by default too. */
const MAP_THEME = 'dark';
const MAP_COLOUR = 0x1f6f78;
/** Discord: alt text ≤ 1,024 characters; all embed text of a message ≤ 6,000 (kept with a margin). */
const ALT_TEXT_MAX = 1_024;
const MESSAGE_EMBED_TEXT = 5_600;

/**
 * `digest` with the map message appended when the subscription asks for it and a law changed status;
 * `note` says why no map was attached when one was due (for the logs and /digest list).
 */
export async function attachDigestMap(
  deps: DigestMapDeps,
  sub: Subscription,
  digest: Digest,
  log: object = {},
): Promise<{ digest: Digest; note?: string }> {
  if (!sub.attachMap || sub.audience === 'curators') return { digest };
  const changes = lawStatusChanges(digest);
  if (changes.length === 0) return { digest };
  const layers = LAYER_IDS.filter((id) => changes.some((c) => c.layers.includes(id)));
  const library = deps.library();
  const drawn: LawMapPicture[] = [];
  const failures: string[] = [];
  for (const layer of layers) {
    try {
      drawn.push(
        await within(
          renderLawMap({ library }, { layer, asOf: digest.date, theme: MAP_THEME }, deps.pictures),
          deps.mapTimeoutMs ?? DEFAULT_MAP_TIMEOUT_MS,
        ),
      );
    } catch (error) {
      failures.push(`${layer}: ${(error as Error).message}`);
    }
  }
  if (failures.length)
    deps.logger.warn({ ...log, failures }, 'digest map not drawn; the digest goes out without it');
  if (drawn.length === 0) return { digest, note: `map not attached: ${failures.join('; ')}` };
  const message = mapMessage(drawn, changes, library.version);
  deps.logger.info(
    { ...log, layers: drawn.map((d) => d.map.layer.id), bytes: drawn.map((d) => d.png.length) },
    'digest map attached',
  );
  return {
    digest: { ...digest, messages: [...digest.messages, message] },
    ...(failures.length ? { note: `map not attached for ${failures.join('; ')}` } : {}),
  };
}

/** One embed a layer, each showing its picture, with the changed laws and the places of each colour in words. */
function mapMessage(drawn: LawMapPicture[], changes: LawChange[], version: string): DigestMessage {
  const perEmbed = Math.floor(MESSAGE_EMBED_TEXT / drawn.length);
  const footer = `Knowledge base ${version} · from the Dossier knowledge base, not legal advice`;
  const embeds = drawn.map(({ map }) => {
    const title = truncate(`${map.layer.title}, as of ${formatDay(map.asOf)}`, 256);
    const budget = Math.min(4_000, perEmbed - title.length - footer.length);
    const changed = changes
      .filter((c) => c.layers.includes(map.layer.id))
      .map((c) => `• ${linkedTitle(c.doc)} (${placeNameOf(c.doc)}): ${c.what}`);
    const head = `**Changed since the last digest**\n${joinWithin(changed, Math.floor(budget / 3))}`;
    const lists = placeListLines(map, budget - head.length - 4);
    return {
      title,
      description: [head, ...lists].join('\n\n'),
      color: MAP_COLOUR,
      image: { url: `attachment://${fileName(map.layer.id)}` },
      footer: { text: footer },
    };
  });
  return {
    kind: 'map',
    embeds,
    files: drawn.map((d) => ({
      name: fileName(d.map.layer.id),
      data: d.png,
      contentType: 'image/png',
      description: truncate(d.alt, ALT_TEXT_MAX),
    })),
  };
}

const fileName = (layer: LayerId) => `law-map-${layer}.png`;

/** `work`, or a rejection once `ms` have passed (the render goes on and fills the cache for next time). */
function within<T>(work: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`not drawn within ${ms} ms`)), ms);
  });
  return Promise.race([work, timeout]).finally(() => clearTimeout(timer));
}
