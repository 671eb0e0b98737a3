import type { TaskStateName } from '../../../preload/contract.ts';

/** The names people see for a task's state (list chips, the filter, the task header). */
export const taskStateLabel: Record<TaskStateName, string> = {
  open: 'New',
  claimed: 'Claimed by someone else',
  done: 'Done',
  'done-by-me': 'Submitted',
  'skipped-by-me': 'Skipped',
};

/** The list's filter: the states above, and "draft" (unsubmitted work on this computer). */
export const taskFilterOptions = [
  { value: '', label: 'All tasks' },
  { value: 'open', label: 'New' },
  { value: 'draft', label: 'Draft' },
  { value: 'done-by-me', label: 'Submitted' },
  { value: 'skipped-by-me', label: 'Skipped' },
  { value: 'claimed', label: 'Claimed by someone else' },
  { value: 'done', label: 'Done by others' },
] as const;
