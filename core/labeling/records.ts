/**
 * The document being edited, as records: one record per Label Studio result item. A region is the set
 * of records sharing an `id` (its labels, and the perRegion controls' items); a task-level control's
 * item is a record of its own. The codec (codec.ts) turns Label Studio's `result[]` into records and
 * back; a record that was not changed is written back exactly as it was read (keys, order, values).
 *
 * Pure: no node:, DOM, react, electron, main or renderer imports.
 */

/** One Label Studio result item. */
export interface ResultRecord {
  /** Unique in the document: `id`, from_name and (for the rare duplicate) a counter. */
  key: string;
  /** Label Studio's result id (shared by all items of one region). */
  id: string;
  /** `from_name`: the control. Empty for items that have none (relations). */
  fromName: string;
  /** `to_name`: the object. */
  toName: string;
  /** `type`, as written ('choices', 'textarea', 'rectanglelabels', 'relation', ...). */
  type: string;
  /** `value` (absent for relations: their fields are in `meta`). */
  value: Record<string, unknown>;
  /**
   * Every other top-level key, as read and in order: origin, original_width, image_rotation, readonly,
   * score, item_index, parentID, from_id, to_id, direction, labels (relations)...
   */
  meta: Record<string, unknown>;
  /** Where the document's order puts it (items are written back in this order). */
  order: number;
  /** The item exactly as read, or null for a record made in this window. */
  raw: Readonly<Record<string, unknown>> | null;
}

/** A result item the codec cannot read as a record (not an object, no type): kept verbatim. */
export interface OpaqueItem {
  order: number;
  raw: unknown;
}

export interface DecodedResult {
  records: ResultRecord[];
  opaque: OpaqueItem[];
}
