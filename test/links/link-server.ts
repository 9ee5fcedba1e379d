import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { LookupFunction } from 'node:net';

/**
 * A scripted web server on loopback for the link checker: each path behaves like a kind of real site
 * (answers, moves, is gone, rate-limits, is slow, drops connections). Records every request.
 */
export interface LinkServer {
  port: number;
  /** `http://<host>:<port><path>`; hosts ending .test resolve to the server, .invalid do not resolve. */
  url(path: string, host?: string): string;
  requests: { method: string; path: string; host: string; at: number }[];
  lookup: LookupFunction;
  close(): Promise<void>;
}

export async function startLinkServer(options: { slowMs?: number } = {}): Promise<LinkServer> {
  const hits = new Map<string, number>();
  const requests: LinkServer['requests'] = [];
  const server: Server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const path = (req.url ?? '/').split('?')[0] ?? '/';
    const host = (req.headers.host ?? '').split(':')[0] ?? '';
    requests.push({ method: req.method ?? '', path, host, at: Date.now() });
    const key = `${host}${path}`;
    const n = (hits.get(key) ?? 0) + 1;
    hits.set(key, n);
    const send = (status: number, headers: Record<string, string> = {}) => {
      res.writeHead(status, { 'content-type': 'text/html', ...headers });
      res.end(req.method === 'HEAD' ? undefined : `<html>${status}</html>`);
    };
    const route = path.replace(/^\/\d+/, ''); // "/17/ok" is "/ok": many distinct URLs, same behaviour
    switch (route) {
      case '/ok':
        return send(200);
      case '/head-refused':
        return req.method === 'HEAD' ? send(405) : send(200);
      case '/moved':
        return send(301, { location: path.replace('/moved', '/ok') });
      case '/moved-308':
        return send(308, { location: `http://${req.headers.host}${path.replace('/moved-308', '/ok')}` });
      case '/temp':
        return send(302, { location: path.replace('/temp', '/ok') });
      case '/moved-to-missing':
        return send(301, { location: '/missing' });
      case '/missing':
        return send(404);
      case '/gone':
        return send(410);
      case '/forbidden':
        return send(403);
      case '/limited':
        return n === 1 ? send(429, { 'retry-after': '1' }) : send(200);
      case '/limited-long':
        return send(429, { 'retry-after': '3600' });
      case '/error':
        return send(500);
      case '/flaky':
        if (n === 1) return req.socket.destroy();
        return send(200);
      case '/reset':
        return req.socket.destroy();
      case '/slow':
        setTimeout(() => send(200), options.slowMs ?? 2000).unref();
        return;
      case '/loop':
        return send(302, { location: path });
      default:
        return send(404);
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as { port: number }).port;
  const lookup: LookupFunction = (hostname, opts, callback) => {
    if (!hostname.endsWith('.test') && hostname !== '127.0.0.1') {
      const error = Object.assign(new Error(`getaddrinfo ENOTFOUND ${hostname}`), { code: 'ENOTFOUND' });
      return callback(error, '', 4);
    }
    if ((opts as { all?: boolean }).all)
      return (callback as unknown as (e: null, a: { address: string; family: number }[]) => void)(null, [
        { address: '127.0.0.1', family: 4 },
      ]);
    callback(null, '127.0.0.1', 4);
  };
  return {
    port,
    url: (path, host = 'site-a.test') => `http://${host}:${port}${path}`,
    requests,
    lookup,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
