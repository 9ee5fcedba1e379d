import { once } from 'node:events';
import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * What the fake official APIs (fake-openstates.ts, fake-congress.ts) share: a JSON server on loopback that
 * records every request, refuses without the right key, and can be scripted to be down (503), to rate-limit
 * the next n requests (429, with Retry-After when given) or to break the shape of the next n answers. Each
 * fake supplies its own routes and the error bodies its real API sends; paging helpers cut lists the way
 * each API pages (page numbers for Open States, offsets for Congress.gov).
 */
export interface FakeApiRequest {
  path: string;
  query: URLSearchParams;
  status: number;
}

export type Send = (status: number, body: unknown, headers?: Record<string, string>) => void;

export interface FakeApiRoute {
  url: URL;
  req: IncomingMessage;
  send: Send;
  /** True (once per scripted break) when this answer should have a broken shape. */
  takeBroken(): boolean;
}

export interface FakeApiOptions {
  apiKey: string;
  /** Where the key may come: a header (lower case) and a query parameter. */
  keyHeader: string;
  keyParam: string;
  /** The API's own refusals: no key, a wrong key. */
  refuse(kind: 'missing' | 'invalid'): { status: number; body: unknown };
  downBody: unknown;
  rateLimitBody: unknown;
  route(r: FakeApiRoute): void;
}

export interface FakeApi {
  url: string;
  readonly requests: FakeApiRequest[];
  /** The next n requests answer 429 (with Retry-After seconds when given). */
  rateLimit(n: number, retryAfterSeconds?: number): void;
  /** Every request answers 503 until set back to false. */
  down: boolean;
  /** The next n answers that can break, break (each fake says which part). */
  malformed(n: number): void;
  stop(): Promise<void>;
}

export async function startFakeApi(options: FakeApiOptions): Promise<FakeApi> {
  const requests: FakeApiRequest[] = [];
  let limited = 0;
  let retryAfter: number | undefined;
  let broken = 0;
  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://fake');
    const send: Send = (status, body, headers = {}) => {
      requests.push({ path: url.pathname, query: url.searchParams, status });
      res.writeHead(status, { 'content-type': 'application/json', ...headers });
      res.end(JSON.stringify(body));
    };
    const key = req.headers[options.keyHeader] ?? url.searchParams.get(options.keyParam);
    if (!key || key !== options.apiKey) {
      const refusal = options.refuse(key ? 'invalid' : 'missing');
      return send(refusal.status, refusal.body);
    }
    if (api.down) return send(503, options.downBody);
    if (limited > 0) {
      limited--;
      return send(
        429,
        options.rateLimitBody,
        retryAfter !== undefined ? { 'retry-after': String(retryAfter) } : {},
      );
    }
    options.route({
      url,
      req,
      send,
      takeBroken: () => (broken > 0 ? (broken--, true) : false),
    });
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const port = (server.address() as AddressInfo).port;
  const api: FakeApi = {
    url: `http://127.0.0.1:${port}`,
    requests,
    down: false,
    rateLimit(n, seconds) {
      limited = n;
      retryAfter = seconds;
    },
    malformed(n) {
      broken = n;
    },
    stop: async () => {
      server.closeAllConnections();
      server.close();
      await once(server, 'close');
    },
  };
  return api;
}

/** Open States paging: 1-based `page` of `perPage`; undefined when the page is out of range (the API's 404). */
export function pageByNumber<T>(
  items: readonly T[],
  page: number,
  perPage: number,
): { items: T[]; maxPage: number } | undefined {
  const maxPage = Math.max(1, Math.ceil(items.length / perPage));
  if (page < 1 || page > maxPage) return undefined;
  return { items: items.slice((page - 1) * perPage, page * perPage), maxPage };
}

/** Congress.gov paging: `limit` items from `offset`, and the offset of the next page when there is one. */
export function pageByOffset<T>(
  items: readonly T[],
  offset: number,
  limit: number,
): { items: T[]; nextOffset: number | undefined } {
  return {
    items: items.slice(offset, offset + limit),
    nextOffset: offset + limit < items.length ? offset + limit : undefined,
  };
}
