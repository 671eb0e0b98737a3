/**
 * The IPC contract: every channel that crosses the process boundary, with its request and response
 * schemas, and every event main sends to the renderer. The single source of truth: main validates with
 * it, the preload facade is generated from it, the renderer takes its types from it.
 *
 * Channel names are `domain.method`; the preload exposes them as `api.domain.method(request)`.
 * Event names are `domain.event`; the preload exposes them as `api.domain.onEvent(callback)`.
 * Nothing in here may carry a secret (credentials, assertions, tokens): URLs and identities only.
 */
import { z } from 'zod';

/**
 * Codes the renderer can branch on; messages are for people, codes are for code. Each main module
 * owns its codes (SAML_*, STS_*, KEYCHAIN_*, CONFIG_*, SESSION_*); these are the IPC layer's own.
 */
export const ipcErrorCodes = {
  invalidRequest: 'INVALID_REQUEST', // the request did not match the channel's schema
  forbiddenSender: 'FORBIDDEN_SENDER', // not the app's own origin, or not its main frame
  unknownChannel: 'UNKNOWN_CHANNEL',
  internal: 'INTERNAL', // a bug in main; details are in main's log, never in the message
  externalUrlRefused: 'EXTERNAL_URL_REFUSED',
} as const;
export const ErrorCode = z.string().regex(/^[A-Z][A-Z0-9_]{2,63}$/);
export type ErrorCode = z.infer<typeof ErrorCode>;

export const IpcError = z.object({
  code: ErrorCode,
  message: z.string(),
  /** True when trying the same thing again later may succeed (network, throttling). */
  retryable: z.boolean().optional(),
});
export type IpcError = z.infer<typeof IpcError>;

/** Errors cross IPC as values: Electron keeps only the message of a thrown error. */
export type IpcResult<T> = { ok: true; value: T } | { ok: false; error: IpcError };

const NoRequest = z.undefined();

const AppVersion = z.object({
  name: z.string(),
  version: z.string(),
  /** Runtime versions; `electron` and `chrome` are absent when main runs in the browser harness. */
  runtime: z.object({
    node: z.string(),
    electron: z.string().optional(),
    chrome: z.string().optional(),
  }),
  platform: z.string(),
});

const HealthCheck = z.object({ name: z.string(), ok: z.boolean(), detail: z.string() });
const AppHealth = z.object({
  ok: z.boolean(),
  uptimeMs: z.number().nonnegative(),
  checks: z.array(HealthCheck),
});

const ExternalUrl = z.object({ url: z.string().max(2048) });

const RoleOption = z.object({
  roleArn: z.string(),
  roleName: z.string(),
  accountId: z.string(),
  /** The account's alias from the organization settings, else its id. */
  accountLabel: z.string(),
});
export type RoleOption = z.infer<typeof RoleOption>;

const Identity = z.object({
  /** The IdP's NameID (usually the annotator's e-mail address). */
  user: z.string(),
  sessionName: z.string(),
  role: RoleOption,
  /** When the temporary credentials expire (ISO 8601). */
  expiresAt: z.string(),
});

const SessionState = z.discriminatedUnion('status', [
  /** problem: the settings file exists but cannot be used (IT must fix it, or the user re-imports). */
  z.object({ status: z.literal('no-organization'), problem: IpcError.optional() }),
  z.object({ status: z.literal('signed-out'), notice: IpcError.optional() }),
  z.object({ status: z.literal('signing-in') }),
  z.object({
    status: z.literal('choosing-role'),
    roles: z.array(RoleOption),
    suggestedRoleArn: z.string().optional(),
  }),
  z.object({
    status: z.literal('signed-in'),
    identity: Identity,
    /** 'needs-sign-in': the IdP wants the annotator before the session can be extended. */
    refresh: z.enum(['scheduled', 'refreshing', 'needs-sign-in']),
  }),
]);

const SessionView = z.object({
  organization: z
    .object({ id: z.string(), name: z.string(), source: z.enum(['managed', 'user', 'sandbox']) })
    .nullable(),
  session: SessionState,
  keychain: z.object({ persistent: z.boolean(), code: z.string(), message: z.string() }),
});
export type SessionView = z.infer<typeof SessionView>;

const OrganizationChoices = z.object({
  /** IT enforces the organization: no import, no sandbox. */
  managed: z.boolean(),
  /** A local sandbox (npm run sandbox) is running and can be used. */
  sandboxAvailable: z.boolean(),
});

function channel<Req extends z.ZodType, Res extends z.ZodType>(def: {
  request: Req;
  response: Res;
  summary: string;
}) {
  return def;
}

export const channels = {
  'app.version': channel({
    summary: 'Name, version and runtime of the app.',
    request: NoRequest,
    response: AppVersion,
  }),
  'app.health': channel({
    summary: 'Self-checks of the main-process subsystems.',
    request: NoRequest,
    response: AppHealth,
  }),
  'app.openExternal': channel({
    summary: 'Open an allow-listed https URL in the system browser.',
    request: ExternalUrl,
    response: z.object({ opened: z.literal(true) }),
  }),
  'session.get': channel({
    summary: 'The organization, the sign-in state and whether the keychain keeps it.',
    request: NoRequest,
    response: SessionView,
  }),
  'session.signIn': channel({
    summary: "Open the organization's sign-in window; resolves signed in, or with roles to choose from.",
    request: NoRequest,
    response: SessionView,
  }),
  'session.cancelSignIn': channel({
    summary: 'Close the sign-in window.',
    request: NoRequest,
    response: SessionView,
  }),
  'session.chooseRole': channel({
    summary: 'Assume one of the roles the sign-in offered.',
    request: z.object({ roleArn: z.string().max(2048) }),
    response: SessionView,
  }),
  'session.signOut': channel({
    summary: 'Forget the session: keychain items, IdP cookies, credentials in memory.',
    request: NoRequest,
    response: SessionView,
  }),
  'organization.choices': channel({
    summary: 'What the first-run screen may offer.',
    request: NoRequest,
    response: OrganizationChoices,
  }),
  'organization.useSandbox': channel({
    summary: 'Use the local sandbox organization (npm run sandbox).',
    request: NoRequest,
    response: SessionView,
  }),
  'organization.importFile': channel({
    summary: 'Pick the organization file IT provided, check it and keep it.',
    request: NoRequest,
    response: SessionView,
  }),
} as const;

export const events = {
  /** Main's view of its own state changed; the renderer re-reads health. */
  'app.healthChanged': AppHealth,
  /** Sign-in state changed (signed in, refreshed, expired, signed out). */
  'session.changed': SessionView,
} as const;

export type Channels = typeof channels;
export type ChannelName = keyof Channels;
export type RequestOf<C extends ChannelName> = z.input<Channels[C]['request']>;
export type ResponseOf<C extends ChannelName> = z.output<Channels[C]['response']>;
export type EventName = keyof typeof events;
export type EventPayload<E extends EventName> = z.output<(typeof events)[E]>;

export const channelNames = Object.keys(channels) as ChannelName[];
export const eventNames = Object.keys(events) as EventName[];

export function isChannelName(name: unknown): name is ChannelName {
  return typeof name === 'string' && Object.hasOwn(channels, name);
}
export function isEventName(name: unknown): name is EventName {
  return typeof name === 'string' && Object.hasOwn(events, name);
}
