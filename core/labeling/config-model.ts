/**
 * The typed model of a Label Studio labeling config, as Label Studio's editor reads it. Main parses
 * the XML into `LabelingConfig` (parse-config.ts), binds it to one task's data (bind-config.ts:
 * Repeater expanded, variables substituted, dynamic options filled, URLs resolved) and sends the bound
 * tree to the window, which only renders it. The zod schemas are what crosses IPC.
 *
 * Pure: no node:, DOM, react, electron, main or renderer imports (lint rule `core-is-pure`).
 */
import { z } from 'zod';

/** Canonical tag names: Label Studio reads tag names case-insensitively (`<Hypertext>` is HyperText). */
export const OBJECT_TAG_NAMES = [
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
] as const;

/** Controls: tags that write result items. */
export const CONTROL_TAG_NAMES = [
  'Choices',
  'Taxonomy',
  'TextArea',
  'Rating',
  'Number',
  'DateTime',
  'Pairwise',
  'Ranker',
  'Labels',
  'RectangleLabels',
  'Rectangle',
  'PolygonLabels',
  'Polygon',
  'KeyPointLabels',
  'KeyPoint',
  'EllipseLabels',
  'Ellipse',
  'BrushLabels',
  'Brush',
  'MagicWand',
  'BitmaskLabels',
  'Bitmask',
  'HyperTextLabels',
  'ParagraphLabels',
  'TimeSeriesLabels',
  'TimelineLabels',
  'VideoRectangle',
  'Relations',
  'Relation',
] as const;

/** Layout and helper tags: never controls (Label Studio's rule), even with a name/toName. */
export const LAYOUT_TAG_NAMES = [
  'View',
  'Header',
  'Style',
  'Filter',
  'Collapse',
  'Panel',
  'Shortcut',
] as const;

/** Controls this version can edit. The others make a project "view only" (named in the list). */
export const EDITABLE_CONTROL_TAGS: ReadonlySet<string> = new Set([
  'Choices',
  'Taxonomy',
  'TextArea',
  'Rating',
  'Number',
  'DateTime',
  'Pairwise',
  'Ranker',
  'Labels',
  'HyperTextLabels',
  'ParagraphLabels',
  'Relations',
  'RectangleLabels',
  'Rectangle',
  'PolygonLabels',
  'Polygon',
  'KeyPointLabels',
  'KeyPoint',
  'EllipseLabels',
  'Ellipse',
  'BrushLabels',
  'Brush',
]);

/**
 * Controls that make regions on an object: editable only when every object they target has a region
 * editor here (Labels on Audio is edited as segments on the waveform). Tags not listed target
 * anything.
 */
export const EDITABLE_TARGETS: Readonly<Record<string, ReadonlySet<string>>> = {
  Labels: new Set(['Text', 'Audio', 'AudioPlus']),
  HyperTextLabels: new Set(['HyperText']),
  ParagraphLabels: new Set(['Paragraphs']),
  RectangleLabels: new Set(['Image']),
  Rectangle: new Set(['Image']),
  PolygonLabels: new Set(['Image']),
  Polygon: new Set(['Image']),
  KeyPointLabels: new Set(['Image']),
  KeyPoint: new Set(['Image']),
  EllipseLabels: new Set(['Image']),
  Ellipse: new Set(['Image']),
  BrushLabels: new Set(['Image']),
  Brush: new Set(['Image']),
};

/** Whether a control of `tag` targeting objects of `targetTags` can be edited by this version. */
export function isEditableControl(tag: string, targetTags: readonly (string | undefined)[]): boolean {
  if (!EDITABLE_CONTROL_TAGS.has(tag)) return false;
  const allowed = EDITABLE_TARGETS[tag];
  return !allowed || targetTags.every((t) => t !== undefined && allowed.has(t));
}

export const VisibleWhen = z.object({
  when: z.enum(['choice-selected', 'choice-unselected', 'region-selected', 'no-region-selected']),
  /** `whenTagName`: the control (or, for region-*, the labels control) the condition reads. */
  tagName: z.string().optional(),
  /** `whenChoiceValue`, comma-separated in the XML: any of them selected. */
  choiceValues: z.array(z.string()).optional(),
  /** `whenLabelValue`: the selected region carries this label. */
  labelValue: z.string().optional(),
});
export type VisibleWhen = z.infer<typeof VisibleWhen>;

/** A Choice / Label / Taxonomy item; `children` for nested choices (allowNested) and taxonomies. */
export interface ConfigOption {
  /** What people see. */
  value: string;
  /** Written into results in place of `value` when present (Label Studio's alias). */
  alias?: string;
  hotkey?: string;
  /** Label colour (`background`). */
  background?: string;
  /** Pre-selected (`selected="true"`). */
  selected?: boolean;
  hint?: string;
  /** Label's `maxUsages`: how many regions may carry this label. */
  maxUsages?: number;
  children: ConfigOption[];
}
export const ConfigOption: z.ZodType<ConfigOption> = z.lazy(() =>
  z.object({
    value: z.string(),
    alias: z.string().optional(),
    hotkey: z.string().optional(),
    background: z.string().optional(),
    selected: z.boolean().optional(),
    hint: z.string().optional(),
    maxUsages: z.number().int().positive().optional(),
    children: z.array(ConfigOption),
  }),
);

const NodeBase = z.object({
  /** Stable within one config: the element's path (`0.2.1`), so React keys and focus survive re-binds. */
  id: z.string(),
  /** Canonical tag name (`TextArea` for `<textarea>`), or the tag as written when unknown. */
  tag: z.string(),
  /** Every attribute as written, keys lower-cased (Label Studio reads them case-insensitively). */
  attrs: z.record(z.string(), z.string()),
  visibleWhen: VisibleWhen.optional(),
});

/**
 * An object tag's value for one task. `text`: shown as text (after variable substitution, or content
 * loaded through main for valueType="url"); `url`: media to load (presigned https, or app protocol);
 * `list`: valueList (multi-image); `json`: structured data (Paragraphs, Table, Ranker items);
 * `missing`: the task has no such field (named, so the window can say so).
 */
export type ObjectValue =
  | { kind: 'text'; text: string }
  | {
      kind: 'url';
      url: string;
      source?: string;
      /**
       * The same object on the app's own origin (`/media/<id>`, served by main with the role's
       * credentials or from the offline cache): for bytes the window reads itself (waveforms), where
       * the bucket's CORS rule would otherwise decide. `url` is this too when the object is cached.
       */
      localUrl?: string;
    }
  | { kind: 'list'; items: ObjectValue[] }
  | { kind: 'json'; json: unknown }
  | { kind: 'missing'; field: string };
export const ObjectValue: z.ZodType<ObjectValue> = z.lazy(() =>
  z.discriminatedUnion('kind', [
    z.object({ kind: z.literal('text'), text: z.string() }),
    z.object({
      kind: z.literal('url'),
      url: z.string(),
      source: z.string().optional(),
      localUrl: z
        .string()
        .regex(/^\/media\/[A-Za-z0-9_-]+$/)
        .optional(),
    }),
    z.object({ kind: z.literal('list'), items: z.array(ObjectValue) }),
    z.object({ kind: z.literal('json'), json: z.unknown() }),
    z.object({ kind: z.literal('missing'), field: z.string() }),
  ]),
);

export interface ViewNode extends z.infer<typeof NodeBase> {
  kind: 'view';
  children: ConfigNode[];
}
export interface HeaderNode extends z.infer<typeof NodeBase> {
  kind: 'header';
  /** The header text with `$variables` substituted (after binding). */
  text: string;
}
export interface ObjectNode extends z.infer<typeof NodeBase> {
  kind: 'object';
  name: string;
  /** The raw `value` (or `valueList`) attribute: `$image`, `Title: $title`, literal text. */
  valueTemplate: string;
  /** Filled by binding to a task; absent in an unbound config. */
  value?: ObjectValue;
}
export interface ControlNode extends z.infer<typeof NodeBase> {
  kind: 'control';
  name: string;
  toName: string[];
  required: boolean;
  /** One result per region, carrying the region's id (Label Studio's perRegion). */
  perRegion: boolean;
  /** One result per item of a multi-item object (valueList), with `item_index`. */
  perItem: boolean;
  /** Choice / Label / Taxonomy items in document order (after binding: dynamic options included). */
  options: ConfigOption[];
  /** `value="$options"` on Choices/Taxonomy/Labels: options come from task data at binding. */
  dynamicOptions?: string;
  /** True when this version has an editor for the tag (else the project is view only). */
  editable: boolean;
}
export interface OtherNode extends z.infer<typeof NodeBase> {
  kind: 'other';
  children: ConfigNode[];
  /** The tag's own text when it has no child tags (a Style's CSS). */
  text?: string;
}
export type ConfigNode = ViewNode | HeaderNode | ObjectNode | ControlNode | OtherNode;

export const ConfigNode: z.ZodType<ConfigNode> = z.lazy(() =>
  z.discriminatedUnion('kind', [
    NodeBase.extend({ kind: z.literal('view'), children: z.array(ConfigNode) }),
    NodeBase.extend({ kind: z.literal('header'), text: z.string() }),
    NodeBase.extend({
      kind: z.literal('object'),
      name: z.string(),
      valueTemplate: z.string(),
      value: ObjectValue.optional(),
    }),
    NodeBase.extend({
      kind: z.literal('control'),
      name: z.string(),
      toName: z.array(z.string()),
      required: z.boolean(),
      perRegion: z.boolean(),
      perItem: z.boolean(),
      options: z.array(ConfigOption),
      dynamicOptions: z.string().optional(),
      editable: z.boolean(),
    }),
    NodeBase.extend({
      kind: z.literal('other'),
      children: z.array(ConfigNode),
      text: z.string().optional(),
    }),
  ]),
);

export const LabelingConfig = z.object({
  root: ConfigNode,
  /** Control tags present that this version cannot edit: the project is view only, named by them. */
  readOnlyTags: z.array(z.string()),
});
export type LabelingConfig = z.infer<typeof LabelingConfig>;
