import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { checkLinks } from '../../src/links/check-links.js';
import type { LinkResult } from '../../src/links/link-results.js';
import { type LinkServer, startLinkServer } from './link-server.js';

let server: LinkServer;
beforeAll(async () => {
  server = await startLinkServer({ slowMs: 2000 });
});
afterAll(() => server.close());

const fast = () => ({
  lookup: server.lookup,
  perHostIntervalMs: 0,
  timeoutMs: 300,
  retries: 2,
  backoffMs: 20,
  maxRetryAfterMs: 2000,
  now: () => new Date('2026-11-29T10:00:00Z'),
});

async function check(path: string, host?: string): Promise<LinkResult> {
  const { results } = await checkLinks([server.url(path, host)], fast());
  return results[0] as LinkResult;
}

describe('checking source links', () => {
  test('GIVEN a page that answers 200 THEN it is ok, checked with one HEAD, and plain http:// is flagged', async () => {
    const before = server.requests.length;
    const r = await check('/ok');
    expect(r).toMatchObject({
      outcome: 'ok',
      status: 200,
      insecure: true,
      attempts: 1,
      checkedAt: '2026-11-29T10:00:00.000Z',
    });
    expect(server.requests.slice(before).map((q) => q.method)).toEqual(['HEAD']);
  });

  test('GIVEN a server refusing HEAD THEN the link is asked again with GET and is ok', async () => {
    const before = server.requests.length;
    expect(await check('/head-refused')).toMatchObject({ outcome: 'ok', status: 200 });
    expect(server.requests.slice(before).map((q) => q.method)).toEqual(['HEAD', 'GET']);
  });

  test('GIVEN a permanent redirect (301 or 308) THEN the link is reported moved with the URL to use instead', async () => {
    expect(await check('/moved')).toMatchObject({
      outcome: 'moved',
      status: 200,
      finalUrl: server.url('/ok'),
    });
    expect(await check('/moved-308')).toMatchObject({ outcome: 'moved', finalUrl: server.url('/ok') });
  });

  test('GIVEN a temporary redirect THEN it is followed and reported as redirected, not moved', async () => {
    expect(await check('/temp')).toMatchObject({ outcome: 'redirected', finalUrl: server.url('/ok') });
  });

  test('GIVEN 404, 410, a redirect to a 404 or a name that does not resolve THEN the link is broken', async () => {
    expect(await check('/missing')).toMatchObject({
      outcome: 'broken',
      status: 404,
      detail: '404 Not Found',
    });
    expect(await check('/gone')).toMatchObject({ outcome: 'broken', status: 410, detail: '410 Gone' });
    expect(await check('/moved-to-missing')).toMatchObject({
      outcome: 'broken',
      detail: `404 Not Found (after redirecting to ${server.url('/missing')})`,
    });
    expect(await check('/ok', 'no-such-site.invalid')).toMatchObject({
      outcome: 'broken',
      detail: 'the name no-such-site.invalid does not resolve (DNS)',
      attempts: 1,
    });
  });

  test('GIVEN 429 with Retry-After THEN the checker waits that long and retries; a Retry-After beyond the cap is left for next run', async () => {
    const started = Date.now();
    const r = await check('/limited');
    expect(r).toMatchObject({ outcome: 'ok', attempts: 2, retries: 1 });
    expect(Date.now() - started).toBeGreaterThanOrEqual(950);
    expect(await check('/limited-long')).toMatchObject({ outcome: 'unreachable', status: 429, attempts: 1 });
  });

  test('GIVEN a slow server, reset connections or 500s THEN each is retried with backoff and reported unreachable, never broken', async () => {
    expect(await check('/slow')).toMatchObject({ outcome: 'unreachable', detail: 'timed out', attempts: 3 });
    expect(await check('/reset')).toMatchObject({
      outcome: 'unreachable',
      detail: 'connection reset',
      attempts: 3,
    });
    expect(await check('/error')).toMatchObject({
      outcome: 'unreachable',
      status: 500,
      attempts: 4,
      retries: 2,
    });
    expect(await check('/flaky')).toMatchObject({ outcome: 'ok', attempts: 2 });
    expect(await check('/forbidden')).toMatchObject({ outcome: 'unreachable', status: 403 });
    expect(await check('/loop')).toMatchObject({ outcome: 'unreachable', detail: 'more than 5 redirects' });
  });

  test('GIVEN many URLs on two hosts THEN at most `concurrency` are in flight and each host gets requests at least the interval apart', async () => {
    const urls = [
      ...Array.from({ length: 4 }, (_, i) => server.url(`/${i}/ok`, 'polite-a.test')),
      ...Array.from({ length: 4 }, (_, i) => server.url(`/${i}/ok`, 'polite-b.test')),
    ];
    const { results } = await checkLinks(urls, { ...fast(), perHostIntervalMs: 150, concurrency: 4 });
    expect(results.every((r) => r.outcome === 'ok')).toBe(true);
    for (const host of ['polite-a.test', 'polite-b.test']) {
      const times = server.requests.filter((q) => q.host === host).map((q) => q.at);
      expect(times).toHaveLength(4);
      for (let i = 1; i < times.length; i++)
        expect((times[i] as number) - (times[i - 1] as number)).toBeGreaterThanOrEqual(100); // 150 ms apart when sent; arrival jitters under load;
    }
    // Both hosts were served in parallel: the whole run took about 3 intervals, not 7.
    const all = server.requests.filter((q) => q.host.startsWith('polite-')).map((q) => q.at);
    expect(Math.max(...all) - Math.min(...all)).toBeLessThan(6 * 150);
  });
});
