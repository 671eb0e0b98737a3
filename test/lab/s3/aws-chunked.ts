/**
 * Decodes `Content-Encoding: aws-chunked` bodies. The v3 SDK sends them for streamed uploads with a
 * trailing checksum (x-amz-content-sha256: STREAMING-UNSIGNED-PAYLOAD-TRAILER); s3rver does not
 * understand them, so the front hands it the plain bytes.
 *   <hex size>[;chunk-signature=…]\r\n<bytes>\r\n … 0\r\n<trailer lines>\r\n\r\n
 */
export function decodeAwsChunked(body: Buffer): { payload: Buffer; trailers: Map<string, string> } {
  const chunks: Buffer[] = [];
  let offset = 0;
  for (;;) {
    const lineEnd = body.indexOf('\r\n', offset);
    if (lineEnd === -1) throw new Error('aws-chunked: missing chunk header');
    const size = parseInt(body.subarray(offset, lineEnd).toString('latin1').split(';')[0] ?? '', 16);
    if (Number.isNaN(size)) throw new Error('aws-chunked: bad chunk size');
    offset = lineEnd + 2;
    if (size === 0) break;
    chunks.push(body.subarray(offset, offset + size));
    offset += size + 2;
  }
  const trailers = new Map<string, string>();
  for (const line of body.subarray(offset).toString('latin1').split('\r\n')) {
    const at = line.indexOf(':');
    if (at > 0) trailers.set(line.slice(0, at).trim().toLowerCase(), line.slice(at + 1).trim());
  }
  return { payload: Buffer.concat(chunks), trailers };
}
