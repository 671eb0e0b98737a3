/**
 * A lab STS for one partition, trusting the SAML fixture IdP (test/fixtures/saml), with roles made to
 * measure (any partition, any MaxSessionDuration). For tests that need STS without the whole lab:
 * GovCloud and China sign-ins, a role allowed 8 hours.
 */
import { LabClock } from '../clock.ts';
import type { LabRole } from '../organization.ts';
import { CredentialStore } from './credential-store.ts';
import { labPartitionOfRegion } from './partitions.ts';
import { SamlProviderRegistry } from './saml-providers.ts';
import { startStsServer, type StsServer } from './sts-server.ts';

export interface FixtureStsOptions {
  region: string;
  /** The fixture IdP's metadata, registered as the account's SAML provider. */
  idpMetadataXml: string;
  accountId?: string;
  /** Role name → MaxSessionDuration in seconds. */
  roles: Record<string, number>;
}

export interface FixtureSts {
  sts: StsServer;
  clock: LabClock;
  providerArn: string;
  roleArn(name: string): string;
  close(): Promise<void>;
}

export async function startFixtureSts(options: FixtureStsOptions): Promise<FixtureSts> {
  const partition = labPartitionOfRegion(options.region);
  const accountId = options.accountId ?? '111122223333';
  const providerArn = `arn:${partition}:iam::${accountId}:saml-provider/CorpIdP`;
  const roleArn = (name: string) => `arn:${partition}:iam::${accountId}:role/${name}`;
  const roles = new Map<string, LabRole>(
    Object.entries(options.roles).map(([name, maxSessionDurationSeconds]) => [
      roleArn(name),
      {
        arn: roleArn(name),
        accountId,
        name,
        maxSessionDurationSeconds,
        trustedProviderArn: providerArn,
        readablePrefixes: [],
        writablePrefixes: [],
        policy: { Version: '2012-10-17', Statement: [] },
      },
    ]),
  );
  const clock = new LabClock();
  const providers = new SamlProviderRegistry();
  providers.register(providerArn, options.idpMetadataXml);
  const sts = await startStsServer({
    region: options.region,
    providers,
    store: new CredentialStore(clock),
    clock,
    findRole: (arn) => roles.get(arn),
    clockSkewSeconds: 300,
  });
  return { sts, clock, providerArn, roleArn, close: () => sts.close() };
}
