/**
 * Labeling config XML → the typed model (unbound: `$variables` and Repeaters stay as written), with the
 * rules Label Studio's editor applies, so a real project reads here as it does there: tag and attribute
 * names case-insensitive; layout tags never controls; options found through `<View>` wrappers; nested
 * choices (allowNested) and taxonomy trees; a control without toName bound to the only object tag.
 */
import {
  isEditableControl,
  type ConfigNode,
  type ConfigOption,
  type ControlNode,
  type LabelingConfig,
  type VisibleWhen,
} from './config-model.ts';
import { LabelingConfigError } from './labeling-config-error.ts';
import {
  canonicalTag,
  CONTROL_TAGS,
  LAYOUT_TAGS,
  NAMELESS_CONTROLS,
  OBJECT_TAGS,
  OPTION_TAGS,
} from './tag-names.ts';
import { readXml, type XmlNode } from './xml-tree.ts';

export interface ParsedConfig {
  config: LabelingConfig;
  /** Every distinct tag (canonical), options included, in document order. */
  tags: string[];
}

export function parseLabelingConfig(xml: string): LabelingConfig {
  return parseLabelingConfigDetailed(xml).config;
}

export function parseLabelingConfigDetailed(xml: string): ParsedConfig {
  const root = readXml(xml);
  const rootTag = canonicalTag(root.tagName);
  if (rootTag !== 'View')
    throw new LabelingConfigError(
      `The labeling config must start with <View>, not <${root.tagName}>.`,
      root.line,
    );
  const tags = new Set<string>();
  const objectNames: string[] = [];
  const objectTags = new Map<string, string>();
  collect(root, tags, objectNames, objectTags);
  const context: Context = { onlyObject: objectNames.length === 1 ? objectNames[0] : undefined, objectTags };
  const tree = toNode(root, '0', context);
  const readOnly = new Set<string>();
  walk(tree, (node) => {
    if (node.kind === 'control' && !node.editable) readOnly.add(node.tag);
  });
  return { config: { root: tree, readOnlyTags: [...readOnly] }, tags: [...tags] };
}

interface Context {
  /** The config's only named object tag: Label Studio binds controls without toName to it. */
  onlyObject: string | undefined;
  /** Object tag by name: whether a region control is editable depends on what it targets. */
  objectTags: ReadonlyMap<string, string>;
}

function collect(node: XmlNode, tags: Set<string>, objects: string[], objectTags: Map<string, string>): void {
  const tag = canonicalTag(node.tagName);
  tags.add(tag);
  const name = attr(node, 'name');
  if (OBJECT_TAGS.has(tag) && name) {
    objects.push(name);
    objectTags.set(name, tag);
  }
  // HyperText's children are its inline HTML, not tags of the config.
  if (tag !== 'HyperText') for (const child of node.children) collect(child, tags, objects, objectTags);
}

function toNode(node: XmlNode, id: string, context: Context): ConfigNode {
  const tag = canonicalTag(node.tagName);
  const attrs = attributes(node);
  const visibleWhen = parseVisibleWhen(attrs);
  const base = { id, tag, attrs, ...(visibleWhen ? { visibleWhen } : {}) };
  const children = () =>
    tag === 'HyperText' ? [] : node.children.map((child, i) => toNode(child, `${id}.${i}`, context));

  if (tag === 'View') return { ...base, kind: 'view', children: children() };
  if (tag === 'Header') return { ...base, kind: 'header', text: attrs.value ?? node.text };
  if (OBJECT_TAGS.has(tag)) {
    const name = attrs.name;
    if (!name) throw new LabelingConfigError(`<${node.tagName}> needs a name.`, node.line);
    const valueTemplate = attrs.value ?? attrs.valuelist ?? (tag === 'HyperText' ? node.innerXml : node.text);
    return { ...base, kind: 'object', name, valueTemplate };
  }
  const isKnownControl = CONTROL_TAGS.has(tag);
  // Label Studio's own rule for tags it has no name for: a named tag that points at an object is a control.
  const isUnknownControl =
    !isKnownControl &&
    !LAYOUT_TAGS.has(tag) &&
    !OPTION_TAGS.has(tag) &&
    tag !== 'Repeater' &&
    !!attrs.name &&
    !!attrs.toname;
  if (isKnownControl || isUnknownControl) return toControl(node, base, context);
  const text = node.children.length === 0 && node.text !== '' ? { text: node.text } : {};
  return { ...base, kind: 'other', children: children(), ...text };
}

function toControl(
  node: XmlNode,
  base: Omit<
    ControlNode,
    'kind' | 'name' | 'toName' | 'required' | 'perRegion' | 'perItem' | 'options' | 'editable'
  >,
  context: Context,
): ControlNode {
  const { tag, attrs } = base;
  const nameless = NAMELESS_CONTROLS.has(tag);
  const name = attrs.name ?? '';
  if (!name && !nameless) throw new LabelingConfigError(`<${node.tagName}> needs a name.`, node.line);
  let toName = (attrs.toname ?? '')
    .split(',')
    .map((n) => n.trim())
    .filter((n) => n !== '');
  if (toName.length === 0 && !nameless) {
    if (!context.onlyObject)
      throw new LabelingConfigError(
        `<${node.tagName} name="${name}"> needs a toName: the name of the object tag it labels.`,
        node.line,
      );
    toName = [context.onlyObject];
  }
  const dynamic =
    (tag === 'Choices' || tag === 'Taxonomy' || tag.endsWith('Labels')) && attrs.value?.trim().startsWith('$')
      ? attrs.value.trim()
      : undefined;
  // Choices nest only with allowNested; a taxonomy is a tree by nature.
  const nested = tag === 'Taxonomy' || attrs.allownested === 'true';
  return {
    ...base,
    kind: 'control',
    name,
    toName,
    required: attrs.required === 'true',
    perRegion: attrs.perregion === 'true',
    perItem: attrs.peritem === 'true',
    options: collectOptions(node, nested),
    ...(dynamic ? { dynamicOptions: dynamic } : {}),
    editable: isEditableControl(
      tag,
      toName.map((n) => context.objectTags.get(n)),
    ),
  };
}

/** Option tags under a control, through any wrapper (`<View>`, `<Header>` …), in document order. */
function collectOptions(node: XmlNode, nested: boolean): ConfigOption[] {
  const options: ConfigOption[] = [];
  for (const child of node.children) {
    if (OPTION_TAGS.has(canonicalTag(child.tagName))) options.push(toOption(child, nested));
    else options.push(...collectOptions(child, nested));
  }
  return options;
}

function toOption(node: XmlNode, nested: boolean): ConfigOption {
  const attrs = attributes(node);
  const tag = canonicalTag(node.tagName);
  // A Ranker's Bucket: people see its title; its name is the key written into results.
  const value = tag === 'Bucket' ? (attrs.title ?? attrs.name ?? '') : (attrs.value ?? node.text);
  const alias = tag === 'Bucket' ? attrs.name : attrs.alias;
  const maxUsages = Number(attrs.maxusages);
  const option: ConfigOption = {
    value,
    ...(alias !== undefined ? { alias } : {}),
    ...(attrs.hotkey ? { hotkey: attrs.hotkey } : {}),
    ...(attrs.background ? { background: attrs.background } : {}),
    ...(attrs.selected === 'true' || (tag === 'Bucket' && attrs.default === 'true')
      ? { selected: true }
      : {}),
    ...(attrs.hint ? { hint: attrs.hint } : {}),
    ...(Number.isInteger(maxUsages) && maxUsages > 0 ? { maxUsages } : {}),
    children: nested
      ? node.children.filter((c) => canonicalTag(c.tagName) === 'Choice').map((c) => toOption(c, nested))
      : [],
  };
  return option;
}

const VISIBLE_WHEN = new Set([
  'choice-selected',
  'choice-unselected',
  'region-selected',
  'no-region-selected',
]);

function parseVisibleWhen(attrs: Record<string, string>): VisibleWhen | undefined {
  const when = attrs.visiblewhen?.trim();
  const choiceValues = attrs.whenchoicevalue
    ?.split(',')
    .map((v) => v.trim())
    .filter((v) => v !== '');
  // Without visibleWhen, whenChoiceValue alone still means "shown once that choice is selected".
  const effective =
    when && VISIBLE_WHEN.has(when) ? when : !when && choiceValues?.length ? 'choice-selected' : undefined;
  if (!effective) return undefined;
  return {
    when: effective as VisibleWhen['when'],
    ...(attrs.whentagname ? { tagName: attrs.whentagname } : {}),
    ...(choiceValues?.length ? { choiceValues } : {}),
    ...(attrs.whenlabelvalue ? { labelValue: attrs.whenlabelvalue } : {}),
  };
}

/** Attributes keyed lower-case (Label Studio reads them case-insensitively; the last spelling wins). */
function attributes(node: XmlNode): Record<string, string> {
  const attrs: Record<string, string> = {};
  for (const [name, value] of node.attrs) attrs[name.toLowerCase()] = value;
  return attrs;
}

function attr(node: XmlNode, name: string): string | undefined {
  return attributes(node)[name];
}

/** Visits every node of a config tree, depth first, in document order. */
export function walk(node: ConfigNode, visit: (node: ConfigNode) => void): void {
  visit(node);
  if (node.kind === 'view' || node.kind === 'other') for (const child of node.children) walk(child, visit);
}
