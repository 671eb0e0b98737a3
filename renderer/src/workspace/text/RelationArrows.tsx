import { useLayoutEffect, useState, type RefObject } from 'react';
import { offsetToPoint, type NodeLike } from './dom-offsets.ts';
import type { Relation } from './model/relations.ts';
import { chunkAt, type Chunk } from './model/runs.ts';
import type { TextSpan } from './model/spans.ts';

interface Arrow {
  key: string;
  path: string;
  direction: Relation['direction'];
  label: string;
  x: number;
  y: number;
}

/**
 * Relations between spans of one text, drawn as arrows arching above the text (an SVG over the
 * scrolling text, so the arrows scroll with it). Decorative: the Relations control lists them.
 */
export function RelationArrows({
  host,
  relations,
  spans,
  chunks,
  version,
}: {
  host: RefObject<HTMLDivElement | null>;
  relations: readonly Relation[];
  spans: readonly TextSpan[];
  chunks: readonly Chunk[];
  /** The document's version: arrows are measured again after every change. */
  version: number;
}) {
  const [arrows, setArrows] = useState<Arrow[]>([]);
  useLayoutEffect(() => {
    const root = host.current;
    if (!root) return;
    // No relations: nothing to measure (reading the layout back would cost every edit a reflow).
    if (relations.length === 0) {
      // eslint-disable-next-line react-hooks/set-state-in-effect
      setArrows((current) => (current.length === 0 ? current : []));
      return;
    }
    const byId = new Map(spans.map((s) => [s.id, s]));
    const origin = root.getBoundingClientRect();
    const rectOf = (span: TextSpan) => {
      const chunk = root.querySelector(`[data-chunk="${chunkAt(chunks, span.start)}"]`);
      const start = chunk && offsetToPoint(chunk as unknown as NodeLike, span.start);
      if (!start) return null;
      const range = document.createRange();
      range.setStart(start.node as unknown as Node, start.offset);
      range.collapse(true);
      const rect = range.getClientRects()[0] ?? range.getBoundingClientRect();
      return {
        x: rect.left - origin.left + root.scrollLeft + 4,
        y: rect.top - origin.top + root.scrollTop,
      };
    };
    const next: Arrow[] = [];
    for (const r of relations) {
      const from = byId.get(r.from);
      const to = byId.get(r.to);
      const a = from && rectOf(from);
      const b = to && rectOf(to);
      if (!a || !b) continue;
      const top = Math.min(a.y, b.y) - 10;
      const path = `M ${a.x} ${a.y} C ${a.x} ${top}, ${b.x} ${top}, ${b.x} ${b.y}`;
      next.push({
        key: r.key,
        path,
        direction: r.direction,
        label: r.labels.join(', '),
        x: (a.x + b.x) / 2,
        y: top + 2,
      });
    }
    // Measuring needs the laid-out text: this is the one place the layout is read back.
    setArrows(next);
  }, [host, relations, spans, chunks, version]);
  if (arrows.length === 0) return null;
  return (
    <svg className="ws-relation-arrows" aria-hidden="true">
      <defs>
        <marker
          id="ws-arrow-head"
          viewBox="0 0 10 10"
          refX="9"
          refY="5"
          markerWidth="7"
          markerHeight="7"
          orient="auto-start-reverse"
        >
          <path d="M 0 0 L 10 5 L 0 10 z" />
        </marker>
      </defs>
      {arrows.map((a) => (
        <g key={a.key}>
          <path
            d={a.path}
            markerEnd={a.direction !== 'left' ? 'url(#ws-arrow-head)' : undefined}
            markerStart={a.direction !== 'right' ? 'url(#ws-arrow-head)' : undefined}
          />
          {a.label && (
            <text x={a.x} y={a.y} textAnchor="middle">
              {a.label}
            </text>
          )}
        </g>
      ))}
    </svg>
  );
}
