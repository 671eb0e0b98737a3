/**
 * Audit events from the contract's handlers: the audit log observes the channels a person's actions
 * go through (sign-in, role, tasks, organization), after they answer, and the sync events, so no
 * service needs to know about it. Only identifiers and outcomes are taken from requests and answers.
 */
import type { EventPayload, SessionView } from '../../preload/contract.ts';
import { AppError } from '../errors.ts';
import type { Handlers } from '../ipc/dispatcher.ts';
import type { EventSink } from '../ipc/event-bus.ts';
import type { AuditEvent, AuditLog } from './audit-log.ts';

const codeOf = (error: unknown) => (error instanceof AppError ? error.code : 'INTERNAL');

function signInEvent(view: SessionView): AuditEvent {
  const { session } = view;
  const organization = view.organization?.id;
  if (session.status === 'signed-in') {
    return {
      type: 'sign-in',
      outcome: 'signed-in',
      ...(organization ? { organization } : {}),
      user: session.identity.sessionName,
      role: session.identity.role.roleArn,
    };
  }
  if (session.status === 'choosing-role') {
    return {
      type: 'sign-in',
      outcome: 'choose-role',
      ...(organization ? { organization } : {}),
      roles: session.roles.length,
    };
  }
  // Signed out again without an error: the window was closed or the sign-in cancelled.
  return {
    type: 'sign-in',
    outcome: 'failed',
    ...(organization ? { organization } : {}),
    code: session.status,
  };
}

/** Wraps one handler: `ok` and `failed` turn its answer or error into events. */
function observe<C extends keyof Handlers>(
  handlers: Handlers,
  channel: C,
  audit: AuditLog,
  ok: (request: Parameters<Handlers[C]>[0], answer: Awaited<ReturnType<Handlers[C]>>) => AuditEvent | null,
  failed: (request: Parameters<Handlers[C]>[0], code: string) => AuditEvent | null,
): void {
  const inner = handlers[channel] as (request: unknown) => unknown;
  const wrapped = async (request: Parameters<Handlers[C]>[0]) => {
    try {
      const answer = (await inner(request)) as Awaited<ReturnType<Handlers[C]>>;
      const event = ok(request, answer);
      if (event) audit.record(event);
      return answer;
    } catch (error) {
      const event = failed(request, codeOf(error));
      if (event) audit.record(event);
      throw error;
    }
  };
  handlers[channel] = wrapped as unknown as Handlers[C];
}

export function withAudit(source: Handlers, audit: AuditLog): Handlers {
  const handlers = { ...source };
  observe(
    handlers,
    'session.signIn',
    audit,
    (_, view) => signInEvent(view),
    (_, code) => ({
      type: 'sign-in',
      outcome: 'failed',
      code,
    }),
  );
  observe(
    handlers,
    'session.chooseRole',
    audit,
    ({ roleArn }) => ({ type: 'role-chosen', outcome: 'signed-in', role: roleArn }),
    ({ roleArn }, code) => ({ type: 'role-chosen', outcome: 'failed', role: roleArn, code }),
  );
  observe(
    handlers,
    'session.signOut',
    audit,
    () => ({ type: 'sign-out', outcome: 'signed-out' }),
    (_, code) => ({ type: 'sign-out', outcome: 'failed', code }),
  );
  const adopted = (_: unknown, view: SessionView): AuditEvent | null =>
    view.organization
      ? { type: 'policy-loaded', source: view.organization.source, organization: view.organization.id }
      : null;
  const refused = (_: unknown, code: string): AuditEvent => ({ type: 'policy-refused', code });
  observe(handlers, 'organization.useSandbox', audit, adopted, refused);
  observe(handlers, 'organization.importFile', audit, adopted, refused);
  observe(
    handlers,
    'organization.change',
    audit,
    () => ({ type: 'organization-changed', organization: null }),
    () => null,
  );
  observe(
    handlers,
    'tasks.open',
    audit,
    ({ projectId }, task) => ({
      type: 'task-opened',
      project: projectId,
      task: task.taskId,
      outcome: 'opened',
    }),
    ({ projectId }, code) => ({ type: 'task-opened', project: projectId, outcome: 'failed', code }),
  );
  observe(
    handlers,
    'tasks.next',
    audit,
    ({ projectId }, { task }) =>
      task ? { type: 'task-opened', project: projectId, task: task.taskId, outcome: 'opened' } : null,
    ({ projectId }, code) => ({ type: 'task-opened', project: projectId, outcome: 'failed', code }),
  );
  observe(
    handlers,
    'tasks.submit',
    audit,
    ({ projectId, taskId, wasCancelled }, answer) => ({
      type: wasCancelled ? 'task-skipped' : 'task-submitted',
      project: projectId,
      task: taskId,
      outcome: 'saved',
      conflicts: answer.conflicts.length,
      ...(answer.synced === undefined ? {} : { synced: answer.synced }),
    }),
    ({ projectId, taskId, wasCancelled }, code) => ({
      type: wasCancelled ? 'task-skipped' : 'task-submitted',
      project: projectId,
      task: taskId,
      outcome: 'failed',
      code,
    }),
  );
  return handlers;
}

/**
 * Sync results come as events: a task listing's last event (it runs on after tasks.sync answers),
 * and the outbox's changes of state (submits that reached S3, going offline, waiting for a sign-in).
 */
export function auditSyncEvents(audit: AuditLog): EventSink {
  let outbox: EventPayload<'sync.changed'> | null = null;
  return (event, payload) => {
    if (event === 'sync.changed') {
      const now = payload as EventPayload<'sync.changed'>;
      const before = outbox;
      outbox = now;
      const { pending } = now;
      if (now.lastSyncAt && now.lastSyncAt !== before?.lastSyncAt)
        audit.record({ type: 'outbox', outcome: 'sent', pending });
      if (now.offline && !before?.offline)
        audit.record({
          type: 'outbox',
          outcome: 'offline',
          pending,
          ...(now.error ? { code: now.error.code } : {}),
        });
      if (now.paused && !before?.paused) audit.record({ type: 'outbox', outcome: 'paused', pending });
      return;
    }
    if (event !== 'tasks.syncProgress') return;
    const progress = payload as EventPayload<'tasks.syncProgress'>;
    if (!progress.done && !progress.error) return;
    audit.record({
      type: 'sync',
      project: progress.projectId,
      outcome: progress.error ? 'failed' : 'done',
      listed: progress.listed,
      ...(progress.error ? { code: progress.error.code } : {}),
    });
  };
}

/** At start: which organization settings are in force, or why the stored ones were refused. */
export function recordPolicyAtStart(audit: AuditLog, view: SessionView): void {
  if (view.organization) {
    audit.record({
      type: 'policy-loaded',
      source: view.organization.source,
      organization: view.organization.id,
    });
  } else if (view.session.status === 'no-organization' && view.session.problem) {
    audit.record({ type: 'policy-refused', code: view.session.problem.code });
  }
}
