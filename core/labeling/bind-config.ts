/**
 * A parsed config bound to one task's data, as Label Studio's editor does it before it renders:
 * Repeaters expanded per list item (their index flag replaced in names, targets and values), `$variables`
 * substituted in text, object values looked up (and resolved by main: s3:// → presigned URL), dynamic
 * options read from the task. The result is what the window renders; it never sees a `$variable`.
 */
import type { ConfigNode, ConfigOption, LabelingConfig, ObjectNode, ObjectValue } from './config-model.ts';
import { formatDataPath, getDataPath, hasVariables, parseDataPath, substituteText } from './data-path.ts';

/** Turns a value read from task data into what the window shows (main presigns s3:// here). */
export type ValueResolver = (value: unknown, object: ObjectNode) => ObjectValue;

/** Object tags whose value is text to show (unless valueType="url": then the text is loaded from there). */
const TEXT_OBJECTS = new Set(['Text', 'HyperText', 'Markdown']);
const URL_CONTENT_OBJECTS = new Set(['Text', 'HyperText', 'Paragraphs', 'TimeSeries']);
const DEFAULT_INDEX_FLAG = '{{idx}}';

export function bindConfig(config: LabelingConfig, data: unknown, resolve: ValueResolver): LabelingConfig {
  const bound = bindNode(config.root, data, resolve);
  return {
    root: bound[0] ?? { ...config.root, kind: 'view', children: [] },
    readOnlyTags: config.readOnlyTags,
  };
}

/**
 * Label Studio's reading of a raw value for an object tag: text tags show strings; valueType="url"
 * means "load the content from this URL"; media tags load their URL; structures stay structured.
 * Main's resolver starts here and presigns the URLs it returns.
 */
export function classifyValue(value: unknown, object: ObjectNode): ObjectValue {
  const valueType = object.attrs.valuetype?.toLowerCase();
  if (typeof value === 'string') {
    if (valueType === 'url' && URL_CONTENT_OBJECTS.has(object.tag)) return { kind: 'url', url: value };
    if (TEXT_OBJECTS.has(object.tag)) return { kind: 'text', text: value };
    return { kind: 'url', url: value };
  }
  if (typeof value === 'number' || typeof value === 'boolean')
    return TEXT_OBJECTS.has(object.tag)
      ? { kind: 'text', text: String(value) }
      : { kind: 'json', json: value };
  return { kind: 'json', json: value };
}

function bindNode(node: ConfigNode, data: unknown, resolve: ValueResolver): ConfigNode[] {
  switch (node.kind) {
    case 'view':
      return [{ ...node, children: node.children.flatMap((child) => bindNode(child, data, resolve)) }];
    case 'header':
      return [{ ...node, text: substituteText(node.text, data).text }];
    case 'object':
      return [{ ...node, attrs: mediaAttrs(node, data, resolve), value: objectValue(node, data, resolve) }];
    case 'control':
      return [bindControl(node, data)];
    case 'other':
      if (node.tag === 'Repeater') return [expandRepeater(node, data, resolve)];
      return [{ ...node, children: node.children.flatMap((child) => bindNode(child, data, resolve)) }];
  }
}

function objectValue(node: ObjectNode, data: unknown, resolve: ValueResolver): ObjectValue {
  const template = node.valueTemplate;
  const path = parseDataPath(template);
  if (node.attrs.valuelist !== undefined && node.attrs.value === undefined) {
    const list = path ? getDataPath(data, path) : undefined;
    if (list === undefined || list === null) return { kind: 'missing', field: missingField(template) };
    const items = Array.isArray(list) ? list : [list];
    return { kind: 'list', items: items.map((item) => resolve(item, node)) };
  }
  if (path) {
    const value = getDataPath(data, path);
    if (value === undefined || value === null) return { kind: 'missing', field: formatDataPath(path) };
    return resolve(value, node);
  }
  if (hasVariables(template)) {
    const { text, missing } = substituteText(template, data);
    // "Title: $title" is text to show; for a media tag it is a URL built from parts ("https://x/$id.jpg").
    if (TEXT_OBJECTS.has(node.tag) && node.attrs.valuetype?.toLowerCase() !== 'url')
      return { kind: 'text', text };
    if (missing.length > 0) return { kind: 'missing', field: missing[0] as string };
    return resolve(text, node);
  }
  // Literal: an instruction for a text tag, a fixed URL for a media tag.
  return TEXT_OBJECTS.has(node.tag) ? { kind: 'text', text: template } : resolve(template, node);
}

/** Attributes that name media by a task field (Paragraphs' `audioUrl="$audio"`), with the media's tag. */
const MEDIA_ATTRS: Readonly<Record<string, string>> = { audiourl: 'Audio' };

/** An object's attributes with such media fields resolved as that media's value (main presigns s3://). */
function mediaAttrs(node: ObjectNode, data: unknown, resolve: ValueResolver): Record<string, string> {
  let attrs = node.attrs;
  for (const [name, tag] of Object.entries(MEDIA_ATTRS)) {
    const path = node.attrs[name] === undefined ? null : parseDataPath(node.attrs[name]);
    if (!path) continue;
    const raw = getDataPath(data, path);
    const value = typeof raw === 'string' ? resolve(raw, { ...node, tag }) : null;
    const { [name]: _spent, ...rest } = attrs;
    attrs = value?.kind === 'url' ? { ...rest, [name]: value.url } : rest;
  }
  return attrs;
}

function missingField(template: string): string {
  const path = parseDataPath(template);
  return path ? formatDataPath(path) : template.replace(/^\$/, '');
}

function bindControl(node: Extract<ConfigNode, { kind: 'control' }>, data: unknown): ConfigNode {
  const options = node.options.map((option) => bindOption(option, data));
  if (!node.dynamicOptions) return { ...node, options };
  const path = parseDataPath(node.dynamicOptions);
  const fromData = path ? getDataPath(data, path) : undefined;
  return { ...node, options: [...options, ...dynamicOptions(fromData)] };
}

function bindOption(option: ConfigOption, data: unknown): ConfigOption {
  const value = hasVariables(option.value) ? substituteText(option.value, data).text : option.value;
  return { ...option, value, children: option.children.map((child) => bindOption(child, data)) };
}

/**
 * Options from task data in Label Studio's format: `[{ value, alias?, hint?, background?, html?,
 * children? }]`; plain strings are tolerated as `{ value }`. Anything else is skipped.
 */
export function dynamicOptions(value: unknown): ConfigOption[] {
  if (!Array.isArray(value)) return [];
  const options: ConfigOption[] = [];
  for (const item of value) {
    if (typeof item === 'string' || typeof item === 'number') {
      options.push({ value: String(item), children: [] });
      continue;
    }
    if (item === null || typeof item !== 'object' || Array.isArray(item)) continue;
    const entry = item as Record<string, unknown>;
    if (typeof entry.value !== 'string' && typeof entry.value !== 'number') continue;
    const text = (key: string) => (typeof entry[key] === 'string' ? { [key]: entry[key] as string } : {});
    options.push({
      value: String(entry.value),
      ...text('alias'),
      ...text('hint'),
      ...text('background'),
      ...text('hotkey'),
      ...(entry.selected === true ? { selected: true } : {}),
      children: dynamicOptions(entry.children),
    });
  }
  return options;
}

/** `<Repeater on="$items">`: one View per item, the index flag replaced in every attribute and value. */
function expandRepeater(
  node: Extract<ConfigNode, { kind: 'other' }>,
  data: unknown,
  resolve: ValueResolver,
): ConfigNode {
  const flag = node.attrs.indexflag || DEFAULT_INDEX_FLAG;
  const path = parseDataPath(node.attrs.on ?? '');
  const list = path ? getDataPath(data, path) : undefined;
  const items = Array.isArray(list) ? list : [];
  const views: ConfigNode[] = items.map((_, index) => ({
    id: `${node.id}[${index}]`,
    tag: 'View',
    kind: 'view',
    attrs: {},
    children: node.children.flatMap((child) =>
      bindNode(replaceFlag(child, flag, String(index), node.id, `${node.id}[${index}]`), data, resolve),
    ),
  }));
  // What stays of the Repeater is a View of views (its `mode`, `style` … kept; `on` and the flag are spent).
  const { on: _on, indexflag: _flag, ...attrs } = node.attrs;
  return { id: node.id, tag: 'View', kind: 'view', attrs, children: views };
}

/** A deep copy with the flag replaced in every string but tag names, and ids re-rooted per item. */
function replaceFlag<T>(value: T, flag: string, index: string, fromId: string, toId: string): T {
  if (typeof value === 'string') return value.replaceAll(flag, index) as T;
  if (Array.isArray(value))
    return value.map((item: unknown) => replaceFlag(item, flag, index, fromId, toId)) as T;
  if (value === null || typeof value !== 'object') return value;
  const copy: Record<string, unknown> = {};
  for (const [key, inner] of Object.entries(value)) {
    if (key === 'tag' || key === 'kind') copy[key] = inner;
    else if (key === 'id' && typeof inner === 'string') copy[key] = toId + inner.slice(fromId.length);
    else copy[key] = replaceFlag(inner, flag, index, fromId, toId);
  }
  return copy as T;
}
