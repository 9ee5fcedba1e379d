import { checkLinks } from '../src/links/check-links.js';
import type { LinkResult } from '../src/links/link-results.js';
import { startLinkServer } from '../test/links/link-server.js';

/**
 * `npx tsx bench/links.ts [URLS] [HOSTS]`: the link checker against the scripted loopback server, with
 * the production defaults except the per-host interval (100 ms here, 1 s in production) and a 1 s
 * timeout. URLs are spread over hosts and behaviours like a real base's sources: mostly fine, some
 * moved, a few broken, rate-limited, slow or dropping connections. Prints figures, asserts nothing.
 */
const total = Number(process.argv[2] ?? 400);
const hosts = Number(process.argv[3] ?? 20);
const MIX: [string, number][] = [
  ['/ok', 60],
  ['/head-refused', 6],
  ['/moved', 8],
  ['/temp', 5],
  ['/missing', 5],
  ['/gone', 2],
  ['/limited', 4],
  ['/flaky', 4],
  ['/error', 2],
  ['/reset', 1],
  ['/slow', 1],
  ['/forbidden', 2],
];
const weights = MIX.reduce((n, [, w]) => n + w, 0);

const server = await startLinkServer({ slowMs: 3000 });
const urls: string[] = [];
for (let i = 0; i < total; i++) {
  let pick = (i * 7919) % weights;
  const [path] = MIX.find(([, w]) => (pick -= w) < 0) ?? ['/ok'];
  urls.push(server.url(`/${i}${path}`, `host-${i % hosts}.test`));
}
const byPath = new Map<string, LinkResult['outcome'][]>();
const { results, retries, ms } = await checkLinks(urls, {
  lookup: server.lookup,
  perHostIntervalMs: 100,
  timeoutMs: 1000,
});
for (const r of results) {
  const path = new URL(r.url).pathname.replace(/^\/\d+/, '');
  byPath.set(path, [...(byPath.get(path) ?? []), r.outcome]);
}
await server.close();

const requests = results.reduce((n, r) => n + r.attempts, 0);
console.log(
  `link check: ${results.length} URLs on ${hosts} hosts in ${(ms / 1000).toFixed(2)} s = ${(results.length / (ms / 1000)).toFixed(1)} URLs/s; ${requests} requests, ${retries} retries (concurrency 8, 100 ms per host)`,
);
console.log('\nserver behaviour      URLs  classified as');
for (const [path] of MIX) {
  const outcomes = byPath.get(path) ?? [];
  const counts = new Map<string, number>();
  for (const o of outcomes) counts.set(o, (counts.get(o) ?? 0) + 1);
  console.log(
    `${path.padEnd(20)} ${String(outcomes.length).padStart(5)}  ${[...counts].map(([o, n]) => `${o} ${n}`).join(', ')}`,
  );
}
