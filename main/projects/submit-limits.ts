/**
 * What the app accepts on write is what it can read back: an annotation file is read with a size cap
 * (storage's MAX_EXPORT_BYTES), so a result that would push the file past it is refused here, with a
 * message, instead of being written and then making the task unopenable for every annotator.
 */
import { AppError } from '../errors.ts';

/** A result of one annotator: far above real work (5,000 boxes are about 2 MB), well below the file cap. */
export const MAX_RESULT_BYTES = 8 * 1024 * 1024;
/** Label Studio result items nest a few levels (value → points → [x, y]); thousands is an attack. */
export const MAX_RESULT_DEPTH = 32;
/** Label Studio's lead_time is seconds spent; a week of one task is the most the app records. */
export const MAX_LEAD_TIME_SECONDS = 7 * 86_400;

function depthOf(value: unknown, limit: number): number {
  // Iterative: a hostile nesting of thousands must not overflow the stack.
  let deepest = 0;
  const stack: [unknown, number][] = [[value, 0]];
  while (stack.length > 0) {
    const [item, depth] = stack.pop()!;
    if (depth > deepest) deepest = depth;
    if (deepest > limit) return deepest;
    if (item !== null && typeof item === 'object')
      for (const child of Object.values(item)) stack.push([child, depth + 1]);
  }
  return deepest;
}

export function assertReadable(result: readonly unknown[]): void {
  if (depthOf(result, MAX_RESULT_DEPTH) > MAX_RESULT_DEPTH)
    throw new AppError(
      'ANNOTATION_INVALID',
      `This annotation nests deeper than ${MAX_RESULT_DEPTH} levels, which no Label Studio result does; it was not saved.`,
    );
  const bytes = new TextEncoder().encode(JSON.stringify(result)).length;
  if (bytes > MAX_RESULT_BYTES)
    throw new AppError(
      'ANNOTATION_TOO_LARGE',
      `This annotation is ${(bytes / 1_048_576).toFixed(1)} MB; the app saves at most ${MAX_RESULT_BYTES / 1_048_576} MB per annotation so that every annotator can open the task again. Your work is still on screen: remove regions or split the task.`,
    );
}
