/**
 * AWS sign-in's SAML assertion consumer service (ACS) URLs, in every form an IdP may post to.
 * Used twice: to decide which POST to capture, and to check the assertion's Recipient. A miss in the
 * first lets the assertion reach AWS sign-in, so every partition and regional host is recognised; a
 * look-alike host must never match, so URLs are parsed, never compared by prefix.
 */

import { partitionNames, partitions, type AwsPartition } from './aws-partitions.ts';

/** Sign-in domains of the three public partitions: commercial, GovCloud (US), China. */
const signinDomains = partitionNames.map((name) => partitions[name].signinDomain);

// Region codes such as us-east-1, ap-southeast-4, us-gov-west-1, cn-northwest-1.
const regionLabel = /^[a-z]{2}(?:-gov)?-[a-z]+-\d{1,2}$/;
// `/saml/acs/<IdP-ID>` is used when the SAML provider requires encrypted assertions.
const acsPath = /^\/(?:saml|static\/saml|saml\/acs\/[A-Za-z0-9_-]{1,128})$/;

function parseUrl(url: string): URL | null {
  try {
    return new URL(url);
  } catch {
    return null;
  }
}

function isSigninHost(hostname: string): boolean {
  for (const domain of signinDomains) {
    if (hostname === domain) return true;
    if (hostname.endsWith(`.${domain}`)) {
      return regionLabel.test(hostname.slice(0, -domain.length - 1));
    }
  }
  return false;
}

/**
 * Whether a URL goes to AWS sign-in at all (any scheme, port or path; regional hosts and any
 * subdomain too). The sign-in window never needs AWS sign-in, so every such request is cancelled:
 * an odd variant of the ACS (http:, a query, /SAML) must not carry an assertion there either.
 */
export function isAwsSigninUrl(url: string): boolean {
  const parsed = parseUrl(url);
  if (!parsed) return false;
  const host = parsed.hostname.toLowerCase().replace(/\.$/, '');
  return signinDomains.some((domain) => host === domain || host.endsWith(`.${domain}`));
}

/**
 * Normalises an administrator-configured ACS URL; null when it is not an absolute https URL without
 * credentials, query or fragment (anything looser could make a look-alike match).
 */
export function normalizeExtraAcsUrl(url: string): string | null {
  const parsed = parseUrl(url);
  if (!parsed || parsed.protocol !== 'https:' || parsed.username || parsed.password) return null;
  if (parsed.search || parsed.hash || url.includes('#')) return null;
  return parsed.href;
}

export function isAwsAcsUrl(url: string, extraAcs: readonly string[] = []): boolean {
  const parsed = parseUrl(url);
  if (!parsed || parsed.protocol !== 'https:' || parsed.username || parsed.password) return false;
  // A bare "?" or "#" leaves search/hash empty in WHATWG URL, so look at the raw text too.
  if (parsed.search || parsed.hash || url.includes('?') || url.includes('#')) return false;
  if (parsed.port === '' && isSigninHost(parsed.hostname) && acsPath.test(parsed.pathname)) return true;
  return extraAcs.some((extra) => normalizeExtraAcsUrl(extra) === parsed.href);
}

/**
 * The partition whose AWS sign-in an ACS URL belongs to (it must pass `isAwsAcsUrl`); null for an
 * ACS an administrator configured, which may front any partition.
 */
export function acsPartition(url: string): AwsPartition | null {
  const parsed = parseUrl(url);
  if (!parsed || !isAwsAcsUrl(url)) return null;
  const host = parsed.hostname;
  const partition = partitionNames.find((name) => {
    const domain = partitions[name].signinDomain;
    return host === domain || host.endsWith(`.${domain}`);
  });
  return partition ?? null;
}

/**
 * Chrome match patterns for `webRequest.onBeforeRequest({ urls })`. They are deliberately wider than
 * `isAwsAcsUrl` (a trailing `*` also catches a query string or an unexpected suffix, and `*.` also
 * covers the bare domain): the hook sees every candidate and decides with `isAwsAcsUrl`.
 */
export function acsUrlFilterPatterns(extraAcs: readonly string[] = []): string[] {
  const patterns = signinDomains.flatMap((domain) => [
    `https://*.${domain}/saml*`,
    `https://*.${domain}/static/saml*`,
  ]);
  for (const extra of extraAcs) {
    const normalized = normalizeExtraAcsUrl(extra);
    if (!normalized) continue;
    const { host, pathname } = new URL(normalized);
    patterns.push(`https://${host}${pathname}*`);
  }
  return [...new Set(patterns)];
}
