/**
 * An organization: who signs people in (the IdP), which AWS partition and STS endpoint to use, and
 * which roles the app may use. IT provides it (managed settings) or the user imports the file IT gave
 * them; the sandbox writes one too. Everything in it is public configuration: no secret belongs here.
 */
import { z } from 'zod';
import { AppError } from '../errors.ts';
import { parseProjectsConfig, WorkspaceSchema } from '../tasks/project-config.ts';

const loopbackHosts = new Set(['127.0.0.1', 'localhost', '[::1]']);

/** https everywhere; plain http only on loopback (the sandbox and the lab). */
const webUrl = z.string().refine(
  (value) => {
    try {
      const url = new URL(value);
      return url.protocol === 'https:' || (url.protocol === 'http:' && loopbackHosts.has(url.hostname));
    } catch {
      return false;
    }
  },
  { message: 'must be an https URL (http only on this computer)' },
);

// STS's own hosts: regional, FIPS, dual-stack, and VPC interface endpoints (vpce-…sts.<region>.vpce…).
const stsHost =
  /^(?:[a-z0-9-]+\.)*sts(?:-fips)?\.[a-z0-9-]+(?:\.vpce)?\.(?:amazonaws\.com|amazonaws\.com\.cn|api\.aws)$/;

/**
 * The assertion is a bearer credential: an STS endpoint that is not AWS's could redeem it. So only
 * AWS STS hosts are accepted (plain http only on loopback, for the sandbox).
 */
const stsEndpoint = webUrl.refine(
  (value) => {
    const url = new URL(value);
    return (
      loopbackHosts.has(url.hostname) ||
      (url.protocol === 'https:' && stsHost.test(url.hostname.toLowerCase()))
    );
  },
  { message: 'must be an AWS STS endpoint (sts.<region>.amazonaws.com, FIPS, or a VPC endpoint of STS)' },
);

const roleArnOrPattern = z
  .string()
  .regex(/^arn:(aws|aws-us-gov|aws-cn):iam::(\d{12}|\*):role\/[\w+=,.@/*-]{1,512}$/, {
    message: 'must be an IAM role ARN (a * may stand for any characters of the account id or name)',
  });

export const OrganizationConfig = z
  .object({
    /** Stable id: names the keychain items and the IdP browser partition. */
    id: z
      .string()
      .regex(/^[A-Za-z0-9._-]{1,128}$/, { message: 'use 1-128 letters, digits, ".", "_" or "-"' }),
    name: z.string().min(1).max(200),
    idp: z
      .object({
        /** The IdP-initiated sign-in URL of the AWS application (Okta app link, Entra myapps, ADFS, ...). */
        signInUrl: webUrl,
        /** IdP metadata: the only source of trust. Exactly one of XML, URL or file. */
        metadataXml: z.string().min(1).max(1_000_000).optional(),
        metadataUrl: webUrl.optional(),
        metadataFile: z.string().min(1).optional(),
        /** Origins the sign-in window may visit besides the sign-in URL's (MFA providers, federated IdPs). */
        allowedOrigins: z.array(webUrl).default([]),
        /** ACS URLs besides AWS's own that the IdP may post the response to. */
        extraAcsUrls: z.array(z.string().url()).default([]),
        /**
         * Audiences accepted besides AWS's own entity ids (urn:amazon:webservices and its GovCloud and
         * China counterparts), for an IdP set up with an entity id of IT's choosing.
         */
        extraAudiences: z.array(z.string().trim().min(1).max(1024)).max(20).default([]),
      })
      .refine((idp) => [idp.metadataXml, idp.metadataUrl, idp.metadataFile].filter(Boolean).length === 1, {
        message: 'give exactly one of metadataXml, metadataUrl or metadataFile',
        path: ['metadataXml'],
      }),
    aws: z.object({
      region: z.string().regex(/^[a-z]{2}(-gov|-iso[a-z]?)?-[a-z]+-\d+$/, {
        message: 'must be an AWS region such as eu-west-1',
      }),
      /** Regional, FIPS or VPC interface endpoint for STS; default: the regional endpoint. */
      stsEndpoint: stsEndpoint.optional(),
      /** The longest session to ask for; STS also caps it by SessionDuration and the role's maximum. */
      maxSessionSeconds: z.number().int().min(900).max(43200).default(43200),
      /** Only these roles are offered (ARNs or patterns); default: every role the IdP asserts. */
      allowedRoles: z.array(roleArnOrPattern).optional(),
      /** Always use this role when the IdP asserts it; no picker. */
      pinnedRole: roleArnOrPattern.optional(),
      /** Readable names for account ids in the role picker ({"111122223333": "Vision team"}). */
      accountAliases: z
        .record(
          z.string().regex(/^\d{12}$/, { message: 'keys must be 12-digit account ids' }),
          z.string().min(1).max(100),
        )
        .default({}),
    }),
    network: z
      .object({
        /** PEM certificates of corporate CAs, trusted in addition to the system's. */
        caCertificatesPem: z.array(z.string().includes('-----BEGIN CERTIFICATE-----')).default([]),
        /** The https proxy AWS traffic goes through (CONNECT). No credentials: they would sit in a file. */
        httpsProxy: z
          .string()
          .refine(
            (value) => {
              try {
                const url = new URL(value);
                return (
                  /^https?:$/.test(url.protocol) && !url.username && !url.password && url.pathname === '/'
                );
              } catch {
                return false;
              }
            },
            { message: 'must be a proxy URL like http://proxy.corp.example:8080 (no user name or password)' },
          )
          .optional(),
        /** Hosts that bypass the proxy (comma-separated, as NO_PROXY: .corp.example,10.0.0.0/8). */
        noProxy: z.string().max(4096).optional(),
        /**
         * How long a call to STS or S3 may wait before it ends in "did not answer in time" (a hung VPN
         * must not leave a spinner). Defaults: connect 10 s, first byte 30 s, whole call 120 s; a
         * satellite link may need longer.
         */
        timeouts: z
          .object({
            connectSeconds: z.number().min(1).max(300).optional(),
            firstByteSeconds: z.number().min(1).max(600).optional(),
            totalSeconds: z.number().min(1).max(3600).optional(),
          })
          .strict()
          .optional(),
      })
      .default({ caCertificatesPem: [] }),
    /** Label Studio projects, grouped in workspaces (schema and cross-checks: main/tasks). */
    workspaces: z.array(WorkspaceSchema).default([]),
  })
  .strict();

export type OrganizationConfig = z.output<typeof OrganizationConfig>;

/** The organization's network settings as the HTTP clients take them. */
export function networkOptions(config: OrganizationConfig) {
  const { caCertificatesPem, httpsProxy, noProxy, timeouts } = config.network;
  const ms = (seconds: number | undefined) => (seconds === undefined ? undefined : seconds * 1000);
  const given = {
    connectMs: ms(timeouts?.connectSeconds),
    firstByteMs: ms(timeouts?.firstByteSeconds),
    totalMs: ms(timeouts?.totalSeconds),
  };
  const set = Object.fromEntries(Object.entries(given).filter(([, v]) => v !== undefined)) as Partial<
    Record<keyof typeof given, number>
  >;
  return {
    caCertificatesPem,
    ...(httpsProxy ? { proxy: { url: httpsProxy, noProxy } } : {}),
    ...(Object.keys(set).length > 0 ? { timeouts: set } : {}),
  };
}

export class ConfigError extends AppError<'CONFIG_INVALID'> {
  constructor(source: string, problems: string[]) {
    super(
      'CONFIG_INVALID',
      `The organization settings in ${source} cannot be used: ${problems.join('; ')}. ` +
        'Ask your IT team for a corrected file.',
    );
    this.name = 'ConfigError';
  }
}

/** Parses settings, naming each bad key by its path (`idp.signInUrl: must be ...`). */
export function parseOrganizationConfig(value: unknown, source: string): OrganizationConfig {
  const parsed = OrganizationConfig.safeParse(value);
  if (parsed.success) {
    // Rules across projects (unique ids, target outside the task prefix, ...) live with the projects.
    const projects = parseProjectsConfig({ version: 1, workspaces: parsed.data.workspaces });
    if (!projects.ok) throw new ConfigError(source, [projects.error.message.replace(/\n/g, '; ')]);
    return parsed.data;
  }
  throw new ConfigError(
    source,
    parsed.error.issues
      .slice(0, 8)
      .map((i) => `${i.path.length ? i.path.join('.') : '(top level)'}: ${i.message}`),
  );
}

/** Whether a role ARN matches an ARN or pattern from the settings (`*` matches within the ARN). */
export function roleMatches(pattern: string, roleArn: string): boolean {
  const regex = new RegExp(
    `^${pattern
      .split('*')
      .map((p) => p.replace(/[.+?^${}()|[\]\\]/g, '\\$&'))
      .join('[^:]*')}$`,
  );
  return regex.test(roleArn);
}
