/**
 * `$field` references into task data, as Label Studio's editor reads them: `$image`, `$audio.url`,
 * `$images[0]`, and text mixing variables (`Title: $title`).
 */

/** A `$field`, `$images[0]` or `$audio.url` reference into task data, split into its steps. */
export interface DataPath {
  /** The top-level key of task data (`images` for `$images[0]`). */
  field: string;
  /** Steps below the field: property names and array indexes (templated indexes like `{{idx}}` kept as text). */
  steps: (string | number)[];
}

/** `$images[0].url` → { field: 'images', steps: [0, 'url'] }; literal text → null. */
export function parseDataPath(value: string): DataPath | null {
  const match = /^\$([^.[\]\s$]+)((?:\.[^.[\]\s]+|\[[^\]\s]+\])*)$/.exec(value.trim());
  if (!match) return null;
  const steps = [...(match[2] ?? '').matchAll(/\.([^.[\]]+)|\[([^\]]+)\]/g)].map(([, property, index]) =>
    property !== undefined ? property : /^\d+$/.test(index ?? '') ? Number(index) : (index as string),
  );
  return { field: match[1] as string, steps };
}

/** The path as people read it: `images[0].url`. */
export function formatDataPath(path: DataPath): string {
  return path.steps.reduce<string>(
    (text, step) => (typeof step === 'number' ? `${text}[${step}]` : `${text}.${step}`),
    path.field,
  );
}

/** The value at `path`, or undefined when any step is missing (own properties only). */
export function getDataPath(data: unknown, path: DataPath): unknown {
  let current: unknown = data;
  for (const step of [path.field, ...path.steps]) {
    if (current === null || typeof current !== 'object') return undefined;
    const key = String(step);
    if (!Object.hasOwn(current, key)) return undefined;
    current = (current as Record<string, unknown>)[key];
  }
  return current;
}

// Label Studio's variable pattern (`\$[\w[\].{}]+`): a variable ends at the first other character.
const VARIABLE = /\$[\w[\].{}]+/g;

/** True when the text holds at least one `$variable`. */
export function hasVariables(template: string): boolean {
  return new RegExp(VARIABLE.source).test(template);
}

/**
 * Text with its variables substituted (`Title: $title` → `Title: Cats`). A variable the task does not
 * have becomes empty text; it is reported in `missing`.
 */
export function substituteText(template: string, data: unknown): { text: string; missing: string[] } {
  const missing: string[] = [];
  const text = template.replace(VARIABLE, (variable) => {
    // A trailing "." is punctuation ("See $title."), not a step.
    const trailing = /[.]+$/.exec(variable)?.[0] ?? '';
    const path = parseDataPath(variable.slice(0, variable.length - trailing.length));
    const value = path ? getDataPath(data, path) : undefined;
    if (value === undefined || value === null) {
      if (path) missing.push(formatDataPath(path));
      return trailing;
    }
    return `${typeof value === 'object' ? JSON.stringify(value) : String(value)}${trailing}`;
  });
  return { text, missing };
}
