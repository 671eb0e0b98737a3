/**
 * Events from main to the renderer. Payloads are checked against the contract before they leave, so a
 * service cannot push a field (a secret, say) that the contract does not name: zod strips unknown keys.
 */
import { events, type EventName, type EventPayload } from '../../preload/contract.ts';
import { createLogger } from '../log.ts';

const log = createLogger('events');

export type EventSink = (event: EventName, payload: unknown) => void;

export interface EventBus {
  emit<E extends EventName>(event: E, payload: EventPayload<E>): void;
  /** Adds a destination (Electron windows, harness clients); returns its removal. */
  addSink(sink: EventSink): () => void;
}

export function createEventBus(): EventBus {
  const sinks = new Set<EventSink>();
  return {
    emit(event, payload) {
      const parsed = events[event].safeParse(payload);
      if (!parsed.success) {
        log.error(`dropped ${event}: payload outside the contract`);
        return;
      }
      for (const sink of sinks) sink(event, parsed.data);
    },
    addSink(sink) {
      sinks.add(sink);
      return () => sinks.delete(sink);
    },
  };
}
