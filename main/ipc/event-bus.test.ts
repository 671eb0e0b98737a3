import { describe, expect, it } from 'vitest';
import { createEventBus } from './event-bus.ts';

const health = { ok: true, uptimeMs: 5, checks: [{ name: 'ipc', ok: true, detail: 'fine' }] };

describe('event bus', () => {
  it('delivers contract payloads to every sink until removed', () => {
    const bus = createEventBus();
    const a: unknown[] = [];
    const b: unknown[] = [];
    const removeA = bus.addSink((event, payload) => a.push([event, payload]));
    bus.addSink((event, payload) => b.push([event, payload]));
    bus.emit('app.healthChanged', health);
    removeA();
    bus.emit('app.healthChanged', health);
    expect(a).toEqual([['app.healthChanged', health]]);
    expect(b).toHaveLength(2);
  });

  it('drops a payload outside the contract and strips unknown fields', () => {
    const bus = createEventBus();
    const seen: unknown[] = [];
    bus.addSink((_event, payload) => seen.push(payload));
    bus.emit('app.healthChanged', { ok: 'yes' } as never);
    bus.emit('app.healthChanged', { ...health, sessionToken: 'secret' } as never);
    expect(seen).toEqual([health]);
  });
});
