/**
 * The renderer's Content-Security-Policy, sent as a response header by the app:// handler (a meta tag
 * could be removed by the page itself and cannot carry frame-ancestors). Only the app's own scripts and
 * styles; media and data straight from the configured S3 origins, nothing else.
 */
export interface CspOptions {
  /** Origins that serve task data through presigned URLs (https://bucket.s3.region.amazonaws.com, VPC endpoints). */
  dataOrigins?: readonly string[];
}

export function contentSecurityPolicy({ dataOrigins = [] }: CspOptions = {}): string {
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
    "frame-ancestors 'none'",
    "worker-src 'self'",
  ].join('; ');
}
