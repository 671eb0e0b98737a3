import { describe, expect, it } from 'vitest';
import { createApi, type Transport } from './api.ts';
import { channelNames, eventNames } from './contract.ts';

function recordingTransport() {
  const invoked: [string, unknown][] = [];
  const listeners = new Map<string, (payload: unknown) => void>();
  const transport: Transport = {
    invoke: async (channel, request) => {
      invoked.push([channel, request]);
      return { ok: true, value: channel };
    },
    subscribe: (event, listener) => {
      listeners.set(event, listener);
      return () => listeners.delete(event);
    },
  };
  return { transport, invoked, listeners };
}

describe('preload API built from the contract', () => {
  it('has one named function per channel, grouped by domain, and nothing else', () => {
    const api = createApi(recordingTransport().transport) as unknown as Record<
      string,
      Record<string, unknown>
    >;
    const exposed = Object.entries(api).flatMap(([domain, fns]) =>
      Object.keys(fns)
        .filter((k) => !k.startsWith('on'))
        .map((m) => `${domain}.${m}`),
    );
    expect(exposed.sort()).toEqual([...channelNames].sort());
    const subscriptions = Object.entries(api).flatMap(([domain, fns]) =>
      Object.keys(fns)
        .filter((k) => k.startsWith('on'))
        .map((m) => `${domain}.${m.charAt(2).toLowerCase()}${m.slice(3)}`),
    );
    expect(subscriptions.sort()).toEqual([...eventNames].sort());
    expect(Object.isFrozen(api)).toBe(true);
    expect(Object.isFrozen(api.app)).toBe(true);
  });

  it('forwards calls to the transport with the channel name', async () => {
    const { transport, invoked } = recordingTransport();
    const api = createApi(transport);
    expect(await api.app.openExternal({ url: 'https://x' })).toEqual({ ok: true, value: 'app.openExternal' });
    await api.app.version();
    expect(invoked).toEqual([
      ['app.openExternal', { url: 'https://x' }],
      ['app.version', undefined],
    ]);
  });

  it('subscriptions hand over the payload only and return their removal', () => {
    const { transport, listeners } = recordingTransport();
    const api = createApi(transport);
    const seen: unknown[] = [];
    const unsubscribe = api.app.onHealthChanged((payload) => seen.push(payload));
    listeners.get('app.healthChanged')?.({ ok: true, uptimeMs: 1, checks: [] });
    expect(seen).toEqual([{ ok: true, uptimeMs: 1, checks: [] }]);
    unsubscribe();
    expect(listeners.has('app.healthChanged')).toBe(false);
    expect(() => (api.app.onHealthChanged as (x: unknown) => void)('not a function')).toThrow(TypeError);
  });
});
