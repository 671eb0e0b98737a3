/**
 * The only writers of the document: the views call these, never `store.transact` themselves, so every
 * user edit is one 'user' diff that history and draft-sync see the same way.
 */
import type { ConfigNode, ControlNode } from '../../../../core/labeling/config-model.ts';
import {
  choiceEntries,
  findControlRecord,
  nextControlRecord,
  preselectedChoices,
  readControlValue,
  toggleChoice,
  type ControlValues,
  type ValueTag,
  type ValueTarget,
} from '../../../../core/labeling/control-values.ts';
import { controlsOf } from './config-tree.ts';
import type { DocumentStore } from './document-store.ts';

export interface SetValueOptions extends ValueTarget {
  /** Consecutive writes with the same key close in time are one undo step (typing). */
  coalesce?: string;
}

/** Writes a control's value (an empty value removes its result item). */
export function setControlValue<T extends ValueTag>(
  store: DocumentStore,
  control: ControlNode,
  value: ControlValues[T],
  options: SetValueOptions = {},
): void {
  const target: ValueTarget = {};
  if (options.regionId !== undefined) target.regionId = options.regionId;
  if (options.itemIndex !== undefined) target.itemIndex = options.itemIndex;
  store.transact(
    'user',
    (tx) => {
      const records = tx.records();
      const next = nextControlRecord<T>(control, records, value, target);
      const existing = findControlRecord(control, records, target);
      if (next) tx.put(next);
      else if (existing) tx.remove(existing.key);
    },
    options.coalesce !== undefined ? { coalesce: options.coalesce } : {},
  );
}

/** Toggles entry `entry` of a Choices control (a click or its hotkey). */
export function toggleChoiceEntry(
  store: DocumentStore,
  control: ControlNode,
  entry: number,
  target: ValueTarget = {},
): void {
  const chosen = choiceEntries(control)[entry];
  if (!chosen) return;
  const selected = readControlValue<'Choices'>(control, store.records(), target);
  setControlValue<'Choices'>(store, control, toggleChoice(control, selected, chosen), target);
}

/** Rating/Number hotkey: one more, back to nothing after the maximum (Label Studio's increaseValue). */
export function stepControlValue(store: DocumentStore, control: ControlNode, target: ValueTarget = {}): void {
  const current = readControlValue<'Rating'>(control, store.records(), target) ?? 0;
  const max = Number(
    control.attrs[control.tag === 'Rating' ? 'maxrating' : 'max'] ?? (control.tag === 'Rating' ? 5 : NaN),
  );
  const next = current >= max ? null : current > 0 ? current + 1 : 1;
  setControlValue<'Rating'>(store, control, next, target);
}

/**
 * A new annotation starts with the choices marked `selected="true"` (Label Studio's defaults). Written
 * as 'load': part of where the document starts, not an undoable edit. Only task-level controls that
 * have no value yet.
 */
export function applyPreselected(store: DocumentStore, root: ConfigNode): void {
  store.transact('load', (tx) => {
    for (const control of controlsOf(root)) {
      if (control.tag !== 'Choices' || control.perRegion || control.perItem) continue;
      const records = tx.records();
      if (findControlRecord(control, records)) continue;
      const next = nextControlRecord<'Choices'>(control, records, preselectedChoices(control));
      if (next) tx.put(next);
    }
  });
}
