import { hostMatches, hostOf, normalizeUrl } from './normalize-url.js';

export interface HostRules {
  /** When not empty, only links to these hosts (and their subdomains) are taken. */
  allowedHosts: readonly string[];
  /** Links to these hosts (and their subdomains) are refused. */
  deniedHosts: readonly string[];
}

export type LinkCheck = { ok: true; url: string; normalized: string } | { ok: false; problem: string };

/**
 * A member's link, checked before anything is stored: one http(s) URL to a public host, allowed by the
 * server's host rules. The problem, when there is one, says what is wrong in words a member understands.
 */
export function checkLink(raw: string, rules: HostRules): LinkCheck {
  const text = raw.trim();
  if (!text) return { ok: false, problem: 'link: required' };
  if (/\s/.test(text)) return { ok: false, problem: 'link: expected one URL without spaces' };
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return { ok: false, problem: `link: expected a URL starting with https://, got "${text.slice(0, 80)}"` };
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:')
    return {
      ok: false,
      problem: `link: expected an http(s) URL, got a ${url.protocol.replace(':', '')} link`,
    };
  if (url.username || url.password)
    return { ok: false, problem: 'link: must not contain a user name or password' };
  const host = hostOf(text);
  if (!host.includes('.') || host === 'localhost' || /^[\d.]+$/.test(host) || host.includes(':'))
    return { ok: false, problem: `link: expected a public web address, got host "${host}"` };
  if (text.length > 500) return { ok: false, problem: 'link: longer than 500 characters' };
  const denied = rules.deniedHosts.find((r) => hostMatches(host, r));
  if (denied) return { ok: false, problem: `link: ${host} is on this server's list of refused sites` };
  if (rules.allowedHosts.length > 0 && !rules.allowedHosts.some((r) => hostMatches(host, r)))
    return {
      ok: false,
      problem: `link: ${host} is not on this server's list of accepted sites (${rules.allowedHosts.slice(0, 8).join(', ')})`,
    };
  const normalized = normalizeUrl(text);
  if (!normalized) return { ok: false, problem: 'link: expected an http(s) URL' };
  return { ok: true, url: url.toString(), normalized };
}

/** The first http(s) link in a message, for "Suggest as a source" (Discord's <…> link suppression removed). */
export function firstLink(text: string): string | undefined {
  return /https?:\/\/[^\s<>()]+[^\s<>().,;:!?'"\]]/.exec(text)?.[0];
}
