/**
 * The region list: every region of an object (a box, a text span, an audio segment) as one row, the
 * keyboard path to what the canvas shows (the canvas itself is aria-hidden). Generic: it knows
 * nothing of images or text; the view passes rows and callbacks.
 *
 * Keyboard (the list is one tab stop, a roving focus over the rows' buttons): ↑/↓ Home/End move and
 * select, Delete/Backspace deletes, H hides, L locks, and the selected row's label select relabels.
 * Rows are buttons in a plain list, not listbox options: an option may not hold other controls.
 */
import { useMemo, useRef, useState, type KeyboardEvent } from 'react';

/** One row: a region as the list shows it. */
export interface RegionRow {
  /** The region's result id (shared by its records). */
  id: string;
  /** What it is, for people: "Rectangle", "Span 12–18", "Segment 3.1–8.2 s". */
  kind: string;
  /** Its labels (values, as shown). */
  labels: string[];
  /** The first label's colour, for the swatch. */
  color?: string;
  hidden: boolean;
  locked: boolean;
  /** A read-only result (`readonly`, a prediction being looked at): no delete, no relabel. */
  readOnly: boolean;
  /** A prediction's score, shown when present. */
  score?: number;
}

export interface RegionListProps {
  /** Names the list for assistive technology ("Regions of image"). */
  label: string;
  rows: readonly RegionRow[];
  selectedId: string | null;
  /** Labels a region can be given (one labels control's values); empty: no relabel select. */
  labelChoices?: readonly string[];
  /** The whole list is read-only (someone else's annotation, a prediction tab). */
  readOnly?: boolean;
  onSelect: (id: string | null) => void;
  onToggleHidden: (id: string) => void;
  onToggleLocked: (id: string) => void;
  onDelete: (id: string) => void;
  onRelabel?: (id: string, label: string) => void;
}

const ALL = '';
/** Rows rendered at first (thousands of OCR boxes must not cost thousands of DOM rows to open). */
export const REGION_PAGE = 200;

/** The regions of one object, filterable by label; select, hide, lock, delete, relabel. */
export function RegionList({
  label,
  rows,
  selectedId,
  labelChoices = [],
  readOnly = false,
  onSelect,
  onToggleHidden,
  onToggleLocked,
  onDelete,
  onRelabel,
}: RegionListProps) {
  const [filter, setFilter] = useState(ALL);
  const [limit, setLimit] = useState(REGION_PAGE);
  const [order, setOrder] = useState<'drawn' | 'label'>('drawn');
  const listRef = useRef<HTMLUListElement>(null);
  const labels = useMemo(() => [...new Set(rows.flatMap((r) => r.labels))].sort(), [rows]);
  const shown = useMemo(() => {
    const kept = filter === ALL ? [...rows] : rows.filter((r) => r.labels.includes(filter));
    // Stable: equal labels keep the order they were drawn in.
    if (order === 'label') kept.sort((a, b) => (a.labels[0] ?? '').localeCompare(b.labels[0] ?? ''));
    return kept;
  }, [rows, filter, order]);
  const index = shown.findIndex((r) => r.id === selectedId);
  // The selected row is always rendered, however far down the list it is.
  const count = Math.min(shown.length, Math.max(limit, index + 1));

  const focusRow = (id: string) =>
    listRef.current
      ?.querySelector<HTMLButtonElement>(`[data-region-id="${CSS.escape(id)}"] .region-name`)
      ?.focus();
  // The row the keyboard moved to, until the focus is there: a key pressed right after ↓ (Delete)
  // acts on that row, not on the one the focus is about to leave.
  const movedTo = useRef<string | null>(null);
  const move = (to: number) => {
    const row = shown[Math.max(0, Math.min(shown.length - 1, to))];
    if (!row) return;
    onSelect(row.id);
    movedTo.current = row.id;
    focusRow(row.id);
    // The row may be rendered only once selected (past the first page): focus it after that render.
    requestAnimationFrame(() => {
      focusRow(row.id);
      if (movedTo.current === row.id) movedTo.current = null;
    });
  };

  const onKeyDown = (event: KeyboardEvent<HTMLUListElement>) => {
    const target = event.target as HTMLElement;
    if (!target.classList.contains('region-name')) return;
    const focused = movedTo.current ?? target.closest<HTMLElement>('[data-region-id]')?.dataset['regionId'];
    const at = shown.findIndex((r) => r.id === focused);
    const row = shown[at];
    const editable = row && !readOnly && !row.readOnly;
    switch (event.key) {
      case 'ArrowDown':
        move(at + 1);
        break;
      case 'ArrowUp':
        move(at - 1);
        break;
      case 'Home':
        move(0);
        break;
      case 'End':
        move(shown.length - 1);
        break;
      case 'Delete':
      case 'Backspace':
        if (!editable || row.locked) return;
        onDelete(row.id);
        // Focus stays in the list: on the next row, else the one before.
        {
          const next = shown[at + 1] ?? shown[at - 1];
          if (next) requestAnimationFrame(() => focusRow(next.id));
        }
        break;
      case 'h':
      case 'H':
        if (!row) return;
        onToggleHidden(row.id);
        break;
      case 'l':
      case 'L':
        if (!row || readOnly) return;
        onToggleLocked(row.id);
        break;
      default:
        return;
    }
    // Handled here: the workspace's own keys (nudge, delete) must not act twice.
    event.preventDefault();
    event.stopPropagation();
  };

  return (
    <section className="region-list" aria-label={label}>
      <div className="region-list-head">
        <h4>
          Regions <span className="muted">({rows.length})</span>
        </h4>
        {rows.length > 1 && (
          <label>
            Order{' '}
            <select value={order} onChange={(e) => setOrder(e.target.value as 'drawn' | 'label')}>
              <option value="drawn">as drawn</option>
              <option value="label">by label</option>
            </select>
          </label>
        )}
        {labels.length > 1 && (
          <label>
            Show{' '}
            <select value={filter} onChange={(e) => setFilter(e.target.value)}>
              <option value={ALL}>every label</option>
              {labels.map((l) => (
                <option key={l} value={l}>
                  {l}
                </option>
              ))}
            </select>
          </label>
        )}
      </div>
      {shown.length === 0 ? (
        <p className="muted">{rows.length === 0 ? 'No regions yet.' : 'No region has this label.'}</p>
      ) : (
        <ul ref={listRef} onKeyDown={onKeyDown} data-testid="region-list">
          {shown.slice(0, count).map((row, i) => (
            <Row
              key={row.id}
              row={row}
              selected={row.id === selectedId}
              tabStop={index >= 0 ? i === index : i === 0}
              readOnly={readOnly || row.readOnly}
              labelChoices={labelChoices}
              onSelect={onSelect}
              onToggleHidden={onToggleHidden}
              onToggleLocked={onToggleLocked}
              onDelete={onDelete}
              {...(onRelabel ? { onRelabel } : {})}
            />
          ))}
        </ul>
      )}
      {count < shown.length && (
        <button type="button" onClick={() => setLimit(count + REGION_PAGE)}>
          Show {Math.min(REGION_PAGE, shown.length - count)} more of {shown.length - count}
        </button>
      )}
      <p className="muted region-list-keys">↑↓ select · Delete removes · H hides · L locks</p>
    </section>
  );
}

interface RowProps extends Omit<RegionListProps, 'label' | 'rows' | 'selectedId'> {
  row: RegionRow;
  selected: boolean;
  /** The row whose button is the list's one tab stop. */
  tabStop: boolean;
  readOnly: boolean;
  labelChoices: readonly string[];
}

function Row({
  row,
  selected,
  tabStop,
  readOnly,
  labelChoices,
  onSelect,
  onToggleHidden,
  onToggleLocked,
  onDelete,
  onRelabel,
}: RowProps) {
  const name = `${row.labels.join(', ') || 'No label'} · ${row.kind}`;
  return (
    <li data-region-id={row.id} className={selected ? 'selected' : undefined}>
      <span className="swatch" style={{ background: row.color ?? 'transparent' }} aria-hidden="true" />
      <button
        type="button"
        className={row.hidden ? 'region-name muted' : 'region-name'}
        aria-pressed={selected}
        tabIndex={tabStop ? 0 : -1}
        onClick={() => onSelect(selected ? null : row.id)}
      >
        {name}
      </button>
      {row.score !== undefined && <span className="chip">score {row.score.toFixed(2)}</span>}
      {selected && onRelabel && !readOnly && labelChoices.length > 0 && (
        <select
          aria-label={`Label of ${name}`}
          value={row.labels[0] ?? ''}
          onChange={(e) => onRelabel(row.id, e.target.value)}
        >
          {row.labels.length === 0 && <option value="">No label</option>}
          {labelChoices.map((l) => (
            <option key={l} value={l}>
              {l}
            </option>
          ))}
        </select>
      )}
      <span className="region-actions">
        <button
          type="button"
          tabIndex={-1}
          aria-pressed={row.hidden}
          aria-label={`${row.hidden ? 'Show' : 'Hide'} ${name}`}
          onClick={() => onToggleHidden(row.id)}
        >
          {row.hidden ? 'Show' : 'Hide'}
        </button>
        <button
          type="button"
          tabIndex={-1}
          aria-pressed={row.locked}
          aria-label={`${row.locked ? 'Unlock' : 'Lock'} ${name}`}
          disabled={readOnly}
          onClick={() => onToggleLocked(row.id)}
        >
          {row.locked ? 'Unlock' : 'Lock'}
        </button>
        <button
          type="button"
          tabIndex={-1}
          aria-label={`Delete ${name}`}
          disabled={readOnly || row.locked}
          onClick={() => onDelete(row.id)}
        >
          Delete
        </button>
      </span>
    </li>
  );
}
