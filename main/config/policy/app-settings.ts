/**
 * The app's own settings that IT's policy may set (the `app.*` keys of policy-schema.ts), with the
 * defaults that hold where the policy is silent. The one accessor every consumer reads: the presigner
 * (presign TTL), the media cache (offline age, prefetch), the updater (URL, off switch), the shell
 * (DevTools) and the audit log, so no module parses policy values of its own.
 */
import { applyPolicy } from './apply-policy.ts';
import type { ParsedPolicy } from './policy-schema.ts';

export interface AppSettings {
  /** Replaces every project's presign TTL when IT sets it; undefined: each project's own (default 900 s). */
  presignTtlSeconds: number | undefined;
  /** How long cached task data and media may stay unsent/unrefreshed on this computer. */
  offlineMaxAgeHours: number;
  /** Tasks fetched ahead of the one open. */
  prefetchSize: number;
  /** IT's internal update server (generic provider); null: no update check at all. */
  updateUrl: string | null;
  updatesDisabled: boolean;
  /** DevTools in packaged builds (a support session); unpackaged (development) builds always have them. */
  devToolsAllowed: boolean;
  auditLogEnabled: boolean;
  /** undefined: the audit log's own default size. */
  auditLogMaxMegabytes: number | undefined;
}

export const appSettingDefaults = {
  offlineMaxAgeHours: 72,
  prefetchSize: 10,
} as const;

const num = (value: unknown): number | undefined => (typeof value === 'number' ? value : undefined);

/** The settings in force under `policy` (null: no policy on this computer). */
export function appSettingsFrom(policy: ParsedPolicy | null): AppSettings {
  const app = applyPolicy(null, policy).app;
  return {
    presignTtlSeconds: num(app.presignTtlSeconds),
    offlineMaxAgeHours: num(app.offlineMaxAgeHours) ?? appSettingDefaults.offlineMaxAgeHours,
    prefetchSize: num(app.prefetchSize) ?? appSettingDefaults.prefetchSize,
    updateUrl: typeof app.updateUrl === 'string' ? app.updateUrl : null,
    updatesDisabled: app.updatesDisabled === true,
    devToolsAllowed: app.devToolsAllowed === true,
    auditLogEnabled: app.auditLogEnabled !== false,
    auditLogMaxMegabytes: num(app.auditLogMaxMegabytes),
  };
}
