import { useEffect, useRef } from 'react';
import { formatCombo, shortcutSheet, type HotkeyTable } from './model/hotkeys.ts';
import { isMac } from './workspace-context.ts';
import './workspace.css';

/** The keyboard shortcuts, generated from the same table the key handler uses (a modal dialog). */
export function ShortcutsSheet({
  table,
  open = true,
  mac = isMac(),
  onClose,
  extra = [],
}: {
  table: HotkeyTable;
  /** Shown while true (or while rendered, when left out). */
  open?: boolean;
  /** Print ⌘ for the shortcut modifier. */
  mac?: boolean;
  onClose: () => void;
  /** Keys an object view handles itself (the image's Delete, arrows, zoom), shown after the table's. */
  extra?: readonly { title: string; rows: readonly { keys: readonly string[]; description: string }[] }[];
}) {
  const ref = useRef<HTMLDialogElement>(null);
  useEffect(() => {
    const dialog = ref.current;
    if (!dialog) return;
    if (open && !dialog.open) dialog.showModal();
    if (!open && dialog.open) dialog.close();
  }, [open]);
  return (
    <dialog ref={ref} className="ws-sheet" aria-labelledby="ws-sheet-title" onClose={onClose}>
      <header className="ws-sheet-head">
        <h2 id="ws-sheet-title">Keyboard shortcuts</h2>
        <button type="button" onClick={onClose} aria-label="Close">
          ×
        </button>
      </header>
      {[
        ...shortcutSheet(table, mac),
        // The object views' own keys, printed the same way.
        ...extra.map((group) => ({
          title: group.title,
          rows: group.rows.map((row) => ({
            id: row.description,
            keys: row.keys.map((k) => formatCombo(k, mac)),
            description: row.description,
          })),
        })),
      ].map((group) => (
        <section key={group.title}>
          <h3>{group.title}</h3>
          <dl className="ws-keys">
            {group.rows.map((row) => (
              <div key={row.id} className="ws-key-row">
                <dt>
                  {row.keys.map((k, i) => (
                    <span key={k}>
                      {i > 0 && <span className="muted"> or </span>}
                      <kbd className="ws-kbd">{k}</kbd>
                    </span>
                  ))}
                </dt>
                <dd>{row.description}</dd>
              </div>
            ))}
          </dl>
        </section>
      ))}
      {table.conflicts.length > 0 && (
        <section>
          <h3>Keys this project asks for that are taken</h3>
          <ul className="ws-conflicts">
            {table.conflicts.map((c) => (
              <li key={`${c.dropped}:${c.key}`}>
                <kbd className="ws-kbd">{c.key}</kbd> for {describe(table, c.dropped)} is already{' '}
                {c.reason === 'built-in' ? 'a built-in shortcut' : 'used'}: {describe(table, c.kept)}.
              </li>
            ))}
          </ul>
        </section>
      )}
      <p className="ws-hint">
        Shortcuts do not act while you type in a text box, except {mac ? '⌘' : 'Ctrl'}+Enter.
      </p>
    </dialog>
  );
}

function describe(table: HotkeyTable, id: string): string {
  return table.hotkeys.find((h) => h.id === id)?.description ?? id.replace(/^option:([^:]+):\d+$/, '$1');
}
