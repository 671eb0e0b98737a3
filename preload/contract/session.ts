/** The session domain: the organization in use, the sign-in state, the role, the keychain. */
import { z } from 'zod';
import { channel, NoRequest } from './define.ts';
import { IpcError } from './errors.ts';

export const RoleOption = z.object({
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

/** What every session and organization channel answers with, and what `session.changed` carries. */
export const SessionView = z.object({
  organization: z
    .object({ id: z.string(), name: z.string(), source: z.enum(['managed', 'user', 'sandbox']) })
    .nullable(),
  session: SessionState,
  keychain: z.object({ persistent: z.boolean(), code: z.string(), message: z.string() }),
});
export type SessionView = z.infer<typeof SessionView>;

export const sessionChannels = {
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
} as const;

export const sessionEvents = {
  /** Sign-in state changed (signed in, refreshed, expired, signed out). */
  'session.changed': SessionView,
} as const;
