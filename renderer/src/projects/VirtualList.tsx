import { useEffect, useRef, useState, type ReactNode } from 'react';

/**
 * Renders only the rows in view (plus a small margin) of a list of any length: 100,000 tasks cost
 * the same as 30. Rows have a fixed height, so positions are arithmetic, not measured.
 */
export function VirtualList({
  count,
  rowHeight,
  renderRow,
  label,
}: {
  count: number;
  rowHeight: number;
  renderRow: (index: number) => ReactNode;
  label: string;
}) {
  const viewport = useRef<HTMLDivElement>(null);
  const [range, setRange] = useState({ top: 0, height: 600 });
  useEffect(() => {
    const el = viewport.current;
    if (!el) return;
    const update = () => setRange({ top: el.scrollTop, height: el.clientHeight });
    update();
    el.addEventListener('scroll', update, { passive: true });
    const resize = new ResizeObserver(update);
    resize.observe(el);
    return () => {
      el.removeEventListener('scroll', update);
      resize.disconnect();
    };
  }, []);
  const overscan = 8;
  const first = Math.max(0, Math.floor(range.top / rowHeight) - overscan);
  const last = Math.min(count, Math.ceil((range.top + range.height) / rowHeight) + overscan);
  const rows: ReactNode[] = [];
  for (let i = first; i < last; i++) {
    rows.push(
      <div
        key={i}
        className="vrow"
        style={{ top: i * rowHeight, height: rowHeight }}
        role="listitem"
        aria-posinset={i + 1}
        aria-setsize={count}
      >
        {renderRow(i)}
      </div>,
    );
  }
  return (
    <div ref={viewport} className="vlist" role="list" aria-label={label} data-testid="task-list">
      <div className="vlist-space" style={{ height: count * rowHeight }}>
        {rows}
      </div>
    </div>
  );
}
