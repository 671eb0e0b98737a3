/** Reads a labeling config's `$field.path[0]` (already parsed by main/tasks) out of task data. */
import type { DataPath } from '../tasks/index.ts';

export function valueAtPath(data: Record<string, unknown>, path: DataPath): unknown {
  // Own properties only: `$constructor` or `$__proto__` in a config must not reach into prototypes.
  const own = (object: unknown, key: string | number): unknown =>
    object !== null && typeof object === 'object' && Object.hasOwn(object, key)
      ? (object as Record<string | number, unknown>)[key]
      : null;
  let value = own(data, path.field);
  for (const step of path.steps) value = own(value, step);
  return value ?? null;
}
