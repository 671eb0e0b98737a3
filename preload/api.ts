/**
 * Builds the renderer's API from the contract: one named function per channel, grouped by domain,
 * and one typed subscription per event. The transport is the only thing that differs between the
 * Electron preload (ipcRenderer) and the browser harness (loopback HTTP).
 */
import {
  channelNames,
  eventNames,
  type ChannelName,
  type EventName,
  type EventPayload,
  type IpcResult,
  type RequestOf,
  type ResponseOf,
} from './contract.ts';

export interface Transport {
  invoke(channel: ChannelName, request: unknown): Promise<IpcResult<unknown>>;
  /** Returns the function that removes the subscription. */
  subscribe(event: EventName, listener: (payload: unknown) => void): () => void;
}

type DomainOf<N extends string> = N extends `${infer D}.${string}` ? D : never;
type MethodOf<N extends string, D extends string> = N extends `${D}.${infer M}` ? M : never;

type Invoker<C extends ChannelName> =
  undefined extends RequestOf<C>
    ? (request?: RequestOf<C>) => Promise<IpcResult<ResponseOf<C>>>
    : (request: RequestOf<C>) => Promise<IpcResult<ResponseOf<C>>>;

type Subscriber<E extends EventName> = (listener: (payload: EventPayload<E>) => void) => () => void;

type Domains = DomainOf<ChannelName> | DomainOf<EventName>;

export type AnnotatorApi = {
  readonly [D in Domains]: {
    readonly [M in MethodOf<ChannelName, D>]: Invoker<Extract<`${D}.${M}`, ChannelName>>;
  } & {
    readonly [M in MethodOf<EventName, D> as `on${Capitalize<M>}`]: Subscriber<
      Extract<`${D}.${M}`, EventName>
    >;
  };
};

function split(name: string): [string, string] {
  const dot = name.indexOf('.');
  return [name.slice(0, dot), name.slice(dot + 1)];
}

export function createApi(transport: Transport): AnnotatorApi {
  const api: Record<string, Record<string, unknown>> = {};
  const domain = (d: string) => (api[d] ??= {});
  for (const name of channelNames) {
    const [d, method] = split(name);
    domain(d)[method] = (request?: unknown) => transport.invoke(name, request);
  }
  for (const name of eventNames) {
    const [d, event] = split(name);
    const key = `on${event.charAt(0).toUpperCase()}${event.slice(1)}`;
    domain(d)[key] = (listener: (payload: unknown) => void) => {
      if (typeof listener !== 'function') throw new TypeError(`${key} needs a function`);
      return transport.subscribe(name, (payload) => listener(payload));
    };
  }
  for (const d of Object.values(api)) Object.freeze(d);
  return Object.freeze(api) as unknown as AnnotatorApi;
}
