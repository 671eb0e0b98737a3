/**
 * Task identity without a server. Label Studio ids are often absent in files users keep in S3, and are
 * only unique within one Label Studio project anyway, so the id is derived from where the task comes
 * from: the source key, plus the task's position when the file holds several. The id names the
 * annotation file (`<target>/<task_id>.json`) and the lease, so it is built from a safe alphabet:
 * a readable slug of the file name, then a hash of the full key, then the position.
 *   `tasks/batch 1/Cats.JSONL`, 3rd task → `cats-<16 hex>-2`
 * Stable across re-syncs and machines; moving or renaming the source file gives new ids.
 */
import { createHash } from 'node:crypto';
import { quote, TaskError } from './task-error.ts';

const TASK_ID =
  /^[a-z0-9](?:[a-z0-9-]{0,62}[a-z0-9])?-[0-9a-f]{16}(?:-\d{1,9})?$|^[0-9a-f]{16}(?:-\d{1,9})?$|^[1-9]\d{0,18}$/;

/**
 * The id that names a task's annotation file and lease: Label Studio's own integer `id` when the task
 * has one (so `<target>/<id>.json` is what Label Studio users expect), else the id derived from where
 * the task comes from. The two never collide: derived ids always carry a hyphen and a hash.
 */
export function targetTaskId(lsId: number | string | undefined, derived: string): string {
  const text = typeof lsId === 'number' ? String(lsId) : (lsId ?? '');
  return /^[1-9]\d{0,18}$/.test(text) && Number.isSafeInteger(Number(text)) ? text : derived;
}

export function taskIdFor(sourceKey: string, index?: number): string {
  const hash = createHash('sha256').update(sourceKey, 'utf8').digest('hex').slice(0, 16);
  const base = sourceKey.split('/').at(-1) ?? '';
  const slug = base
    .replace(/\.[^.]*$/, '')
    .normalize('NFKD')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .slice(0, 40)
    .replace(/^-+|-+$/g, '');
  const id = slug === '' ? hash : `${slug}-${hash}`;
  return index === undefined ? id : `${id}-${index}`;
}

export function isTaskId(value: string): boolean {
  return TASK_ID.test(value);
}

export function assertTaskId(value: string): void {
  if (!isTaskId(value))
    throw new TaskError('TASK_ID_INVALID', `${quote(value)} is not a task id this app created.`);
}
