import type { TaskStateName } from '../../../preload/contract.ts';

export const taskStateLabel: Record<TaskStateName, string> = {
  open: 'Open',
  claimed: 'Claimed',
  done: 'Done',
  'done-by-me': 'Done by me',
};
