/**
 * The renderer's Content-Security-Policy, sent as a response header by the app:// handler (a meta tag
 * could be removed by the page itself and cannot carry frame-ancestors). Only the app's own scripts and
 * styles; media and data straight from the configured S3 origins, nothing else.
 */
export interface CspOptions {
  /** Origins that serve task data through presigned URLs (https://bucket.s3.region.amazonaws.com, VPC endpoints). */
  dataOrigins?: readonly string[];
}

export function contentSecurityPolicy(
  { dataOrigins = [] }: CspOptions = {},
  { forMetaTag = false } = {},
): string {
  const data = dataOrigins.map((origin) => new URL(origin).origin).join(' ');
  const withData = (base: string) => (data ? `${base} ${data}` : base);
  return [
    "default-src 'none'",
    "script-src 'self'",
    "style-src 'self'",
    withData("img-src 'self' data: blob:"),
    withData("media-src 'self' blob:"),
    withData("connect-src 'self'"),
    "font-src 'self'",
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'none'",
    "frame-src 'none'",
    // Only a header may carry frame-ancestors; in a meta tag it is ignored with a console warning.
    ...(forMetaTag ? [] : ["frame-ancestors 'none'"]),
    "worker-src 'self'",
  ].join('; ');
}

const metaCsp = /(<meta\s+http-equiv="Content-Security-Policy"\s+content=")[^"]*(")/i;

/**
 * A page enforces its meta policy and the header both, so the built index.html's strict meta tag is
 * rewritten to the header's policy (with the configured data origins) when served.
 */
export function withMetaPolicy(html: string, options: CspOptions): string {
  return html.replace(
    metaCsp,
    (_m, open: string, close: string) =>
      `${open}${contentSecurityPolicy(options, { forMetaTag: true })}${close}`,
  );
}
