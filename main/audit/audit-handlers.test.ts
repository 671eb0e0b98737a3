import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { auditSyncEvents } from './audit-handlers.ts';
import { createAuditLog } from './audit-log.ts';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'fa-audit-sync-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const status = (over: Record<string, unknown>) => ({
  pending: 0,
  tasks: [],
  offline: false,
  paused: false,
  syncing: false,
  lastSyncAt: null,
  error: null,
  conflicts: [],
  ...over,
});

it('records the end of a listing and the outbox changes of state, not every progress event', () => {
  const audit = createAuditLog({ dir });
  const sink = auditSyncEvents(audit);
  sink('tasks.syncProgress', { projectId: 'p', listed: 10, done: false });
  sink('tasks.syncProgress', { projectId: 'p', listed: 25, done: true });
  sink('sync.changed', status({ pending: 2, syncing: true }));
  sink(
    'sync.changed',
    status({ pending: 2, offline: true, error: { code: 'STORAGE_UNREACHABLE', message: 'x' } }),
  );
  sink('sync.changed', status({ pending: 2, offline: true }));
  sink('sync.changed', status({ pending: 1, lastSyncAt: '2026-01-01T00:00:00Z' }));
  sink('sync.changed', status({ pending: 1, paused: true, lastSyncAt: '2026-01-01T00:00:00Z' }));
  const events = readFileSync(path.join(dir, 'audit.jsonl'), 'utf8')
    .trim()
    .split('\n')
    .map((line) => {
      const { time: _time, ...rest } = JSON.parse(line) as Record<string, unknown>;
      return rest;
    });
  expect(events).toEqual([
    { type: 'sync', project: 'p', outcome: 'done', listed: 25 },
    { type: 'outbox', outcome: 'offline', pending: 2, code: 'STORAGE_UNREACHABLE' },
    { type: 'outbox', outcome: 'sent', pending: 1 },
    { type: 'outbox', outcome: 'paused', pending: 1 },
  ]);
});
