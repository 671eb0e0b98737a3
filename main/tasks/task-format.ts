/**
 * Turns one S3 object into tasks, in Label Studio's import formats:
 * - "tasks" mode: a JSON task object (an object without `data` is itself the data), a JSON array of
 *   tasks, or JSONL (one task a line, blank lines skipped). As in Label Studio, the content decides,
 *   not the name: a file starting with `[` is a JSON array even when it is called .jsonl. Legacy
 *   exports' `completions` are read as the `annotations` they are;
 * - "files" mode: the object itself is the task, `{ [field]: 's3://bucket/key' }`.
 * A bad entry does not sink the file: the good tasks come back with one error per bad line or index,
 * so a 10 000-line JSONL with one typo still opens and the annotator sees exactly what to fix.
 */
import { quote, TaskError } from './task-error.ts';
import { taskIdFor } from './task-id.ts';

export interface ParsedTask {
  /** This app's id (names `<target>/<id>.json`); see task-id.ts. */
  taskId: string;
  sourceKey: string;
  /** Position in the file (array index, or ordinal of the non-blank JSONL line); absent for single-task files. */
  index?: number;
  /** Label Studio's own `id`, kept when the file has one. */
  lsId?: number | string;
  data: Record<string, unknown>;
  /** Everything else the task carried (predictions, annotations, meta, unknown keys), verbatim. */
  extra: Record<string, unknown>;
}

export interface TaskEntryError {
  /** 1-based line for JSONL, 0-based index for arrays. */
  line?: number;
  index?: number;
  message: string;
}

export interface TaskFileResult {
  tasks: ParsedTask[];
  errors: TaskEntryError[];
}

export function parseTaskFile(sourceKey: string, body: string | Uint8Array): TaskFileResult {
  const text = (typeof body === 'string' ? body : new TextDecoder('utf-8').decode(body)).replace(
    /^\uFEFF/,
    '',
  );
  const trimmed = text.trim();
  if (trimmed === '') throw new TaskError('TASK_FILE_INVALID', `Task file ${quote(sourceKey)} is empty.`);
  // `{` in a .jsonl file stays JSONL (its tasks' ids carry their line ordinals, which must not change).
  if (trimmed.startsWith('[') || !/\.jsonl$/i.test(sourceKey)) {
    let whole: unknown;
    let parsed = false;
    try {
      whole = JSON.parse(trimmed);
      parsed = true;
    } catch (error) {
      // JSONL without the .jsonl extension: its first line is a JSON object on its own.
      if (!firstLineIsObject(trimmed))
        throw new TaskError(
          'TASK_FILE_INVALID',
          `Task file ${quote(sourceKey)} is not valid JSON: ${(error as Error).message}`,
        );
    }
    if (parsed) {
      if (Array.isArray(whole)) return parseArray(sourceKey, whole);
      const task = toTask(whole, sourceKey, undefined);
      if (typeof task === 'string')
        throw new TaskError('TASK_FILE_INVALID', `Task file ${quote(sourceKey)}: ${task}`);
      return { tasks: [task], errors: [] };
    }
  }
  return parseJsonl(sourceKey, text);
}

function parseArray(sourceKey: string, items: unknown[]): TaskFileResult {
  const result: TaskFileResult = { tasks: [], errors: [] };
  items.forEach((item, index) => {
    const task = toTask(item, sourceKey, index);
    if (typeof task === 'string') result.errors.push({ index, message: `task [${index}]: ${task}` });
    else result.tasks.push(task);
  });
  return result;
}

function parseJsonl(sourceKey: string, text: string): TaskFileResult {
  const result: TaskFileResult = { tasks: [], errors: [] };
  let ordinal = 0;
  text.split(/\r?\n/).forEach((raw, i) => {
    const line = i + 1;
    if (raw.trim() === '') return;
    // Bad lines keep their ordinal, so fixing one later does not renumber the tasks after it.
    const index = ordinal++;
    let value: unknown;
    try {
      value = JSON.parse(raw);
    } catch (error) {
      result.errors.push({
        line,
        index,
        message: `line ${line}: not valid JSON (${(error as Error).message})`,
      });
      return;
    }
    const task = toTask(value, sourceKey, index);
    if (typeof task === 'string') result.errors.push({ line, index, message: `line ${line}: ${task}` });
    else result.tasks.push(task);
  });
  return result;
}

/** A task, or the reason the value is not one. */
function toTask(value: unknown, sourceKey: string, index: number | undefined): ParsedTask | string {
  if (!isRecord(value)) return `a task must be a JSON object, not ${describe(value)}`;
  const taskId = taskIdFor(sourceKey, index);
  const base = index === undefined ? { taskId, sourceKey } : { taskId, sourceKey, index };
  if (!('data' in value)) return { ...base, data: value, extra: {} };
  const { data, id, ...rest } = value;
  if (!isRecord(data)) return `"data" must be a JSON object, not ${describe(data)}`;
  const extra = legacyCompletions(rest);
  const lsId = typeof id === 'number' || typeof id === 'string' ? id : undefined;
  if (id !== undefined && lsId === undefined) extra.id = id;
  return lsId === undefined ? { ...base, data, extra } : { ...base, lsId, data, extra };
}

/**
 * Label Studio before 1.0 called annotations "completions"; exports of that time are existing work, read
 * as annotations (in the same place among the keys). A task carrying both keeps both as they are.
 */
function legacyCompletions(extra: Record<string, unknown>): Record<string, unknown> {
  if (!('completions' in extra) || 'annotations' in extra) return extra;
  return Object.fromEntries(
    Object.entries(extra).map(([key, v]) => [key === 'completions' ? 'annotations' : key, v]),
  );
}

/** "Every object is a task": the key itself, under the labeling config's first data field. */
export function taskFromObjectKey(bucket: string, key: string, field: string): ParsedTask {
  return { taskId: taskIdFor(key), sourceKey: key, data: { [field]: `s3://${bucket}/${key}` }, extra: {} };
}

function firstLineIsObject(text: string): boolean {
  const first = text.split(/\r?\n/, 1)[0] ?? '';
  try {
    return isRecord(JSON.parse(first));
  } catch {
    return false;
  }
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  return `a ${typeof value}`;
}
