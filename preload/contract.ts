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

/** Codes the renderer can branch on. Messages are for people; codes are for code. */
export const errorCodes = [
  'INVALID_REQUEST', // the request did not match the channel's schema
  'FORBIDDEN_SENDER', // not the app's own origin, or not its main frame
  'UNKNOWN_CHANNEL',
  'INTERNAL', // a bug in main; details are in main's log, never in the message
  'EXTERNAL_URL_REFUSED',
] as const;
export const ErrorCode = z.enum(errorCodes);
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
} as const;

export const events = {
  /** Main's view of its own state changed (later: session, sync); the renderer re-reads health. */
  'app.healthChanged': AppHealth,
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
