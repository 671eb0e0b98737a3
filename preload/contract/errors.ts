/**
 * How errors cross the process boundary: as values with a code for code and a message for people.
 * Shared by every domain of the contract (an event or a response may carry one).
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
