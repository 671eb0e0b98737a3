/**
 * Loose schemas for every Label Studio result type this app meets, from Label Studio's editor (tags/control
 * and regions). Loose on purpose: unknown keys are KEPT (a newer Label Studio adds fields; they must
 * survive a round trip), and only what the app reads is checked. Choices may be numbers or nested paths
 * (`[1]`, `[["A","B"]]`): both are legal in Label Studio.
 */
import { z } from 'zod';

const num = z.number();
const percent = z.number();
const strings = z.array(z.string());
/** Choice values: strings or numbers, or a path from a nested choice's root (allowNested). */
const choiceValue = z.union([z.string(), z.number(), z.array(z.union([z.string(), z.number()]))]);

/** Image region geometry shared by rectangles, ellipses and key points (percent of the image). */
const rectangle = { x: percent, y: percent, width: percent, height: percent, rotation: num.optional() };
const ellipse = { x: percent, y: percent, radiusX: percent, radiusY: percent, rotation: num.optional() };
const polygon = { points: z.array(z.tuple([num, num]).rest(num)), closed: z.boolean().optional() };
const keypoint = { x: percent, y: percent, width: num.optional() };
const brush = { format: z.string().optional(), rle: z.array(num).optional() };
/** Text spans (offsets count every character) and audio segments (seconds, with channel). */
const span = { start: num, end: num, text: z.string().optional(), channel: num.optional() };
/** HyperText / Paragraphs spans: XPath or paragraph index ends, offsets within them. */
const domSpan = {
  start: z.union([z.string(), num]),
  end: z.union([z.string(), num]),
  startOffset: num,
  endOffset: num,
  text: z.string().optional(),
};
const timeSpan = {
  start: z.union([num, z.string()]),
  end: z.union([num, z.string()]),
  instant: z.boolean().optional(),
};

/** The `value` of each result type. */
export const RESULT_VALUE_SCHEMAS = {
  choices: z.looseObject({ choices: z.array(choiceValue) }),
  taxonomy: z.looseObject({ taxonomy: z.array(z.array(z.union([z.string(), z.number()]))) }),
  textarea: z.looseObject({ text: z.union([strings, z.string()]) }),
  rating: z.looseObject({ rating: num }),
  number: z.looseObject({ number: num }),
  datetime: z.looseObject({ datetime: z.string() }),
  pairwise: z.looseObject({ selected: z.string() }),
  ranker: z.looseObject({ ranker: z.record(z.string(), strings) }),
  labels: z.looseObject({ ...span, labels: strings }),
  rectanglelabels: z.looseObject({ ...rectangle, rectanglelabels: strings }),
  rectangle: z.looseObject(rectangle),
  polygonlabels: z.looseObject({ ...polygon, polygonlabels: strings }),
  polygon: z.looseObject(polygon),
  keypointlabels: z.looseObject({ ...keypoint, keypointlabels: strings }),
  keypoint: z.looseObject(keypoint),
  ellipselabels: z.looseObject({ ...ellipse, ellipselabels: strings }),
  ellipse: z.looseObject(ellipse),
  brushlabels: z.looseObject({ ...brush, brushlabels: strings }),
  brush: z.looseObject(brush),
  hypertextlabels: z.looseObject({
    ...domSpan,
    globalOffsets: z.looseObject({ start: num, end: num }).optional(),
    hypertextlabels: strings,
  }),
  paragraphlabels: z.looseObject({ ...domSpan, paragraphlabels: strings }),
  timeserieslabels: z.looseObject({ ...timeSpan, timeserieslabels: strings }),
  videorectangle: z.looseObject({
    framesCount: num.optional(),
    duration: num.optional(),
    sequence: z.array(
      z.looseObject({ frame: num, enabled: z.boolean().optional(), time: num.optional(), ...rectangle }),
    ),
    labels: strings.optional(),
  }),
} as const;

export type ValueResultType = keyof typeof RESULT_VALUE_SCHEMAS;
export type ResultType = ValueResultType | 'relation';

export { REGION_RESULT_TYPES } from './region-types.ts';

const common = {
  id: z.string().optional(),
  from_name: z.string(),
  to_name: z.string(),
  origin: z.string().optional(),
  item_index: z.number().int().nonnegative().optional(),
  original_width: num.optional(),
  original_height: num.optional(),
  image_rotation: num.optional(),
  original_length: num.optional(),
};

/** A result item of a type that has a `value`. */
function valueItem<T extends ValueResultType>(type: T) {
  return z.looseObject({ ...common, type: z.literal(type), value: RESULT_VALUE_SCHEMAS[type] });
}

/** A relation between two regions: no from_name or value of its own. */
export const RelationItem = z.looseObject({
  type: z.literal('relation'),
  from_id: z.string(),
  to_id: z.string(),
  direction: z.enum(['left', 'right', 'bi']).optional(),
  labels: strings.optional(),
});

export const RESULT_ITEM_SCHEMAS = {
  ...(Object.fromEntries(
    (Object.keys(RESULT_VALUE_SCHEMAS) as ValueResultType[]).map((type) => [type, valueItem(type)]),
  ) as { [T in ValueResultType]: ReturnType<typeof valueItem<T>> }),
  relation: RelationItem,
};

export const RESULT_TYPES = Object.keys(RESULT_ITEM_SCHEMAS) as ResultType[];

export type CheckedResult =
  | { ok: true; type: ResultType; item: Record<string, unknown> }
  | { ok: false; known: boolean; message: string };

/**
 * Checks one result item against its type's schema. Unknown types are not errors of the item (they are
 * kept verbatim); `known: false` says so. Messages name the field, never zod's own wording.
 */
export function checkResultItem(item: unknown): CheckedResult {
  if (item === null || typeof item !== 'object' || Array.isArray(item))
    return { ok: false, known: false, message: 'a result item must be a JSON object' };
  const type = (item as Record<string, unknown>).type;
  if (typeof type !== 'string' || !Object.hasOwn(RESULT_ITEM_SCHEMAS, type))
    return {
      ok: false,
      known: false,
      message: `result type ${JSON.stringify(type)} is not one this app reads`,
    };
  const parsed = RESULT_ITEM_SCHEMAS[type as ResultType].safeParse(item);
  if (parsed.success)
    return { ok: true, type: type as ResultType, item: parsed.data as Record<string, unknown> };
  const issue = parsed.error.issues[0];
  const where = issue?.path.length ? issue.path.join('.') : 'the item';
  return { ok: false, known: true, message: `a "${type}" result has a missing or wrong ${where}` };
}
