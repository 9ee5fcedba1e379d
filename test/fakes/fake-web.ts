import { once } from 'node:events';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { PageFetch } from '../../src/suggest/page-metadata.js';

/**
 * Web pages members link to, served from loopback. `fetch` is the bot's page fetch pointed here: the
 * request goes over real HTTP to this server, with the page's own host in `x-forwarded-host`, so a test can
 * use realistic links (https://www.aclu.org/…) without the internet. Pages are keyed by host + path (+ query,
 * when one is registered with it).
 */
export interface FakeWeb {
  pages: Map<string, { status?: number; type?: string; body: string; delayMs?: number }>;
  requests: string[];
  fetch: PageFetch;
  stop(): Promise<void>;
}

export async function startFakeWeb(): Promise<FakeWeb> {
  const pages: FakeWeb['pages'] = new Map();
  const requests: string[] = [];
  const server: Server = createServer((req, res) => {
    const key = `${String(req.headers['x-forwarded-host'])}${req.url ?? '/'}`;
    requests.push(key);
    const page = pages.get(key) ?? pages.get(key.split('?')[0] ?? key);
    if (!page) {
      res.writeHead(404, { 'content-type': 'text/html' }).end('<title>Not found</title>');
      return;
    }
    const send = () =>
      res
        .writeHead(page.status ?? 200, { 'content-type': page.type ?? 'text/html; charset=utf-8' })
        .end(page.body);
    if (page.delayMs) setTimeout(send, page.delayMs).unref();
    else send();
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const port = (server.address() as AddressInfo).port;
  return {
    pages,
    requests,
    fetch: (url, init) => {
      const u = new URL(url);
      return fetch(`http://127.0.0.1:${port}${u.pathname}${u.search}`, {
        ...init,
        headers: { ...init.headers, 'x-forwarded-host': u.host },
      });
    },
    stop: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
