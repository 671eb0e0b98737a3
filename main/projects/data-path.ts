/** Reads a labeling config's `$field.path[0]` (already parsed by main/tasks) out of task data. */
import type { DataPath } from '../tasks/index.ts';

export function valueAtPath(data: Record<string, unknown>, path: DataPath): unknown {
  let value: unknown = data[path.field];
  for (const step of path.steps) {
    if (value === null || typeof value !== 'object') return null;
    value = (value as Record<string | number, unknown>)[step];
  }
  return value ?? null;
}
