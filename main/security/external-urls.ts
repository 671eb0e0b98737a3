/**
 * What may leave the app for the system browser: parsed https URLs on allow-listed hosts (help pages,
 * the IdP's password-reset page), and mailto. Anything else (file:, smb:, custom handlers that launch
 * programs, http:) is refused, because shell.openExternal hands the URL to the OS as-is.
 */
export function isAllowedExternalUrl(url: string, allowedHosts: readonly string[]): boolean {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return false;
  }
  // A plain address only: a query could pre-fill a body, add recipients or (in some clients) attach files.
  if (parsed.protocol === 'mailto:') return !parsed.search && /^[^@\s%]+@[^@\s%]+$/.test(parsed.pathname);
  if (parsed.protocol !== 'https:' || parsed.username || parsed.password) return false;
  const host = parsed.hostname.toLowerCase();
  return allowedHosts.some((allowed) => {
    const a = allowed.toLowerCase();
    return a.startsWith('*.') ? host.endsWith(a.slice(1)) && host.length > a.length - 1 : host === a;
  });
}
