import { afterAll, beforeAll, expect, test } from 'vitest';
import { checkLink } from '../../src/suggest/check-link.js';
import { normalizeUrl } from '../../src/suggest/normalize-url.js';
import { extractPageMetadata, fetchPageMetadata, guardedFetch } from '../../src/suggest/page-metadata.js';
import { type FakeWeb, startFakeWeb } from '../fakes/fake-web.js';

let web: FakeWeb;
beforeAll(async () => {
  web = await startFakeWeb();
});
afterAll(async () => web?.stop());

test('GIVEN spellings of one page WHEN normalised THEN they compare equal; other pages do not', () => {
  const same = [
    'https://www.Example.org/reports/a/?utm_source=x&b=2&a=1#top',
    'http://example.org/reports/a?a=1&b=2',
    'https://example.org//reports/a?fbclid=zzz&a=1&b=2',
  ].map(normalizeUrl);
  expect(new Set(same)).toEqual(new Set(['https://example.org/reports/a?a=1&b=2']));
  expect(normalizeUrl('https://example.org/reports/b?a=1&b=2')).not.toBe(same[0]);
  expect(normalizeUrl('ftp://example.org/x')).toBeUndefined();
});

test('GIVEN bad links WHEN checked THEN each problem says what is wrong', () => {
  const rules = { allowedHosts: ['gov', 'example.org'], deniedHosts: ['bad.example.org'] };
  expect(checkLink('javascript:alert(1)', rules)).toEqual({
    ok: false,
    problem: 'link: expected an http(s) URL, got a javascript link',
  });
  expect(checkLink('http://127.0.0.1/admin', rules)).toEqual({
    ok: false,
    problem: 'link: expected a public web address, got host "127.0.0.1"',
  });
  expect(checkLink('https://user:pw@example.org/', rules)).toEqual({
    ok: false,
    problem: 'link: must not contain a user name or password',
  });
  expect(checkLink('https://news.bad.example.org/x', rules)).toMatchObject({
    ok: false,
    problem: "link: news.bad.example.org is on this server's list of refused sites",
  });
  expect(checkLink('https://news.example.com/x', rules)).toMatchObject({
    ok: false,
    problem: expect.stringContaining("is not on this server's list of accepted sites"),
  });
  expect(checkLink('https://www.ftc.gov/news', rules)).toMatchObject({
    ok: true,
    normalized: 'https://ftc.gov/news',
  });
});

test('GIVEN a page with Open Graph, citation tags and JSON-LD WHEN read THEN title, publisher and date come from the page, and its scripts are only text', () => {
  const page = extractPageMetadata(`<html><head><title>Fallback &amp; title</title>
    <meta name="citation_title" content="Biometric Privacy &#8211; A Review">
    <script type="application/ld+json">{"@graph":[{"@type":"WebSite"},{"@type":"ScholarlyArticle","datePublished":"2024-11-05","publisher":{"@type":"Organization","name":"Law Review"}}]}</script>
    <script>globalThis.executed = true</script></head></html>`);
  expect(page).toEqual({
    title: 'Biometric Privacy – A Review',
    publisher: 'Law Review',
    date: '2024-11-05',
    description: undefined,
  });
  expect((globalThis as { executed?: boolean }).executed).toBeUndefined();
  expect(extractPageMetadata('<title>Only a title</title>')).toMatchObject({
    title: 'Only a title',
    date: undefined,
  });
});

test('GIVEN a huge page, a PDF and a missing page WHEN fetched THEN at most the cap is read, the PDF is reachable without metadata, and the 404 is a problem', async () => {
  web.pages.set('big.example.org/page', {
    body: `<title>Big</title>${'x'.repeat(3_000_000)}<meta property="og:title" content="Too far">`,
  });
  web.pages.set('docs.example.org/a.pdf', { type: 'application/pdf', body: '%PDF-1.7' });
  const options = { timeoutMs: 2000, maxBytes: 64_000, fetch: web.fetch };
  expect(await fetchPageMetadata('https://big.example.org/page', options)).toEqual({
    ok: true,
    page: { title: 'Big', publisher: undefined, date: undefined, description: undefined },
  });
  expect(await fetchPageMetadata('https://docs.example.org/a.pdf', options)).toEqual({ ok: true, page: {} });
  expect(await fetchPageMetadata('https://docs.example.org/missing', options)).toEqual({
    ok: false,
    problem: 'the page answered HTTP 404',
  });
});

test('GIVEN the default fetch WHEN a link resolves to a loopback address THEN it is refused before any request', async () => {
  const result = await fetchPageMetadata('http://localhost:1/', {
    timeoutMs: 1000,
    maxBytes: 1000,
    fetch: guardedFetch,
  });
  expect(result).toEqual({
    ok: false,
    problem: expect.stringMatching(/^the page could not be reached \(localhost is a private address\)$/),
  });
});
