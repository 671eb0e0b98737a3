/**
 * The IPC contract: every channel that crosses the process boundary, with its request and response
 * schemas, and every event main sends to the renderer. The single source of truth: main validates with
 * it, the preload facade is generated from it, the renderer takes its types from it.
 *
 * Each domain declares its channels and events in its own file; this one assembles them. A new domain
 * is a new file here plus one spread in `channels` (and `events`).
 *
 * Channel names are `domain.method`; the preload exposes them as `api.domain.method(request)`.
 * Event names are `domain.event`; the preload exposes them as `api.domain.onEvent(callback)`.
 * Nothing in here may carry a secret (credentials, assertions, tokens): URLs and identities only.
 */
import type { z } from 'zod';
import { appChannels, appEvents } from './app.ts';
import { organizationChannels } from './organization.ts';
import { projectsChannels } from './projects.ts';
import { sessionChannels, sessionEvents } from './session.ts';
import { syncChannels, syncEvents } from './sync.ts';
import { tasksChannels, tasksEvents } from './tasks.ts';

export { ErrorCode, IpcError, ipcErrorCodes, type IpcResult } from './errors.ts';
export type { RoleOption, SessionView } from './session.ts';
export type { PrefetchStatus, SyncStatus } from './sync.ts';
export type {
  DraftView,
  LeaseChanged,
  OpenedTask,
  SourceAnnotation,
  SyncProgress,
  TaskAnnotation,
  TaskListFilter,
  TaskRow,
  TaskStateName,
} from './tasks.ts';

export const channels = {
  ...appChannels,
  ...sessionChannels,
  ...organizationChannels,
  ...projectsChannels,
  ...tasksChannels,
  ...syncChannels,
} as const;

export const events = {
  ...appEvents,
  ...sessionEvents,
  ...tasksEvents,
  ...syncEvents,
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
