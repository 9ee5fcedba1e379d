/**
 * One spelling per page, so a suggestion can be compared with the sources already in the knowledge base
 * and with other suggestions: https, lowercase host without "www.", no default port, no fragment, no
 * tracking parameters (utm_*, fbclid, gclid, …), remaining query parameters sorted, no trailing slash.
 * Returns undefined for anything that is not an http(s) URL.
 */
export function normalizeUrl(raw: string): string | undefined {
  let url: URL;
  try {
    url = new URL(raw.trim());
  } catch {
    return undefined;
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return undefined;
  const host = url.hostname
    .toLowerCase()
    .replace(/^www\./, '')
    .replace(/\.$/, '');
  const params = [...url.searchParams]
    .filter(([k]) => !TRACKING.test(k))
    .sort(([a], [b]) => a.localeCompare(b));
  const query = params.length ? `?${new URLSearchParams(params).toString()}` : '';
  let path = url.pathname.replace(/\/{2,}/g, '/');
  if (path.length > 1) path = path.replace(/\/+$/, '');
  if (path === '/') path = '';
  return `https://${host}${path}${query}`;
}

const TRACKING = /^(utm_[a-z]+|fbclid|gclid|dclid|msclkid|mc_cid|mc_eid|igshid|ref_src|ref|s|si|share)$/i;

/** The host a member's link points at, lowercase, without "www.". */
export function hostOf(url: string): string {
  return new URL(url).hostname.toLowerCase().replace(/^www\./, '');
}

/** True when `host` is `rule` or a subdomain of it ("gov.uk" matches "www.legislation.gov.uk"). */
export function hostMatches(host: string, rule: string): boolean {
  const r = rule.toLowerCase().replace(/^\*?\.|^www\./g, '');
  return host === r || host.endsWith(`.${r}`);
}
