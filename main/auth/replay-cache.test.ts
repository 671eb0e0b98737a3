import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ReplayCache } from './replay-cache.ts';

let dir: string;
let file: string;
let now = Date.parse('2026-03-02T10:00:00Z');
const cache = () => new ReplayCache({ file, graceSeconds: 600, now: () => now });
const use = (assertionId: string, validForSeconds = 300) => ({
  issuer: 'https://idp.example.test',
  assertionId,
  notOnOrAfter: new Date(now + validForSeconds * 1000),
});

beforeEach(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'fa-replay-'));
  file = path.join(dir, 'sign-in', 'replay-cache.json');
  now = Date.parse('2026-03-02T10:00:00Z');
});
afterEach(() => rm(dir, { recursive: true, force: true }));

describe('replay cache', () => {
  it('refuses the second use of an assertion, in the same run and after a restart', async () => {
    const first = cache();
    await first.claim(use('_a1'));
    await expect(first.claim(use('_a1'))).rejects.toMatchObject({ code: 'SAML_REPLAYED' });
    await first.claim(use('_a2'));
    const restarted = cache();
    await expect(restarted.claim(use('_a1'))).rejects.toMatchObject({
      code: 'SAML_REPLAYED',
      message: expect.stringContaining('can only be used once'),
    });
    // Another issuer's assertion with the same ID is another assertion.
    await restarted.claim({ ...use('_a1'), issuer: 'https://other-idp.example.test' });
  });

  it('keeps hashes, not IDs, in a private file, and forgets an assertion once it expired (plus the grace)', async () => {
    await cache().claim(use('_secretish-id', 300));
    const text = await readFile(file, 'utf8');
    expect(text).not.toContain('_secretish-id');
    expect(JSON.parse(text).seen).toHaveLength(1);
    now += (300 + 600) * 1000;
    const later = cache();
    await later.claim(use('_other'));
    expect(JSON.parse(await readFile(file, 'utf8')).seen).toHaveLength(1);
    await later.claim(use('_secretish-id'));
  });

  it('starts empty from a damaged file, and refuses an assertion without ID', async () => {
    await cache().claim(use('_a1'));
    await writeFile(file, '{"seen": [[1, "x"]');
    await cache().claim(use('_a1'));
    await expect(cache().claim(use(''))).rejects.toMatchObject({ code: 'SAML_REPLAYED' });
  });

  it('refuses one of two uses claimed at the same moment', async () => {
    const shared = cache();
    const results = await Promise.allSettled([shared.claim(use('_same')), shared.claim(use('_same'))]);
    expect(results.map((r) => r.status).sort()).toEqual(['fulfilled', 'rejected']);
  });
});
