/**
 * IT's policy over the organization settings: each enforced key replaces the value at its target
 * (whatever the imported or managed file says), and is reported as locked. A policy that names the
 * organization itself (id, name, IdP, region) is an organization on its own: then nothing is imported.
 */
import { policyKeys, type ParsedPolicy, type PolicyKeyName } from './policy-schema.ts';

export interface AppliedPolicy {
  /** The organization settings with the policy's keys in force (null: none, and the policy has none). */
  organization: Record<string, unknown> | null;
  /** The enforced keys, by their policy names. */
  locked: PolicyKeyName[];
  /** The app's own settings the policy sets (presign TTL, updates, audit log, …). */
  app: Record<string, unknown>;
}

const organizationKeys: PolicyKeyName[] = ['OrganizationId', 'OrganizationName', 'IdpSignInUrl', 'AwsRegion'];

/** Whether the policy defines an organization by itself (then it is the managed organization). */
export function policyDefinesOrganization(policy: ParsedPolicy | null): boolean {
  return Boolean(policy && organizationKeys.every((key) => policy.values[key] !== undefined));
}

function setPath(target: Record<string, unknown>, dotted: string, value: unknown): void {
  const parts = dotted.split('.');
  let node = target;
  for (const part of parts.slice(0, -1)) {
    const next = node[part];
    node = (node[part] =
      next && typeof next === 'object' && !Array.isArray(next) ? { ...next } : {}) as Record<string, unknown>;
  }
  node[parts.at(-1)!] = value;
}

export function applyPolicy(base: unknown, policy: ParsedPolicy | null): AppliedPolicy {
  const baseObject = base && typeof base === 'object' ? (base as Record<string, unknown>) : null;
  if (!policy) return { organization: baseObject, locked: [], app: {} };
  const organization: Record<string, unknown> | null =
    baseObject || policyDefinesOrganization(policy) ? { ...(baseObject ?? {}) } : null;
  const app: Record<string, unknown> = {};
  const locked: PolicyKeyName[] = [];
  for (const [name, value] of Object.entries(policy.values) as [PolicyKeyName, unknown][]) {
    const { target } = policyKeys[name];
    if (target.startsWith('app.')) {
      app[target.slice(4)] = value;
      locked.push(name);
    } else if (organization) {
      // The metadata is one of three sources: the policy's replaces the file's.
      if (name === 'IdpMetadataUrl' || name === 'IdpMetadataFile') {
        const idp = { ...((organization.idp as Record<string, unknown> | undefined) ?? {}) };
        delete idp.metadataXml;
        delete idp.metadataUrl;
        delete idp.metadataFile;
        organization.idp = idp;
      }
      setPath(organization, target.slice('organization.'.length), value);
      locked.push(name);
    }
  }
  return { organization, locked, app };
}
