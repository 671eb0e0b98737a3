/**
 * IT's policy keys: one schema for every OS (Linux policy.json, macOS managed preferences, Windows
 * registry policies). Each key has one type, one place in the app's settings and one description (the
 * README table and, later, the ADMX/mobileconfig templates come from this list). Values arrive as the
 * OS stores them (registry strings and DWORDs, plist types, JSON) and are coerced once, here; a bad
 * value is named by its key.
 */
import { z } from 'zod';

export type PolicyKind = 'string' | 'integer' | 'boolean' | 'list' | 'json';

export interface PolicyKey {
  kind: PolicyKind;
  /** Where it lands: `organization.<path>` in the organization settings, `app.<name>` for the app's own. */
  target: string;
  description: string;
  /** Extra check on the coerced value (the organization schema checks its own keys again). */
  check?: z.ZodType;
}

const positive = z.number().int().positive();

export const policyKeys = {
  OrganizationId: {
    kind: 'string',
    target: 'organization.id',
    description: 'Stable id of the organization (letters, digits, . _ -).',
  },
  OrganizationName: { kind: 'string', target: 'organization.name', description: 'Name shown to annotators.' },
  IdpSignInUrl: {
    kind: 'string',
    target: 'organization.idp.signInUrl',
    description: 'IdP-initiated sign-in URL of the AWS application.',
  },
  IdpMetadataUrl: {
    kind: 'string',
    target: 'organization.idp.metadataUrl',
    description: 'IdP metadata URL (https).',
  },
  IdpMetadataFile: {
    kind: 'string',
    target: 'organization.idp.metadataFile',
    description: 'IdP metadata file on this computer.',
  },
  IdpAllowedOrigins: {
    kind: 'list',
    target: 'organization.idp.allowedOrigins',
    description: 'Origins the sign-in window may visit (MFA providers).',
  },
  IdpExtraAudiences: {
    kind: 'list',
    target: 'organization.idp.extraAudiences',
    description: "Audiences accepted besides AWS's own.",
  },
  AwsRegion: {
    kind: 'string',
    target: 'organization.aws.region',
    description: 'AWS region of STS (eu-west-1, us-gov-west-1, cn-north-1…).',
  },
  StsEndpoint: {
    kind: 'string',
    target: 'organization.aws.stsEndpoint',
    description: 'Regional, FIPS or VPC endpoint of STS.',
  },
  AllowedRoles: {
    kind: 'list',
    target: 'organization.aws.allowedRoles',
    description: 'Role ARNs (or patterns with *) the app may use.',
  },
  PinnedRole: {
    kind: 'string',
    target: 'organization.aws.pinnedRole',
    description: 'Always use this role when the IdP asserts it.',
  },
  MaxSessionSeconds: {
    kind: 'integer',
    target: 'organization.aws.maxSessionSeconds',
    description: 'Longest session to ask STS for (900–43200).',
  },
  Workspaces: {
    kind: 'json',
    target: 'organization.workspaces',
    description: 'Projects, grouped in workspaces (JSON, as in the organization file).',
  },
  HttpsProxy: {
    kind: 'string',
    target: 'organization.network.httpsProxy',
    description: 'Proxy for AWS traffic (http://proxy:8080, no credentials).',
  },
  NoProxy: {
    kind: 'string',
    target: 'organization.network.noProxy',
    description: 'Hosts that bypass the proxy (as NO_PROXY).',
  },
  CaCertificatesPem: {
    kind: 'list',
    target: 'organization.network.caCertificatesPem',
    description: 'PEM certificates of corporate CAs, trusted besides the system ones.',
  },
  PresignTtlSeconds: {
    kind: 'integer',
    target: 'app.presignTtlSeconds',
    description: 'Lifetime of presigned media URLs (60–43200 s).',
    check: z.number().int().min(60).max(43200),
  },
  OfflineMaxAgeHours: {
    kind: 'integer',
    target: 'app.offlineMaxAgeHours',
    description:
      'Hours task data and media stay cached for offline work without a sign-in; then wiped unread (unsent submits are kept).',
    check: positive,
  },
  PrefetchSize: {
    kind: 'integer',
    target: 'app.prefetchSize',
    description: 'Tasks fetched ahead of the one open (0–50).',
    check: z.number().int().min(0).max(50),
  },
  UpdateUrl: {
    kind: 'string',
    target: 'app.updateUrl',
    description: 'Internal update server (generic provider, https).',
    check: z.string().url().startsWith('https://'),
  },
  UpdatesDisabled: {
    kind: 'boolean',
    target: 'app.updatesDisabled',
    description: 'Turn automatic updates off.',
  },
  AuditLogEnabled: {
    kind: 'boolean',
    target: 'app.auditLogEnabled',
    description: 'Keep the local audit log (default on).',
  },
  AuditLogMaxMegabytes: {
    kind: 'integer',
    target: 'app.auditLogMaxMegabytes',
    description: 'Size of the audit log before it rotates (1–100).',
    check: z.number().int().min(1).max(100),
  },
  DevToolsAllowed: {
    kind: 'boolean',
    target: 'app.devToolsAllowed',
    description: 'Allow DevTools in packaged builds (support only).',
  },
} as const satisfies Record<string, PolicyKey>;

export type PolicyKeyName = keyof typeof policyKeys;
export type PolicyValue = string | number | boolean | string[] | unknown[] | Record<string, unknown>;

export interface ParsedPolicy {
  /** Where it was read (a file path, a registry key). */
  source: string;
  values: Partial<Record<PolicyKeyName, PolicyValue>>;
  /** One line per bad or unknown key, naming it; the other keys still apply. */
  problems: string[];
}

const isKey = (name: string): name is PolicyKeyName => Object.hasOwn(policyKeys, name);

type Coerced = { ok: true; value: PolicyValue } | { ok: false; problem: string };
const ok = (value: PolicyValue): Coerced => ({ ok: true, value });
const bad = (problem: string): Coerced => ({ ok: false, problem });

/** From what the OS stores (registry strings and DWORDs, plist types, JSON) to the key's type. */
function coerce(kind: PolicyKind, raw: unknown): Coerced {
  switch (kind) {
    case 'string':
      return typeof raw === 'string' && raw.trim() ? ok(raw.trim()) : bad('must be a non-empty text');
    case 'integer': {
      const n = typeof raw === 'string' && /^-?\d+$/.test(raw.trim()) ? Number(raw) : raw;
      return typeof n === 'number' && Number.isInteger(n) ? ok(n) : bad('must be a whole number');
    }
    case 'boolean':
      if (raw === true || raw === 1 || raw === 'true' || raw === '1') return ok(true);
      if (raw === false || raw === 0 || raw === 'false' || raw === '0') return ok(false);
      return bad('must be true or false (1 or 0)');
    case 'list':
      return Array.isArray(raw) && raw.every((item) => typeof item === 'string')
        ? ok(raw.map((item) => item.trim()).filter(Boolean))
        : bad('must be a list of texts');
    case 'json':
      if (typeof raw !== 'string')
        return raw && typeof raw === 'object' ? ok(raw as PolicyValue) : bad('must be JSON');
      try {
        return ok(JSON.parse(raw) as PolicyValue);
      } catch {
        return bad('must be valid JSON');
      }
  }
}

/** Coerces what an OS reader found; unknown and bad keys become problems that name them. */
export function parsePolicy(raw: Record<string, unknown>, source: string): ParsedPolicy {
  const values: ParsedPolicy['values'] = {};
  const problems: string[] = [];
  for (const [name, value] of Object.entries(raw)) {
    if (!isKey(name)) {
      problems.push(`${name}: not a policy key of this app`);
      continue;
    }
    const key: PolicyKey = policyKeys[name];
    const coerced = coerce(key.kind, value);
    if (!coerced.ok) {
      problems.push(`${name}: ${coerced.problem}`);
      continue;
    }
    const checked = key.check?.safeParse(coerced.value);
    if (checked && !checked.success) {
      problems.push(`${name}: ${checked.error.issues[0]?.message ?? 'not allowed'}`);
      continue;
    }
    values[name] = coerced.value;
  }
  return { source, values, problems };
}
