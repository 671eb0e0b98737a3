/**
 * The cache's file format: a stream sealed with AES-256-GCM in 1 MiB chunks (sealed.ts layout per
 * chunk), so a byte range opens only the chunks it needs and nothing is held in memory whole.
 *   [4 bytes "FAC1"][16 bytes file id][chunk 0]…[chunk n]
 * Every chunk but the last is CHUNK + 29 bytes; the last is shorter (it may hold nothing). Each
 * chunk's authenticated data is [file id, index, last]: chunks moved, reordered, cut off or taken
 * from another file (whose id the index row does not name) do not open; the role is in sealed.ts's
 * own authenticated data.
 */
import { createHash, randomBytes } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { open, rm } from 'node:fs/promises';
import path from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { RoleSeal } from '../local/sealed.ts';

export const CHUNK = 1024 * 1024;
const SEAL_OVERHEAD = 1 + 12 + 16;
const MAGIC = Buffer.from('FAC1');
const HEADER = MAGIC.length + 16;
const chunkAad = (fileId: string, index: number, last: boolean) => JSON.stringify([fileId, index, last]);

/** The plaintext of [start, end] (inclusive) of a sealed file, chunk by chunk, each checked as it opens. */
export async function* readSealedFile(
  seal: RoleSeal,
  file: string,
  row: { file_id: string; size: number },
  start: number,
  end: number,
): AsyncIterable<Uint8Array> {
  if (end < start) return;
  const handle = await open(file, 'r');
  try {
    const header = Buffer.alloc(HEADER);
    await handle.read(header, 0, HEADER, 0);
    if (!header.subarray(0, 4).equals(MAGIC) || header.subarray(4).toString('hex') !== row.file_id)
      throw new Error('cache file does not match its index row');
    const lastIndex = Math.floor(row.size / CHUNK);
    for (let i = Math.floor(start / CHUNK); i <= Math.floor(end / CHUNK); i++) {
      const last = i === lastIndex;
      const plainLength = last ? row.size % CHUNK : CHUNK;
      const sealed = Buffer.alloc(plainLength + SEAL_OVERHEAD);
      const { bytesRead } = await handle.read(sealed, 0, sealed.length, HEADER + i * (CHUNK + SEAL_OVERHEAD));
      const plain = seal.open('cache-chunk', chunkAad(row.file_id, i, last), sealed.subarray(0, bytesRead));
      const from = Math.max(start - i * CHUNK, 0);
      const to = Math.min(end - i * CHUNK + 1, plain.length);
      yield plain.subarray(from, to);
    }
  } finally {
    await handle.close();
  }
}

/** Seals a stream into a new file in `dir`; the blob's name is known only at the end (its content's digest). */
export async function writeSealedFile(
  seal: RoleSeal,
  dir: string,
  source: AsyncIterable<Uint8Array> | Iterable<Uint8Array>,
) {
  const fileId = randomBytes(16).toString('hex');
  const tmp = path.join(dir, `tmp-${fileId}`);
  const hash = createHash('sha256');
  let size = 0;
  let stored = HEADER;
  async function* sealed(): AsyncIterable<Buffer> {
    yield Buffer.concat([MAGIC, Buffer.from(fileId, 'hex')]);
    let pending: Buffer[] = [];
    let pendingBytes = 0;
    let index = 0;
    for await (const piece of source) {
      let chunk = Buffer.from(piece.buffer, piece.byteOffset, piece.byteLength);
      hash.update(chunk);
      size += chunk.length;
      while (pendingBytes + chunk.length >= CHUNK) {
        const take = CHUNK - pendingBytes;
        pending.push(chunk.subarray(0, take));
        chunk = chunk.subarray(take);
        const out = seal.seal('cache-chunk', chunkAad(fileId, index++, false), Buffer.concat(pending));
        stored += out.length;
        yield Buffer.from(out);
        pending = [];
        pendingBytes = 0;
      }
      if (chunk.length) {
        pending.push(Buffer.from(chunk));
        pendingBytes += chunk.length;
      }
    }
    const out = seal.seal('cache-chunk', chunkAad(fileId, index, true), Buffer.concat(pending));
    stored += out.length;
    yield Buffer.from(out);
  }
  try {
    await pipeline(Readable.from(sealed()), createWriteStream(tmp, { mode: 0o600 }));
  } catch (error) {
    await rm(tmp, { force: true });
    throw error;
  }
  return { tmp, fileId, size, stored, sha256: hash.digest('hex') };
}
