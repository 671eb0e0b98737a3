/**
 * The one path every IPC request takes, in Electron and in the browser harness alike:
 * known channel → trusted sender → request parsed → handler → response parsed → result value.
 * Handlers therefore receive only parsed, typed input, and nothing a handler throws (stack traces,
 * library messages that might quote a secret) reaches the renderer except an AppError's own message.
 */
import type { z } from 'zod';
import {
  channels,
  isChannelName,
  type ChannelName,
  type IpcError,
  type IpcResult,
  type RequestOf,
  type ResponseOf,
} from '../../preload/contract.ts';
import { createLogger } from '../log.ts';
import { toPresentableError } from './presentable-errors.ts';
import { requestShapeProblem } from './request-shape.ts';

const log = createLogger('ipc');

/** What main knows about who sent a request (Electron: event.senderFrame). */
export interface Sender {
  /** URL of the sending frame; null when the frame is gone. */
  url: string | null;
  isMainFrame: boolean;
}

export type Handler<C extends ChannelName> = (
  request: z.output<(typeof channels)[C]['request']>,
) => Promise<ResponseOf<C>> | ResponseOf<C>;

export type Handlers = { [C in ChannelName]: Handler<C> };

export type Dispatch = (sender: Sender, channel: string, request: unknown) => Promise<IpcResult<unknown>>;

export interface DispatcherOptions {
  handlers: Handlers;
  /** The origin the app is served from: `app://annotator` in Electron, the harness origin in tests. */
  appOrigin: string;
}

function fail(code: IpcError['code'], message: string): { ok: false; error: IpcError } {
  return { ok: false, error: { code, message } };
}

function originOf(url: string | null): string | null {
  if (!url) return null;
  try {
    const parsed = new URL(url);
    // Custom schemes report an opaque origin ("null"), so build it from protocol and host.
    return `${parsed.protocol}//${parsed.host}`;
  } catch {
    return null;
  }
}

function describeIssues(error: z.ZodError): string {
  return error.issues
    .slice(0, 5)
    .map((issue) => `${issue.path.length ? issue.path.join('.') : '(request)'}: ${issue.message}`)
    .join('; ');
}

export function createDispatcher({ handlers, appOrigin }: DispatcherOptions): Dispatch {
  return async (sender, channel, request) => {
    if (!isChannelName(channel))
      return fail('UNKNOWN_CHANNEL', `There is no IPC channel named "${channel}".`);
    if (originOf(sender.url) !== appOrigin || !sender.isMainFrame) {
      log.warn(
        `refused ${channel} from ${sender.isMainFrame ? 'main frame' : 'subframe'} at ${originOf(sender.url)}`,
      );
      return fail('FORBIDDEN_SENDER', 'This request did not come from the app window and was refused.');
    }
    const def = channels[channel];
    const shape = requestShapeProblem(request);
    const parsed = shape ? null : def.request.safeParse(request);
    if (!parsed?.success) {
      // The window builds valid requests; one that is not is a bug there. The detail goes to the log,
      // the person gets a message that says nothing was done and what to do.
      log.error(`refused ${channel}: ${shape ?? describeIssues(parsed!.error!)}`);
      return fail(
        'INVALID_REQUEST',
        'The window asked for something the app cannot accept, so nothing was done. Reload the window (Ctrl+R) and try again; your saved drafts are kept.',
      );
    }
    let value: unknown;
    try {
      const handler = handlers[channel] as (req: unknown) => unknown;
      value = await handler(parsed.data);
    } catch (error) {
      const presentable = toPresentableError(error);
      if (presentable) return { ok: false, error: presentable };
      log.error(`${channel} failed:`, error);
      return fail('INTERNAL', 'Something went wrong inside the app. Details are in the log.');
    }
    const checked = def.response.safeParse(value);
    if (!checked.success) {
      log.error(`${channel} returned a response outside the contract: ${describeIssues(checked.error)}`);
      return fail('INTERNAL', 'Something went wrong inside the app. Details are in the log.');
    }
    return { ok: true, value: checked.data };
  };
}

/** Types a single handler against the contract; useful when building the handler table piecewise. */
export function handler<C extends ChannelName>(_channel: C, fn: Handler<C>): Handler<C> {
  return fn;
}

export type { RequestOf };
