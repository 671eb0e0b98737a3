/**
 * The audit log: what happened on this computer, for the annotator's IT (sign-ins, role choices, tasks
 * opened, submitted and skipped, sync results, the organization settings loaded). Local JSON lines in
 * the app's data folder, rotated by size so it never grows without bound. Each event is a fixed shape
 * of identifiers and outcomes: nothing in it can carry a credential, an assertion or task content,
 * and every string still passes through the log's redaction and a length cap on the way out.
 */
import { appendFileSync, mkdirSync, renameSync, rmSync, statSync } from 'node:fs';
import path from 'node:path';
import { redact } from '../log.ts';

export type AuditEvent =
  | { type: 'policy-loaded'; source: 'managed' | 'user' | 'sandbox'; organization: string }
  | { type: 'policy-refused'; code: string }
  | { type: 'organization-changed'; organization: string | null }
  | {
      type: 'sign-in';
      outcome: 'signed-in' | 'choose-role' | 'failed';
      organization?: string;
      user?: string;
      role?: string;
      roles?: number;
      code?: string;
    }
  | { type: 'role-chosen'; outcome: 'signed-in' | 'failed'; role: string; code?: string }
  | { type: 'sign-out'; outcome: 'signed-out' | 'failed'; code?: string }
  | { type: 'task-opened'; project: string; task?: string; outcome: 'opened' | 'failed'; code?: string }
  | {
      type: 'task-submitted' | 'task-skipped';
      project: string;
      task: string;
      outcome: 'saved' | 'failed';
      synced?: boolean;
      conflicts?: number;
      code?: string;
    }
  | { type: 'sync'; project: string; outcome: 'done' | 'failed'; listed?: number; code?: string }
  | { type: 'outbox'; outcome: 'sent' | 'offline' | 'paused'; pending: number; code?: string };

export interface AuditLogOptions {
  /** Folder of the log files (the app's data folder / audit). */
  dir: string;
  /** Rotate when the current file would pass this size (default 1 MB). */
  maxBytes?: number;
  /** Rotated files kept besides the current one (at least 1; default 4: at most 5 MB in all). */
  keep?: number;
  now?: () => number;
  /** IT's policy may turn it off (AuditLogEnabled: false): then nothing is written. */
  enabled?: boolean;
}

export const auditFileName = 'audit.jsonl';
const maxFieldLength = 300;

/** Strings are redacted and capped; numbers and booleans pass; anything else is dropped. */
function clean(event: AuditEvent): Record<string, string | number | boolean> {
  const out: Record<string, string | number | boolean> = {};
  for (const [key, value] of Object.entries(event)) {
    if (typeof value === 'string') out[key] = redact(value).slice(0, maxFieldLength);
    else if (typeof value === 'number' || typeof value === 'boolean') out[key] = value;
  }
  return out;
}

export interface AuditLog {
  record(event: AuditEvent): void;
  /** The log files, oldest first (for diagnostics). */
  files(): string[];
  readonly dir: string;
}

export function createAuditLog(options: AuditLogOptions): AuditLog {
  const maxBytes = options.maxBytes ?? 1_000_000;
  const keep = Math.max(1, options.keep ?? 4);
  const now = options.now ?? Date.now;
  const current = path.join(options.dir, auditFileName);
  const rotated = (n: number) => path.join(options.dir, `audit.${n}.jsonl`);
  const size = (file: string) => {
    try {
      return statSync(file).size;
    } catch {
      return 0;
    }
  };

  function rotate(): void {
    rmSync(rotated(keep), { force: true });
    for (let n = keep - 1; n >= 1; n--) {
      try {
        renameSync(rotated(n), rotated(n + 1));
      } catch {
        // not there yet
      }
    }
    renameSync(current, rotated(1));
  }

  return {
    dir: options.dir,
    record(event) {
      if (options.enabled === false) return;
      const line = `${JSON.stringify({ time: new Date(now()).toISOString(), ...clean(event) })}\n`;
      try {
        mkdirSync(options.dir, { recursive: true, mode: 0o700 });
        if (size(current) > 0 && size(current) + Buffer.byteLength(line) > maxBytes) rotate();
        // Synchronous and appended: a crash right after an event still has it on disk.
        appendFileSync(current, line, { mode: 0o600 });
      } catch {
        // The audit log must never stop the annotator's work (a full disk shows elsewhere).
      }
    },
    files() {
      const all = [...Array.from({ length: keep }, (_, i) => rotated(keep - i)), current];
      return all.filter((file) => size(file) > 0);
    },
  };
}
