/**
 * Main's view of a labeling config, over the pure core (core/labeling): the full model for the window
 * (`readLabelingConfig`), and the summary main's storage and projects code needs (which data fields the
 * config reads, which controls write results). Parsing is core's: strict XML, no DTD, Label Studio's
 * reading rules. Its errors become TaskErrors with the same code and message.
 */
import type { LabelingConfig } from '../../core/labeling/config-model.ts';
import { parseDataPath, type DataPath } from '../../core/labeling/data-path.ts';
import { LabelingConfigError } from '../../core/labeling/labeling-config-error.ts';
import { parseLabelingConfigDetailed, walk, type ParsedConfig } from '../../core/labeling/parse-config.ts';
import { OBJECT_TAGS } from '../../core/labeling/tag-names.ts';
import { quote, TaskError } from './task-error.ts';

export { OBJECT_TAGS, parseDataPath };
export type { DataPath };

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
   * Its Choice / Label options, in order. Label Studio writes the `alias`, when there is one, into
   * results in place of the value; the value is what people see.
   */
  options: { value: string; alias?: string }[];
  /** Choices' `choice` attribute: 'single', 'single-radio' or 'multiple' (Label Studio's default: single). */
  choice?: string;
}

export interface LabelingConfigSummary {
  objects: ObjectTag[];
  controls: ControlTag[];
  /** Every distinct element name (canonical spelling), in document order. */
  tags: string[];
}

/** The full model of a config (unbound), for binding to a task and sending to the window. */
export function readLabelingConfig(xml: string): LabelingConfig {
  return parse(xml).config;
}

export function parseLabelingConfig(xml: string): LabelingConfigSummary {
  const { config, tags } = parse(xml);
  const summary: LabelingConfigSummary = { objects: [], controls: [], tags };
  walk(config.root, (node) => {
    if (node.kind === 'object') {
      const value = node.attrs.value ?? '';
      summary.objects.push({ tag: node.tag, name: node.name, value, dataPath: parseDataPath(value) });
    } else if (node.kind === 'control' && node.name !== '') {
      const choice = node.attrs.choice;
      summary.controls.push({
        tag: node.tag,
        name: node.name,
        toName: node.toName,
        options: node.options.map((o) =>
          o.alias !== undefined ? { value: o.value, alias: o.alias } : { value: o.value },
        ),
        ...(choice ? { choice } : {}),
      });
    }
  });
  return summary;
}

function parse(xml: string): ParsedConfig {
  try {
    return parseLabelingConfigDetailed(xml);
  } catch (error) {
    if (error instanceof LabelingConfigError)
      throw new TaskError(error.code, error.message, { cause: error });
    throw error;
  }
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
