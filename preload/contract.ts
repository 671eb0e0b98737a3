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

const ProjectSummary = z.object({
  id: z.string(),
  name: z.string(),
  importMode: z.enum(['tasks', 'files']),
  /** Annotations wanted per task (Label Studio's overlap). */
  overlap: z.number().int().positive(),
});
const WorkspaceSummary = z.object({ id: z.string(), name: z.string(), projects: z.array(ProjectSummary) });

const TaskStateName = z.enum(['open', 'claimed', 'done', 'done-by-me']);
export type TaskStateName = z.infer<typeof TaskStateName>;

/** One row of the task list: one task file (tasks mode) or one media object (files mode). */
const TaskRow = z.object({
  key: z.string(),
  taskId: z.string(),
  size: z.number().nonnegative(),
  lastModified: z.string().optional(),
  state: TaskStateName,
  /** Annotation files found for the row's tasks (a JSON array / JSONL file holds several tasks). */
  annotated: z.number().int().nonnegative(),
});
export type TaskRow = z.infer<typeof TaskRow>;

const SyncProgress = z.object({
  projectId: z.string(),
  /** Objects in the local index so far. */
  listed: z.number().int().nonnegative(),
  done: z.boolean(),
  error: IpcError.optional(),
});
export type SyncProgress = z.infer<typeof SyncProgress>;

/** An object tag of the labeling config (Image, Text, Audio, ...) with its value for this task. */
const TaskObject = z.object({
  tag: z.string(),
  name: z.string(),
  /** Text, or a presigned https URL for media; null when the task has no such field. */
  value: z.string().nullable(),
  /** The s3:// URI behind a media URL, to ask for a fresh URL after a 403. */
  source: z.string().optional(),
});

/** `value` goes into results (Label Studio's alias when the config has one); `label` is shown. */
const Choice = z.object({ value: z.string(), label: z.string() });
/** The controls the app can render for now (more tools come with the labeling issue). */
const TaskControl = z.object({
  tag: z.string(),
  name: z.string(),
  toName: z.array(z.string()),
  choices: z.array(Choice),
  /** 'single' (radio) or 'multiple' (checkboxes), for Choices. */
  choice: z.enum(['single', 'multiple']).optional(),
});

const Annotation = z.object({
  id: z.union([z.number(), z.string()]),
  completedBy: z.string().optional(),
  createdAt: z.string().optional(),
  updatedAt: z.string().optional(),
  mine: z.boolean(),
  /** Label Studio result items, as stored. */
  result: z.array(z.unknown()),
});
export type TaskAnnotation = z.infer<typeof Annotation>;

const OpenedTask = z.object({
  projectId: z.string(),
  taskId: z.string(),
  key: z.string(),
  /** A task file (JSON array or JSONL) may hold several tasks: which one this is, of how many. */
  taskIndex: z.number().int().nonnegative(),
  taskCount: z.number().int().positive(),
  objects: z.array(TaskObject),
  controls: z.array(TaskControl),
  /** Control tags of the config this version cannot render yet (the labeling tools come later). */
  unsupportedControls: z.array(z.string()),
  /** Annotations already in the target (others' are read-only). */
  annotations: z.array(Annotation),
  state: TaskStateName,
  claim: z.object({ held: z.boolean(), expiresAt: z.string().optional(), holder: z.string().optional() }),
});
export type OpenedTask = z.infer<typeof OpenedTask>;

const Conflict = z.object({
  annotationId: z.union([z.number(), z.string()]),
  reason: z.string(),
  mine: Annotation.nullable(),
  theirs: Annotation.nullable(),
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
  'projects.list': channel({
    summary: 'Workspaces and projects the current role may open.',
    request: NoRequest,
    response: z.object({ workspaces: z.array(WorkspaceSummary) }),
  }),
  'tasks.sync': channel({
    summary:
      "List the project's tasks into the local index: resolves after the first page, the rest streams.",
    request: z.object({ projectId: z.string().max(128), full: z.boolean().optional() }),
    response: SyncProgress,
  }),
  'tasks.page': channel({
    summary: 'A page of the task list from the local index (never the whole list in one message).',
    request: z.object({
      projectId: z.string().max(128),
      offset: z.number().int().nonnegative(),
      limit: z.number().int().min(1).max(500),
    }),
    response: z.object({
      rows: z.array(TaskRow),
      total: z.number().int().nonnegative(),
      syncing: z.boolean(),
    }),
  }),
  'tasks.open': channel({
    summary: 'Claim a task and read it: objects with presigned URLs, controls, existing annotations.',
    request: z.object({
      projectId: z.string().max(128),
      key: z.string().max(1024),
      index: z.number().int().nonnegative().max(1_000_000).optional(),
    }),
    response: OpenedTask,
  }),
  'tasks.presign': channel({
    summary: 'A fresh URL for a media object of an open task (after a 403 or near expiry).',
    request: z.object({ projectId: z.string().max(128), uri: z.string().max(1100) }),
    response: z.object({ url: z.string(), expiresAt: z.string() }),
  }),
  'tasks.submit': channel({
    summary: "Save the annotator's annotation of a task (a conditional write; merges with others').",
    request: z.object({
      projectId: z.string().max(128),
      taskId: z.string().max(256),
      result: z.array(z.record(z.string(), z.unknown())).max(10_000),
      /** The controls the window edits: their items in the annotator's annotation are replaced, others kept. */
      controls: z.array(z.string().max(200)).max(100),
      leadTimeSeconds: z
        .number()
        .nonnegative()
        .max(86_400 * 7),
    }),
    response: z.object({ annotationId: z.union([z.number(), z.string()]), conflicts: z.array(Conflict) }),
  }),
  'tasks.release': channel({
    summary: 'Give a claimed task back (the annotator closed it without submitting).',
    request: z.object({ projectId: z.string().max(128), taskId: z.string().max(256) }),
    response: z.object({ released: z.boolean() }),
  }),
} as const;

export const events = {
  /** Main's view of its own state changed; the renderer re-reads health. */
  'app.healthChanged': AppHealth,
  /** Sign-in state changed (signed in, refreshed, expired, signed out). */
  'session.changed': SessionView,
  /** Listing progress of a project (throttled: a few events a second at most). */
  'tasks.syncProgress': SyncProgress,
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
