import { z } from 'zod';
import type { Lab } from './lab.ts';
import { AWS_ACS_URL } from './organization.ts';

/**
 * What `npm run sandbox` writes for the app: where the sandbox IdP, STS and S3 are, and the
 * projects. Deliberately plain; the sign-in issue owns the app's real configuration schema and maps
 * this onto it.
 */
const arn = z.string().regex(/^arn:aws:/);

export const SandboxOrganizationSchema = z.object({
  version: z.literal(1),
  organization: z.object({ name: z.string(), description: z.string() }),
  idp: z.object({
    kind: z.enum(['node', 'simplesamlphp']),
    entityId: z.string(),
    /** IdP-initiated sign-in page for AWS: open it in the login window. */
    signInUrl: z.url(),
    metadataUrl: z.url(),
    metadataXml: z.string().min(1),
    /** Where the IdP posts the SAML response; the app captures that POST. */
    acsUrl: z.url(),
  }),
  sts: z.object({ endpoint: z.url(), region: z.string() }),
  s3: z.object({
    endpoint: z.url(),
    region: z.string(),
    forcePathStyle: z.literal(true),
    /** PEM file of the sandbox's private CA, when it serves HTTPS. */
    caCertPath: z.string().optional(),
  }),
  users: z.array(z.object({ username: z.string(), password: z.string(), roleArns: z.array(arn) })),
  roles: z.array(
    z.object({
      arn,
      principalArn: arn,
      accountId: z.string(),
      name: z.string(),
      maxSessionDurationSeconds: z.number().int(),
      readablePrefixes: z.array(z.string()),
      writablePrefixes: z.array(z.string()),
    }),
  ),
  projects: z.array(
    z.object({
      id: z.string(),
      title: z.string(),
      bucket: z.string(),
      prefix: z.string(),
      sourcePrefix: z.string(),
      targetPrefix: z.string(),
      importMode: z.enum(['tasks', 'files']),
      labelConfig: z.string(),
      allowedRoleArns: z.array(arn),
    }),
  ),
});

export type SandboxOrganization = z.infer<typeof SandboxOrganizationSchema>;

export function describeSandbox(lab: Lab, caCertPath?: string): SandboxOrganization {
  return SandboxOrganizationSchema.parse({
    version: 1,
    organization: {
      name: 'Federation Lab Sandbox',
      description:
        'A local IdP, STS and S3 with sample Label Studio projects: try the whole flow with no AWS account.',
    },
    idp: {
      kind: lab.idp.kind,
      entityId: lab.idp.entityId,
      signInUrl: lab.idp.signInUrl,
      metadataUrl: lab.idp.metadataUrl,
      metadataXml: lab.idp.metadataXml,
      acsUrl: AWS_ACS_URL,
    },
    sts: { endpoint: lab.sts.endpoint, region: lab.sts.region },
    s3: {
      endpoint: lab.s3.endpoint,
      region: lab.s3.region,
      forcePathStyle: true,
      ...(caCertPath ? { caCertPath } : {}),
    },
    users: lab.users.map((user) => ({
      username: user.username,
      password: lab.password,
      roleArns: user.roles.map((r) => r.arn),
    })),
    roles: Object.values(lab.roles).map((role) => ({
      arn: role.arn,
      principalArn: lab.providerArnFor(role),
      accountId: role.accountId,
      name: role.name,
      maxSessionDurationSeconds: role.maxSessionDurationSeconds,
      readablePrefixes: role.readablePrefixes,
      writablePrefixes: role.writablePrefixes,
    })),
    projects: lab.projects.map((p) => ({
      id: p.id,
      title: p.title,
      bucket: p.bucket,
      prefix: p.prefix,
      sourcePrefix: p.sourcePrefix,
      targetPrefix: p.targetPrefix,
      importMode: p.importMode,
      labelConfig: p.labelConfig,
      allowedRoleArns: p.allowedRoleArns,
    })),
  });
}
