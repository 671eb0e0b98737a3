import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { createAuditLog } from './audit-log.ts';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'fa-audit-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const lines = (file: string) =>
  readFileSync(file, 'utf8')
    .trim()
    .split('\n')
    .map((line) => JSON.parse(line) as Record<string, unknown>);

it('writes one JSON line per event, with the time, readable by the user only', () => {
  const audit = createAuditLog({ dir, now: () => Date.parse('2026-03-04T05:06:07Z') });
  audit.record({ type: 'task-opened', project: 'vision-boxes', task: '17', outcome: 'opened' });
  audit.record({ type: 'sign-out', outcome: 'signed-out' });
  const file = path.join(dir, 'audit.jsonl');
  expect(lines(file)).toEqual([
    {
      time: '2026-03-04T05:06:07.000Z',
      type: 'task-opened',
      project: 'vision-boxes',
      task: '17',
      outcome: 'opened',
    },
    { time: '2026-03-04T05:06:07.000Z', type: 'sign-out', outcome: 'signed-out' },
  ]);
  expect(statSync(file).mode & 0o777).toBe(0o600);
  expect(audit.files()).toEqual([file]);
});

it('rotates by size and keeps a bounded number of files, oldest first', () => {
  const audit = createAuditLog({ dir, maxBytes: 400, keep: 2 });
  for (let i = 0; i < 40; i++)
    audit.record({ type: 'task-opened', project: 'p', task: String(i), outcome: 'opened' });
  const files = audit.files().map((f) => path.basename(f));
  expect(files).toEqual(['audit.2.jsonl', 'audit.1.jsonl', 'audit.jsonl']);
  for (const file of audit.files()) expect(statSync(file).size).toBeLessThanOrEqual(400);
  // The newest events are in the current file, in order; the oldest were dropped.
  const tasks = audit.files().flatMap((f) => lines(f).map((l) => Number(l.task)));
  expect(tasks).toEqual([...tasks].sort((a, b) => a - b));
  expect(tasks.at(-1)).toBe(39);
  expect(tasks[0]).toBeGreaterThan(0);
});

it('redacts anything secret-looking that reaches a field, and caps long strings', () => {
  const audit = createAuditLog({ dir });
  audit.record({ type: 'sign-in', outcome: 'failed', code: 'ASIAABCDEFGHIJKLMNOP', user: 'x'.repeat(1000) });
  const [line] = lines(path.join(dir, 'audit.jsonl'));
  expect(line!.code).toBe('ASIA…[redacted]');
  expect(String(line!.user).length).toBe(300);
});

it('never throws when the folder cannot be written (the work goes on)', () => {
  const blocked = path.join(dir, 'a-file');
  writeFileSync(blocked, '');
  const audit = createAuditLog({ dir: blocked });
  expect(() => audit.record({ type: 'sign-out', outcome: 'signed-out' })).not.toThrow();
  expect(audit.files()).toEqual([]);
});

it('writes nothing when IT turned it off', () => {
  const audit = createAuditLog({ dir, enabled: false });
  audit.record({ type: 'sign-out', outcome: 'signed-out' });
  expect(audit.files()).toEqual([]);
});
