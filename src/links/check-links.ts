import type { LookupFunction } from 'node:net';
import { request as httpRequest, type IncomingHttpHeaders } from 'node:http';
import { request as httpsRequest } from 'node:https';
import type { LinkResult } from './link-results.js';

/**
 * Checks source URLs the way a polite crawler would: a few requests at a time overall, spaced out per
 * host, each with a timeout, retried with backoff (and after Retry-After on 429/503), HEAD first with GET
 * when a server mishandles HEAD, redirects followed and reported. Bodies are never read.
 */

export interface CheckOptions {
  /** Requests in flight across all hosts. */
  concurrency?: number;
  /** Least time between two requests to the same host. */
  perHostIntervalMs?: number;
  /** Per request, from connect to response headers. */
  timeoutMs?: number;
  /** Further attempts after a timeout, reset, 5xx or 429. */
  retries?: number;
  /** First backoff; doubles each retry. */
  backoffMs?: number;
  /** Longest Retry-After honoured; a longer one counts the URL unreachable for now. */
  maxRetryAfterMs?: number;
  maxRedirects?: number;
  /** DNS lookup (tests map names to the loopback server). */
  lookup?: LookupFunction | undefined;
  userAgent?: string;
  now?: () => Date;
  /** Called after each URL, for progress. */
  onResult?: (result: LinkResult) => void;
}

const DEFAULTS = {
  concurrency: 8,
  perHostIntervalMs: 1000,
  timeoutMs: 10_000,
  retries: 2,
  backoffMs: 500,
  maxRetryAfterMs: 30_000,
  maxRedirects: 5,
  userAgent: 'DossierLinkCheck/1.0 (+https://github.com/; checks that cited sources still answer)',
};

type Settings = typeof DEFAULTS & Pick<CheckOptions, 'lookup' | 'onResult'> & { now: () => Date };

interface Hop {
  status?: number;
  headers?: IncomingHttpHeaders;
  /** A network failure: its code (ENOTFOUND, ECONNRESET, ETIMEDOUT…). */
  error?: string;
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** Reserves request slots per host, `interval` apart; waiting callers never block other hosts. */
class HostGate {
  private readonly next = new Map<string, number>();
  constructor(private readonly interval: number) {}
  async wait(host: string): Promise<void> {
    const now = Date.now();
    const at = Math.max(now, this.next.get(host) ?? 0);
    this.next.set(host, at + this.interval);
    if (at > now) await sleep(at - now);
  }
}

export interface CheckReport {
  results: LinkResult[];
  /** Retries made across all URLs (after timeouts, resets, 5xx and 429; a GET after a refused HEAD is not one). */
  retries: number;
  ms: number;
}

/** Checks every URL (duplicates once), interleaving hosts so politeness waits overlap. */
export async function checkLinks(urls: readonly string[], options: CheckOptions = {}): Promise<CheckReport> {
  const settings: Settings = { ...DEFAULTS, ...definedOnly(options), now: options.now ?? (() => new Date()) };
  const gate = new HostGate(settings.perHostIntervalMs);
  const queue = interleaveByHost([...new Set(urls)]);
  const results: LinkResult[] = [];
  let index = 0;
  const started = Date.now();
  const worker = async () => {
    while (index < queue.length) {
      const url = queue[index++] as string;
      const result = await checkLink(url, settings, gate);
      results.push(result);
      settings.onResult?.(result);
    }
  };
  await Promise.all(
    Array.from({ length: Math.max(1, Math.min(settings.concurrency, queue.length)) }, worker),
  );
  return {
    results,
    retries: results.reduce((n, r) => n + (r.retries ?? 0), 0),
    ms: Date.now() - started,
  };
}

async function checkLink(url: string, s: Settings, gate: HostGate): Promise<LinkResult> {
  const started = Date.now();
  const checkedAt = s.now().toISOString();
  const insecure = url.startsWith('http://');
  let attempts = 0;
  let retries = 0;
  let current = url;
  let permanent: boolean | undefined;
  const done = (
    fields: Omit<LinkResult, 'url' | 'checkedAt' | 'insecure' | 'attempts' | 'retries' | 'ms'>,
  ): LinkResult => ({
    url,
    checkedAt,
    insecure,
    attempts,
    retries,
    ms: Date.now() - started,
    ...fields,
  });

  for (let hops = 0; hops <= s.maxRedirects; hops++) {
    let target: URL;
    try {
      target = new URL(current);
    } catch {
      return done({ outcome: 'broken', detail: `not a valid URL: ${current}` });
    }
    const { hop, tries, retries: again } = await fetchHop(target, s, gate);
    attempts += tries;
    retries += again;
    if (hop.error) {
      if (hop.error === 'ENOTFOUND' || hop.error === 'EAI_NONAME')
        return done({ outcome: 'broken', detail: `the name ${target.hostname} does not resolve (DNS)` });
      return done({ outcome: 'unreachable', detail: describeError(hop.error) });
    }
    const status = hop.status ?? 0;
    const location = hop.headers?.location;
    if (status >= 300 && status < 400 && location) {
      // The first hop decides: a permanent redirect means the cited address itself has moved.
      permanent ??= status === 301 || status === 308;
      current = new URL(location, target).toString();
      continue;
    }
    const moved = current !== url ? current : undefined;
    if (status >= 200 && status < 300) {
      if (!moved) return done({ outcome: 'ok', status, detail: `${status}` });
      return done({
        outcome: permanent ? 'moved' : 'redirected',
        status,
        finalUrl: moved,
        detail: `${permanent ? 'moved permanently' : 'redirects'} to ${moved}`,
      });
    }
    const via = moved ? ` (after redirecting to ${moved})` : '';
    if (status === 404 || status === 410)
      return done({
        outcome: 'broken',
        status,
        detail: `${status} ${status === 404 ? 'Not Found' : 'Gone'}${via}`,
      });
    if (status === 401 || status === 403)
      return done({
        outcome: 'unreachable',
        status,
        detail: `${status}: access refused (the site may block automated checks)${via}`,
      });
    return done({ outcome: 'unreachable', status, detail: `${status || 'no status'}${via}` });
  }
  return done({ outcome: 'unreachable', detail: `more than ${s.maxRedirects} redirects` });
}

/** One URL without following redirects: HEAD, GET when HEAD is refused, retries with backoff. */
async function fetchHop(
  target: URL,
  s: Settings,
  gate: HostGate,
): Promise<{ hop: Hop; tries: number; retries: number }> {
  let tries = 0;
  let retries = 0;
  let method: 'HEAD' | 'GET' = 'HEAD';
  for (let attempt = 0; ; attempt++) {
    await gate.wait(target.host);
    tries++;
    const hop = await send(target, method, s);
    const status = hop.status ?? 0;
    // Many servers answer HEAD wrongly (405, 501, even 404 or 403): ask again with GET before judging.
    if (method === 'HEAD' && status >= 400 && status !== 429 && status !== 503) {
      method = 'GET';
      attempt--;
      continue;
    }
    const retryable =
      hop.error !== undefined
        ? !['ENOTFOUND', 'EAI_NONAME', 'ERR_INVALID_URL'].includes(hop.error)
        : status === 429 || status >= 500;
    if (!retryable || attempt >= s.retries) return { hop, tries, retries };
    let wait = s.backoffMs * 2 ** attempt;
    const retryAfter = parseRetryAfter(hop.headers?.['retry-after'], s.now());
    if (retryAfter !== undefined) {
      if (retryAfter > s.maxRetryAfterMs) return { hop, tries, retries };
      wait = Math.max(wait, retryAfter);
    }
    retries++;
    await sleep(wait);
  }
}

function send(target: URL, method: 'HEAD' | 'GET', s: Settings): Promise<Hop> {
  const request = target.protocol === 'https:' ? httpsRequest : httpRequest;
  return new Promise<Hop>((resolve) => {
    let settled = false;
    const finish = (hop: Hop) => {
      if (settled) return;
      settled = true;
      resolve(hop);
    };
    const req = request(
      target,
      {
        method,
        headers: { 'user-agent': s.userAgent, accept: '*/*' },
        timeout: s.timeoutMs,
        ...(s.lookup ? { lookup: s.lookup } : {}),
      },
      (res) => {
        finish({ status: res.statusCode ?? 0, headers: res.headers });
        res.destroy(); // headers are the answer; never download the body
      },
    );
    req.on('timeout', () => {
      req.destroy();
      finish({ error: 'ETIMEDOUT' });
    });
    req.on('error', (error: NodeJS.ErrnoException) => finish({ error: error.code ?? error.message }));
    req.end();
  });
}

function parseRetryAfter(value: string | string[] | undefined, now: Date): number | undefined {
  const text = Array.isArray(value) ? value[0] : value;
  if (!text) return undefined;
  if (/^\d+$/.test(text.trim())) return Number(text.trim()) * 1000;
  const at = Date.parse(text);
  return Number.isNaN(at) ? undefined : Math.max(0, at - now.getTime());
}

function describeError(code: string): string {
  switch (code) {
    case 'ETIMEDOUT':
      return 'timed out';
    case 'ECONNRESET':
      return 'connection reset';
    case 'ECONNREFUSED':
      return 'connection refused';
    case 'EAI_AGAIN':
      return 'DNS lookup failed for now (EAI_AGAIN)';
    default:
      return code;
  }
}

/** a1 b1 c1 a2 b2 a3: consecutive URLs on different hosts, so the per-host wait rarely idles a worker. */
function interleaveByHost(urls: string[]): string[] {
  const byHost = new Map<string, string[]>();
  for (const u of urls) {
    let host = '';
    try {
      host = new URL(u).host;
    } catch {
      /* an invalid URL is reported by checkLink */
    }
    byHost.set(host, [...(byHost.get(host) ?? []), u]);
  }
  const lists = [...byHost.values()];
  const out: string[] = [];
  for (let i = 0; out.length < urls.length; i++)
    for (const l of lists) {
      const u = l[i];
      if (u !== undefined) out.push(u);
    }
  return out;
}

function definedOnly<T extends object>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
}
