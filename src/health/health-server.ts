import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Knowledge } from '../knowledge.js';
import type { Store } from '../store/types.js';
import { z } from 'zod';
import type { Metrics } from './metrics.js';

/** "ready" / "down" for a Discord gateway; "console" when no token is set and there is none. */
export type GatewayState = 'ready' | 'down' | 'console';

export interface HealthDeps {
  metrics: Metrics;
  gateway: () => GatewayState;
  store: Store;
  knowledge: () => Knowledge;
  /** How long /healthz waits for the store before calling it unreachable. */
  storeTimeoutMs?: number;
}

export interface HealthReport {
  ok: boolean;
  gateway: GatewayState;
  store: 'reachable' | 'unreachable';
  knowledge: { version: string; entries: number; loaded: boolean };
  /** What is not fine (empty when ok). */
  problems: string[];
}

const PROBE_KEY = 'health:probe';

/** Gateway connected (or the console), store answering a read, a knowledge base with entries. */
export async function checkHealth(deps: HealthDeps): Promise<HealthReport> {
  const gateway = deps.gateway();
  const store = await probeStore(deps.store, deps.storeTimeoutMs ?? 2_000);
  const library = deps.knowledge().library;
  const loaded = library.size > 0;
  const problems = [
    gateway === 'down' && 'gateway: not connected to Discord',
    store === 'unreachable' && 'store: not reachable',
    !loaded && 'knowledge: no entries loaded',
  ].filter((p): p is string => typeof p === 'string');
  return {
    ok: problems.length === 0,
    gateway,
    store,
    knowledge: { version: library.version, entries: library.size, loaded },
    problems,
  };
}

async function probeStore(store: Store, timeoutMs: number): Promise<'reachable' | 'unreachable'> {
  let timer: NodeJS.Timeout | undefined;
  try {
    await Promise.race([
      store.get(PROBE_KEY, z.unknown()),
      new Promise((_, reject) => {
        timer = setTimeout(() => reject(new Error('timed out')), timeoutMs);
      }),
    ]);
    return 'reachable';
  } catch {
    return 'unreachable';
  } finally {
    clearTimeout(timer);
  }
}

export interface HealthServer {
  readonly port: number;
  close(): Promise<void>;
}

/** GET /healthz (200 or 503, JSON) and GET /metrics (Prometheus text) on HTTP_HOST:HTTP_PORT. */
export async function startHealthServer(
  deps: HealthDeps,
  listen: { host: string; port: number },
): Promise<HealthServer> {
  const server = createServer((req, res) => {
    const path = (req.url ?? '/').split('?', 1)[0];
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.writeHead(405, { allow: 'GET, HEAD' }).end();
      return;
    }
    if (path === '/healthz') {
      void checkHealth(deps).then(
        (report) => {
          res
            .writeHead(report.ok ? 200 : 503, { 'content-type': 'application/json' })
            .end(JSON.stringify(report));
        },
        (error: unknown) => {
          res
            .writeHead(503, { 'content-type': 'application/json' })
            .end(JSON.stringify({ ok: false, problems: [`health check failed: ${String(error)}`] }));
        },
      );
      return;
    }
    if (path === '/metrics') {
      void deps.metrics.registry.metrics().then(
        (text) => {
          res.writeHead(200, { 'content-type': deps.metrics.registry.contentType }).end(text);
        },
        (error: unknown) => {
          res.writeHead(500, { 'content-type': 'text/plain' }).end(`metrics failed: ${String(error)}\n`);
        },
      );
      return;
    }
    res.writeHead(404, { 'content-type': 'text/plain' }).end('not found: try /healthz or /metrics\n');
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(listen.port, listen.host, () => resolve());
  });
  return {
    port: (server.address() as AddressInfo).port,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
