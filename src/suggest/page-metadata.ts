import { lookup } from 'node:dns/promises';
import { isIP } from 'node:net';

/** What a web page says about itself, from its <meta> tags and JSON-LD. Every field is optional. */
export interface PageMetadata {
  title?: string | undefined;
  publisher?: string | undefined;
  /** YYYY-MM-DD, when the page gives a publication date. */
  date?: string | undefined;
  description?: string | undefined;
}

export type PageFetch = (
  url: string,
  init: { signal: AbortSignal; headers: Record<string, string> },
) => Promise<Response>;

export interface FetchPageOptions {
  timeoutMs: number;
  maxBytes: number;
  /** How to reach the page: by default a fetch that refuses private addresses and follows at most 3 redirects. */
  fetch?: PageFetch | undefined;
}

export type PageResult = { ok: true; page: PageMetadata } | { ok: false; problem: string };

/**
 * Reads the start of a page (at most `maxBytes`, within `timeoutMs`) and extracts its metadata. The page is
 * parsed as text: no script runs, nothing else is fetched. Never throws: an unreachable page is a problem.
 */
export async function fetchPageMetadata(url: string, options: FetchPageOptions): Promise<PageResult> {
  const signal = AbortSignal.timeout(options.timeoutMs);
  try {
    const response = await (options.fetch ?? guardedFetch)(url, {
      signal,
      headers: { accept: 'text/html,application/xhtml+xml', 'user-agent': 'Dossier (knowledge-base bot)' },
    });
    if (!response.ok) {
      await response.body?.cancel().catch(() => {});
      return { ok: false, problem: `the page answered HTTP ${response.status}` };
    }
    const type = response.headers.get('content-type') ?? '';
    if (!/html/i.test(type)) {
      await response.body?.cancel().catch(() => {});
      return { ok: true, page: {} }; // a PDF or other document: reachable, nothing to read here
    }
    const html = await readCapped(response, options.maxBytes);
    return { ok: true, page: extractPageMetadata(html) };
  } catch (error) {
    if (signal.aborted)
      return { ok: false, problem: `the page did not answer within ${options.timeoutMs / 1000} s` };
    const message =
      error instanceof Error
        ? error.cause instanceof Error
          ? error.cause.message
          : error.message
        : String(error);
    return { ok: false, problem: `the page could not be reached (${message.slice(0, 120)})` };
  }
}

async function readCapped(response: Response, maxBytes: number): Promise<string> {
  const reader = response.body?.getReader();
  if (!reader) return '';
  const chunks: Uint8Array[] = [];
  let size = 0;
  while (size < maxBytes) {
    const { done, value } = await reader.read();
    if (done) break;
    chunks.push(value);
    size += value.byteLength;
  }
  await reader.cancel().catch(() => {});
  return new TextDecoder('utf-8', { fatal: false }).decode(Buffer.concat(chunks).subarray(0, maxBytes));
}

/** The metadata in an HTML text: Open Graph and citation <meta> tags, <title>, and JSON-LD (parsed, not run). */
export function extractPageMetadata(html: string): PageMetadata {
  const meta = new Map<string, string>();
  for (const tag of html.matchAll(/<meta\b[^>]*>/gi)) {
    const attrs = attributes(tag[0]);
    const key = (attrs.property ?? attrs.name ?? attrs.itemprop ?? '').toLowerCase();
    if (key && attrs.content !== undefined && !meta.has(key))
      meta.set(key, decodeEntities(attrs.content).trim());
  }
  const ld = jsonLd(html);
  const titleTag = /<title\b[^>]*>([\s\S]*?)<\/title>/i.exec(html)?.[1];
  const pick = (...values: (string | undefined)[]) =>
    values.map((v) => v?.replace(/\s+/g, ' ').trim()).find((v) => v);
  return {
    title: pick(
      meta.get('citation_title'),
      meta.get('og:title'),
      ld.headline,
      meta.get('twitter:title'),
      titleTag && decodeEntities(titleTag),
    ),
    publisher: pick(
      meta.get('og:site_name'),
      ld.publisher,
      meta.get('citation_publisher'),
      meta.get('dc.publisher'),
    ),
    date: toIsoDate(
      pick(
        meta.get('article:published_time'),
        ld.datePublished,
        meta.get('citation_publication_date'),
        meta.get('citation_date'),
        meta.get('dc.date'),
        meta.get('date'),
        meta.get('datepublished'),
      ),
    ),
    description: pick(meta.get('og:description'), meta.get('description'), ld.description),
  };
}

function attributes(tag: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const m of tag.matchAll(/([a-zA-Z_:.-]+)\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+))/g))
    out[(m[1] ?? '').toLowerCase()] = m[2] ?? m[3] ?? m[4] ?? '';
  return out;
}

interface LdFacts {
  headline?: string | undefined;
  datePublished?: string | undefined;
  publisher?: string | undefined;
  description?: string | undefined;
}

/** The first JSON-LD object (or @graph member) with a headline, date or publisher. Invalid JSON is skipped. */
function jsonLd(html: string): LdFacts {
  for (const m of html.matchAll(
    /<script\b[^>]*type\s*=\s*["']?application\/ld\+json["']?[^>]*>([\s\S]*?)<\/script>/gi,
  )) {
    let data: unknown;
    try {
      data = JSON.parse(m[1] ?? '');
    } catch {
      continue;
    }
    const nodes = (Array.isArray(data) ? data : [data]).flatMap((n) =>
      n && typeof n === 'object' && Array.isArray((n as { '@graph'?: unknown })['@graph'])
        ? (n as { '@graph': unknown[] })['@graph']
        : [n],
    );
    for (const node of nodes) {
      if (!node || typeof node !== 'object') continue;
      const n = node as Record<string, unknown>;
      const str = (v: unknown) => (typeof v === 'string' ? v : undefined);
      const publisher = n.publisher;
      const facts: LdFacts = {
        headline: str(n.headline) ?? str(n.name),
        datePublished: str(n.datePublished) ?? str(n.dateCreated),
        publisher:
          str(publisher) ??
          (publisher && typeof publisher === 'object'
            ? str((publisher as Record<string, unknown>).name)
            : undefined),
        description: str(n.description),
      };
      if (facts.headline || facts.datePublished || facts.publisher) return facts;
    }
  }
  return {};
}

function toIsoDate(value: string | undefined): string | undefined {
  if (!value) return undefined;
  const m = /^(\d{4})-(\d{2})-(\d{2})/.exec(value);
  if (m) return `${m[1]}-${m[2]}-${m[3]}`;
  const t = Date.parse(value);
  return Number.isNaN(t) ? undefined : new Date(t).toISOString().slice(0, 10);
}

const ENTITIES: Record<string, string> = {
  amp: '&',
  lt: '<',
  gt: '>',
  quot: '"',
  apos: "'",
  nbsp: ' ',
  '#39': "'",
};
function decodeEntities(text: string): string {
  return text
    .replace(/&#x([0-9a-f]+);/gi, (_, h: string) => String.fromCodePoint(Number.parseInt(h, 16)))
    .replace(/&#(\d+);/g, (_, d: string) => String.fromCodePoint(Number(d)))
    .replace(/&([a-z]+|#39);/gi, (all, name: string) => ENTITIES[name.toLowerCase()] ?? all);
}

/**
 * The default way to reach a member's link: refuses hosts that resolve to loopback, private or link-local
 * addresses (the bot must not become a way into its own network), and follows at most 3 redirects, each
 * checked the same way.
 */
export const guardedFetch: PageFetch = async (url, init) => {
  let current = url;
  for (let hop = 0; hop < 4; hop++) {
    const host = new URL(current).hostname.replace(/^\[|\]$/g, '');
    const addresses = isIP(host) ? [{ address: host }] : await lookup(host, { all: true });
    if (addresses.some((a) => isPrivateAddress(a.address))) throw new Error(`${host} is a private address`);
    const response = await fetch(current, { ...init, redirect: 'manual' });
    const location = response.headers.get('location');
    if (response.status >= 300 && response.status < 400 && location) {
      await response.body?.cancel().catch(() => {});
      current = new URL(location, current).toString();
      continue;
    }
    return response;
  }
  throw new Error('too many redirects');
};

export function isPrivateAddress(address: string): boolean {
  if (address.includes(':')) {
    const a = address.toLowerCase();
    return (
      a === '::1' ||
      a === '::' ||
      a.startsWith('fc') ||
      a.startsWith('fd') ||
      a.startsWith('fe80') ||
      a.startsWith('::ffff:127.') ||
      a.startsWith('::ffff:10.') ||
      a.startsWith('::ffff:192.168.')
    );
  }
  const [a = 0, b = 0] = address.split('.').map(Number);
  return (
    a === 10 ||
    a === 127 ||
    a === 0 ||
    (a === 169 && b === 254) ||
    (a === 172 && b >= 16 && b <= 31) ||
    (a === 192 && b === 168) ||
    (a === 100 && b >= 64 && b <= 127)
  );
}
