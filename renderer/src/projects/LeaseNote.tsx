import { useEffect, useState } from 'react';
import type { LeaseChanged } from '../../../preload/contract.ts';
import { useApi } from '../app/app-services.tsx';

/** The words for a lease that changed on its own, apart so they are tested without a browser. */
export function leaseMessage(change: Pick<LeaseChanged, 'lease' | 'holder'>): string | null {
  if (change.lease === 'lapsed')
    return (
      'The app could not renew its hold on this task in time (offline or asleep), so a colleague may ' +
      'now pick it up. Your work is kept on this computer; the hold is taken again when S3 can be reached.'
    );
  if (change.lease === 'lost')
    return (
      `${change.holder ?? 'Someone else'} took this task while your app could not renew its hold on it. ` +
      'Your work is kept as a draft on this computer; a submit is refused unless the task is free again.'
    );
  return null;
}

/** Tells the annotator when the open task's lease lapsed or was taken while they worked (offline). */
export function LeaseNote({ projectId, taskId }: { projectId: string; taskId: string }) {
  const api = useApi();
  const [change, setChange] = useState<LeaseChanged | null>(null);
  useEffect(
    () =>
      api.tasks.onLeaseChanged((next) => {
        if (next.projectId === projectId && next.taskId === taskId) setChange(next);
      }),
    [api, projectId, taskId],
  );
  // A change of the task shown before (this component stays mounted across ‹ ›) says nothing here.
  const current = change?.projectId === projectId && change.taskId === taskId ? change : null;
  const message = current ? leaseMessage(current) : null;
  if (!message) return null;
  return (
    <p className="note" role="status" data-testid={`lease-${current!.lease}`}>
      {message}
    </p>
  );
}
