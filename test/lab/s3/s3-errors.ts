import { randomBytes } from 'node:crypto';
import type { ServerResponse } from 'node:http';
import { escapeXml } from '../http-util.ts';

/** S3's REST error document, so the SDK reads `Code` into `error.name`. */
export interface S3ErrorSpec {
  code: string;
  status: number;
  message: string;
  detail?: Record<string, string>;
}

export const accessDenied = (): S3ErrorSpec => ({
  code: 'AccessDenied',
  status: 403,
  message: 'Access Denied',
});

/** AWS's answer when two conditional writes to one key arrive at the same moment. */
export const conditionalConflict = (): S3ErrorSpec => ({
  code: 'ConditionalRequestConflict',
  status: 409,
  message:
    'A conflicting conditional operation is currently in progress against this resource. Please try again.',
});

export function sendS3Error(res: ServerResponse, method: string, error: S3ErrorSpec, now: Date): void {
  const requestId = randomBytes(8).toString('hex').toUpperCase();
  const detail = Object.entries(error.detail ?? {})
    .map(([name, value]) => `<${name}>${escapeXml(value)}</${name}>`)
    .join('');
  const body =
    `<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>${error.code}</Code><Message>${escapeXml(error.message)}</Message>` +
    `${detail}<RequestId>${requestId}</RequestId><HostId>${randomBytes(24).toString('base64')}</HostId></Error>`;
  res.writeHead(error.status, {
    'content-type': 'application/xml',
    'x-amz-request-id': requestId,
    // The lab's time: SDKs correct their clock skew from this header, as they do with AWS.
    date: now.toUTCString(),
    // HEAD answers carry no body, so S3 (and the lab) put nothing there; the SDK then names the
    // error after the status (Forbidden, NotFound, PreconditionFailed).
    ...(method === 'HEAD' ? {} : { 'content-length': Buffer.byteLength(body) }),
  });
  res.end(method === 'HEAD' ? undefined : body);
}
