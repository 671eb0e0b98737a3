import { useId, useState } from 'react';
import {
  isTaxonomySelected,
  readControlValue,
  taxonomyEntries,
  toggleTaxonomy,
  type TaxonomyEntry,
} from '../../../../core/labeling/control-values.ts';
import { setControlValue } from '../model/commands.ts';
import { useWorkspace } from '../workspace-context.ts';
import { ControlFrame, type ControlProps } from './ControlFrame.tsx';

/**
 * Label Studio's Taxonomy as a keyboard-friendly tree: a search box narrows it (matches keep their
 * ancestors), branches fold with a button, each node is a checkbox (inner nodes are not with
 * leafsOnly). The chosen paths are listed above, each removable.
 */
export function Taxonomy({ control, label, regionId, labelHidden }: ControlProps) {
  const ws = useWorkspace();
  const target = regionId !== undefined ? { regionId } : {};
  const selected = readControlValue<'Taxonomy'>(control, ws.records, target);
  const entries = taxonomyEntries(control);
  const [query, setQuery] = useState('');
  const [open, setOpen] = useState<ReadonlySet<string>>(new Set());
  const searchId = useId();
  const leafsOnly = control.attrs['leafsonly'] === 'true';
  const separator = control.attrs['pathseparator'] ?? ' / ';

  const q = query.trim().toLowerCase();
  const keyOf = (e: TaxonomyEntry) => e.path.join('\u0000');
  const matches = new Set(entries.filter((e) => e.option.value.toLowerCase().includes(q)).map(keyOf));
  // A node shows when it matches, or leads to a match (its ancestors stay for context).
  const shown = (e: TaxonomyEntry) =>
    q === '' || [...matches].some((m) => m === keyOf(e) || m.startsWith(keyOf(e) + '\u0000'));
  const visible = entries.filter((e) => {
    if (!shown(e)) return false;
    // Folded ancestors hide it (a search opens everything).
    for (let d = 1; d < e.path.length; d++)
      if (q === '' && !open.has(e.path.slice(0, d).join('\u0000'))) return false;
    return true;
  });
  // What people read for a path: each level's value (the path itself holds aliases).
  const labelOf = (path: string[]) =>
    path
      .map(
        (v, d) =>
          entries.find((e) => e.path.length === d + 1 && e.path.every((p, i) => p === path[i]))?.option
            .value ?? v,
      )
      .join(separator);
  const write = (next: string[][]) => setControlValue<'Taxonomy'>(ws.store, control, next, target);

  return (
    <ControlFrame control={control} label={label} labelHidden={labelHidden}>
      {selected.length > 0 && (
        <ul className="ws-chips" aria-label={`${label}: chosen`}>
          {selected.map((path) => (
            <li key={path.join('\u0000')} className="ws-chip">
              {labelOf(path)}
              {!ws.readOnly && (
                <button
                  type="button"
                  className="ws-chip-remove"
                  aria-label={`Remove ${labelOf(path)}`}
                  onClick={() => write(selected.filter((s) => s.join('\u0000') !== path.join('\u0000')))}
                >
                  ×
                </button>
              )}
            </li>
          ))}
        </ul>
      )}
      <label className="ws-sr" htmlFor={searchId}>
        Search {label}
      </label>
      <input
        id={searchId}
        type="search"
        className="ws-input ws-search"
        placeholder={control.attrs['placeholder'] || 'Search…'}
        value={query}
        onChange={(e) => setQuery(e.target.value)}
      />
      <ul className="ws-tree" aria-label={label}>
        {visible.map((entry) => {
          const k = keyOf(entry);
          const expanded = q !== '' || open.has(k);
          const checkable = !(leafsOnly && !entry.leaf);
          return (
            <li key={k} className="ws-tree-node" style={{ paddingInlineStart: `${entry.depth * 1.2}em` }}>
              {!entry.leaf ? (
                <button
                  type="button"
                  className="ws-fold"
                  aria-expanded={expanded}
                  aria-label={`${expanded ? 'Collapse' : 'Expand'} ${entry.option.value}`}
                  disabled={q !== ''}
                  onClick={() =>
                    setOpen((s) => {
                      const next = new Set(s);
                      if (next.has(k)) next.delete(k);
                      else next.add(k);
                      return next;
                    })
                  }
                >
                  {expanded ? '▾' : '▸'}
                </button>
              ) : (
                <span className="ws-fold-space" aria-hidden="true" />
              )}
              {checkable ? (
                <label className="ws-option" title={entry.option.hint}>
                  <input
                    type="checkbox"
                    checked={isTaxonomySelected(selected, entry.path)}
                    disabled={ws.readOnly}
                    onChange={() => write(toggleTaxonomy(control, selected, entry))}
                  />
                  <span>{entry.option.value}</span>
                </label>
              ) : (
                <span className="ws-tree-branch">{entry.option.value}</span>
              )}
            </li>
          );
        })}
        {visible.length === 0 && <li className="muted">Nothing matches “{query}”.</li>}
      </ul>
    </ControlFrame>
  );
}
