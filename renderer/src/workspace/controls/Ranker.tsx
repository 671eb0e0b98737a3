import { useState, type KeyboardEvent } from 'react';
import { readControlValue } from '../../../../core/labeling/control-values.ts';
import { setControlValue } from '../model/commands.ts';
import { useWorkspace } from '../workspace-context.ts';
import { ControlFrame, type ControlProps } from './ControlFrame.tsx';

interface ListItem {
  id: string;
  title: string;
  body: string;
}

/** The List object's items (`[{id, title, body}]`, Label Studio's List data). */
function listItems(json: unknown): ListItem[] {
  if (!Array.isArray(json)) return [];
  return json.flatMap((raw, i) => {
    if (typeof raw !== 'object' || raw === null) return [];
    const item = raw as Record<string, unknown>;
    const text = (v: unknown) => (typeof v === 'string' || typeof v === 'number' ? String(v) : '');
    return [{ id: text(item['id']) || String(i), title: text(item['title']), body: text(item['body']) }];
  });
}

/**
 * Label Studio's Ranker over a List: rank mode writes `{ranker: {<name>: [ids]}}`; with Buckets each
 * item goes to a column (`{ranker: {_: [...], <bucket>: [...]}}`, `_` being the list itself, as Label
 * Studio stores it). Keyboard: the handle of an item moves it with ↑/↓; a column picker moves it across.
 */
export function Ranker({ control, label, labelHidden }: ControlProps) {
  const ws = useWorkspace();
  const list = ws.objects.get(control.toName[0] ?? '');
  const items = listItems(list?.value?.kind === 'json' ? list.value.json : undefined);
  const saved = readControlValue<'Ranker'>(control, ws.records);
  const [announce, setAnnounce] = useState('');
  const buckets = control.options.map((o) => ({ id: o.alias ?? o.value, title: o.value }));
  const columns = buckets.length
    ? [{ id: '_', title: list?.attrs['title'] || 'Items' }, ...buckets]
    : [{ id: control.name, title: list?.attrs['title'] || label }];
  const ids = items.map((i) => i.id);
  // Each column's ids from the saved value; items it does not place stay in the first column.
  const placed = new Set<string>();
  const layout = columns.map((c) => {
    const own = (saved?.[c.id] ?? []).filter((id) => ids.includes(id) && !placed.has(id));
    own.forEach((id) => placed.add(id));
    return own;
  });
  layout[0] = [...(layout[0] ?? []), ...ids.filter((id) => !placed.has(id))];
  const byId = new Map(items.map((i) => [i.id, i]));

  const write = (next: string[][]) =>
    setControlValue<'Ranker'>(
      ws.store,
      control,
      Object.fromEntries(columns.map((c, i) => [c.id, next[i] ?? []])),
      {},
    );
  const move = (col: number, from: number, to: number) => {
    const column = layout[col] ?? [];
    if (to < 0 || to >= column.length) return;
    const next = layout.map((c) => [...c]);
    const [id] = next[col]!.splice(from, 1);
    next[col]!.splice(to, 0, id!);
    write(next);
    setAnnounce(`${byId.get(id!)?.title || id} moved to position ${to + 1} of ${column.length}.`);
  };
  const moveTo = (col: number, from: number, target: number) => {
    const next = layout.map((c) => [...c]);
    const [id] = next[col]!.splice(from, 1);
    next[target]!.push(id!);
    write(next);
    setAnnounce(`${byId.get(id!)?.title || id} moved to ${columns[target]?.title}.`);
  };
  const onHandleKey = (col: number, index: number) => (e: KeyboardEvent<HTMLButtonElement>) => {
    if (e.key !== 'ArrowUp' && e.key !== 'ArrowDown') return;
    e.preventDefault();
    const to = index + (e.key === 'ArrowUp' ? -1 : 1);
    move(col, index, to);
    // Focus follows the item to its new place.
    const list = e.currentTarget.closest('ol');
    requestAnimationFrame(() => list?.querySelectorAll<HTMLButtonElement>('.ws-handle')[to]?.focus());
  };

  if (!list)
    return (
      <p className="muted">
        {label}: the list “{control.toName[0]}” is not in this config.
      </p>
    );
  return (
    <ControlFrame control={control} label={label} labelHidden={labelHidden}>
      <div className="ws-ranker">
        {columns.map((column, col) => (
          <section key={column.id} className="ws-rank-column" aria-label={column.title}>
            <h4>{column.title}</h4>
            <ol>
              {(layout[col] ?? []).map((id, index) => {
                const item = byId.get(id);
                return (
                  <li key={id} className="ws-rank-item">
                    <button
                      type="button"
                      className="ws-handle"
                      disabled={ws.readOnly}
                      aria-label={`${item?.title || id}, position ${index + 1} of ${layout[col]?.length}. Arrow up or down to move.`}
                      onKeyDown={onHandleKey(col, index)}
                    >
                      ⠿
                    </button>
                    <div className="ws-rank-text">
                      <strong>{item?.title || id}</strong>
                      {item?.body && <span className="muted">{item.body}</span>}
                    </div>
                    {!ws.readOnly && (
                      <span className="ws-rank-moves">
                        <button
                          type="button"
                          aria-label={`Move ${item?.title || id} up`}
                          onClick={() => move(col, index, index - 1)}
                          disabled={index === 0}
                        >
                          ↑
                        </button>
                        <button
                          type="button"
                          aria-label={`Move ${item?.title || id} down`}
                          onClick={() => move(col, index, index + 1)}
                          disabled={index + 1 >= (layout[col]?.length ?? 0)}
                        >
                          ↓
                        </button>
                        {columns.length > 1 && (
                          <select
                            aria-label={`Column for ${item?.title || id}`}
                            value={col}
                            onChange={(e) => moveTo(col, index, Number(e.target.value))}
                          >
                            {columns.map((c, i) => (
                              <option key={c.id} value={i}>
                                {c.title}
                              </option>
                            ))}
                          </select>
                        )}
                      </span>
                    )}
                  </li>
                );
              })}
            </ol>
          </section>
        ))}
      </div>
      <p className="ws-sr" aria-live="polite">
        {announce}
      </p>
    </ControlFrame>
  );
}
