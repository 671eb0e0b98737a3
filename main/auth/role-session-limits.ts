/**
 * The longest session each role allowed, as the duration search found it (AWS offers no way to read a
 * role's MaxSessionDuration with SAML credentials), so the next sign-in asks for it at once instead
 * of searching again. Kept in a small file next to the replay cache; a finding is trusted for a week,
 * then the full length is tried again in case IT raised the role's maximum.
 */
import { createLogger } from '../log.ts';
import { readStateFile, writeStateFile } from './state-file.ts';

const log = createLogger('session-limits');
const trustedForMs = 7 * 24 * 3600_000;

export interface RoleSessionLimits {
  /** The role's known maximum in seconds, if found recently. */
  get(roleArn: string): Promise<number | undefined>;
  set(roleArn: string, seconds: number): Promise<void>;
}

interface Entry {
  seconds: number;
  foundAt: number;
}

export function createRoleSessionLimits(options: {
  file: string | null;
  now?: () => number;
}): RoleSessionLimits {
  const now = options.now ?? Date.now;
  let entries: Promise<Map<string, Entry>> | null = null;
  const load = () =>
    (entries ??= (async () => {
      const stored = options.file ? await readStateFile(options.file) : null;
      const roles = (stored as { roles?: unknown } | null)?.roles;
      const map = new Map<string, Entry>();
      if (roles && typeof roles === 'object') {
        for (const [arn, entry] of Object.entries(roles as Record<string, Partial<Entry>>)) {
          const { seconds, foundAt } = entry ?? {};
          if (Number.isInteger(seconds) && Number.isFinite(foundAt))
            map.set(arn, { seconds: seconds as number, foundAt: foundAt as number });
        }
      }
      return map;
    })());

  return {
    async get(roleArn) {
      const entry = (await load()).get(roleArn);
      return entry && now() - entry.foundAt < trustedForMs ? entry.seconds : undefined;
    },
    async set(roleArn, seconds) {
      const map = await load();
      map.set(roleArn, { seconds, foundAt: now() });
      for (const [arn, entry] of map) if (now() - entry.foundAt >= trustedForMs) map.delete(arn);
      if (!options.file) return;
      await writeStateFile(options.file, { version: 1, roles: Object.fromEntries(map) }).catch(
        (error: unknown) => log.warn('could not save the roles session maximums:', error),
      );
    },
  };
}
