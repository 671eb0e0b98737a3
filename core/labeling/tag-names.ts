/**
 * Label Studio reads tag names case-insensitively (`<Hypertext>`, `<textarea>`): every known tag maps
 * from its lower-case form to one canonical spelling, so the rest of the app compares exact names.
 */
import { CONTROL_TAG_NAMES, LAYOUT_TAG_NAMES, OBJECT_TAG_NAMES } from './config-model.ts';

/** Tags that live inside a control (its options) or structure the config without being one. */
export const OPTION_TAG_NAMES = ['Choice', 'Label', 'Relation', 'Shortcut', 'Bucket'] as const;
const OTHER_KNOWN = ['Repeater', 'Channel', 'Dialog', 'PagedView', 'OcrLabels', 'Vector', 'VectorLabels'];

const CANONICAL = new Map<string, string>(
  [...OBJECT_TAG_NAMES, ...CONTROL_TAG_NAMES, ...LAYOUT_TAG_NAMES, ...OPTION_TAG_NAMES, ...OTHER_KNOWN].map(
    (name) => [name.toLowerCase(), name],
  ),
);

/** The canonical spelling of a tag, or the tag as written when Label Studio's set does not have it. */
export function canonicalTag(tagName: string): string {
  return CANONICAL.get(tagName.toLowerCase()) ?? tagName;
}

export const OBJECT_TAGS: ReadonlySet<string> = new Set(OBJECT_TAG_NAMES);
export const LAYOUT_TAGS: ReadonlySet<string> = new Set(LAYOUT_TAG_NAMES);
export const OPTION_TAGS: ReadonlySet<string> = new Set(OPTION_TAG_NAMES);
/** Control tags proper; `Relation` is an option of `Relations`, not a control of its own. */
export const CONTROL_TAGS: ReadonlySet<string> = new Set(CONTROL_TAG_NAMES.filter((t) => t !== 'Relation'));
/** Controls that need no name/toName: Relations labels the relations between regions. */
export const NAMELESS_CONTROLS: ReadonlySet<string> = new Set(['Relations']);
