/**
 * Just enough of Label Studio's labeling config to find which task data fields a config reads (object
 * tags) and which controls write results. Parsed with @xmldom/xmldom after refusing any DTD, so no
 * entity expansion or external fetch can happen. Rendering support is a separate concern.
 */
import { DOMParser } from '@xmldom/xmldom';
import { quote, TaskError } from './task-error.ts';

/** Tags that display task data (Label Studio's "object" tags). */
export const OBJECT_TAGS: ReadonlySet<string> = new Set([
  'Image',
  'Text',
  'HyperText',
  'Audio',
  'AudioPlus',
  'Video',
  'TimeSeries',
  'Paragraphs',
  'Table',
  'Pdf',
  'List',
  'Chat',
  'Markdown',
]);

/** A `$field`, `$images[0]` or `$audio.url` reference into task data, split into its steps. */
export interface DataPath {
  /** The top-level key of task data (`images` for `$images[0]`). */
  field: string;
  /** Steps below the field: property names and array indexes (templated indexes like `{{idx}}` kept as text). */
  steps: (string | number)[];
}

export interface ObjectTag {
  tag: string;
  name: string;
  /** The raw `value` attribute. */
  value: string;
  /** The data reference, or null when the value is literal text (a banner, an instruction). */
  dataPath: DataPath | null;
}

export interface ControlTag {
  tag: string;
  name: string;
  /** Names of the object tags it annotates (`toName` may list several, comma-separated). */
  toName: string[];
  /**
   * Its Choice / Label children, in order (Choices, Labels, RectangleLabels, ...). Label Studio writes
   * the `alias`, when there is one, into results in place of the value; the value is what people see.
   */
  options: { value: string; alias?: string }[];
  /** Choices' `choice` attribute: 'single', 'single-radio' or 'multiple' (Label Studio's default: single). */
  choice?: string;
}

export interface LabelingConfigSummary {
  objects: ObjectTag[];
  controls: ControlTag[];
  /** Every distinct element name, in document order. */
  tags: string[];
}

const MAX_CONFIG_CHARS = 1_000_000;
const ELEMENT_NODE = 1;

/** The few DOM members used here (xmldom's types come from lib.dom, which main does not load). */
interface XmlElement {
  nodeType: number;
  tagName: string;
  firstChild: XmlElement | null;
  nextSibling: XmlElement | null;
  getAttribute(name: string): string | null;
}

export function parseLabelingConfig(xml: string): LabelingConfigSummary {
  if (xml.length > MAX_CONFIG_CHARS)
    throw new TaskError(
      'LABELING_CONFIG_INVALID',
      `The labeling config is larger than ${MAX_CONFIG_CHARS} characters.`,
    );
  if (/<!DOCTYPE|<!ENTITY/i.test(xml))
    throw new TaskError(
      'LABELING_CONFIG_INVALID',
      'The labeling config must not contain a DOCTYPE or ENTITY declaration.',
    );
  if (xml.trim() === '') throw new TaskError('LABELING_CONFIG_INVALID', 'The labeling config is empty.');
  // Warnings count too: xmldom otherwise repairs unclosed tags silently, and a config that means
  // something different from what its author wrote must be refused, not guessed at.
  const problems: string[] = [];
  const report = (message: string) =>
    problems.push(
      message
        .replace(/^\[xmldom \w+\]\s*/, '')
        .replace(/\s*@#\[line:.*$/s, '')
        .replace(/\s+/g, ' ')
        .trim(),
    );
  let root: XmlElement | null = null;
  try {
    const doc = new DOMParser({
      errorHandler: { warning: report, error: report, fatalError: report },
    }).parseFromString(xml, 'text/xml');
    root = (doc?.documentElement ?? null) as unknown as XmlElement | null;
  } catch (error) {
    report((error as Error).message);
  }
  if (problems.length > 0 || !root)
    throw new TaskError(
      'LABELING_CONFIG_INVALID',
      `The labeling config is not well-formed XML: ${problems[0] ?? 'no root element'}.`,
    );
  if (root.tagName !== 'View')
    throw new TaskError(
      'LABELING_CONFIG_INVALID',
      `The labeling config must start with <View>, not <${root.tagName}>.`,
    );

  const summary: LabelingConfigSummary = { objects: [], controls: [], tags: [] };
  const tags = new Set<string>();
  const visit = (element: XmlElement): void => {
    tags.add(element.tagName);
    const name = element.getAttribute('name') ?? '';
    const toName = element.getAttribute('toName');
    if (OBJECT_TAGS.has(element.tagName) && name !== '') {
      const value = element.getAttribute('value') ?? '';
      summary.objects.push({ tag: element.tagName, name, value, dataPath: parseDataPath(value) });
    } else if (toName && name !== '') {
      const options: ControlTag['options'] = [];
      for (let child = element.firstChild; child; child = child.nextSibling) {
        if (child.nodeType !== ELEMENT_NODE || !/^(Choice|Label)$/.test(child.tagName)) continue;
        const value = child.getAttribute('value');
        const alias = child.getAttribute('alias');
        if (value) options.push(alias ? { value, alias } : { value });
      }
      const choice = element.getAttribute('choice');
      summary.controls.push({
        tag: element.tagName,
        name,
        toName: toName.split(',').map((n: string) => n.trim()),
        options,
        ...(choice ? { choice } : {}),
      });
    }
    for (let child = element.firstChild; child; child = child.nextSibling)
      if (child.nodeType === ELEMENT_NODE) visit(child);
  };
  visit(root);
  summary.tags = [...tags];
  return summary;
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

/**
 * The data field that "every object is a task" mode fills with the object's s3:// URI: the first object
 * tag whose value is a plain `$field`, as Label Studio does.
 */
export function fileModeField(config: LabelingConfigSummary): string {
  const object = config.objects.find((o) => o.dataPath && o.dataPath.steps.length === 0);
  if (!object?.dataPath)
    throw new TaskError(
      'LABELING_CONFIG_NO_DATA_FIELD',
      `"Every object is a task" mode needs an object tag (${[...OBJECT_TAGS].slice(0, 4).join(', ')}, …) whose value is a plain $field; this config has ${
        config.objects.length === 0
          ? 'none'
          : config.objects.map((o) => `<${o.tag} value=${quote(o.value, 40)}>`).join(', ')
      }.`,
    );
  return object.dataPath.field;
}
