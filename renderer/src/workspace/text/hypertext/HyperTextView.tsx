import { useLayoutEffect, useMemo, useRef, useState, useSyncExternalStore, type KeyboardEvent } from 'react';
import type { ControlNode } from '../../../../../core/labeling/config-model.ts';
import type { ResultRecord } from '../../../../../core/labeling/records.ts';
import type { ObjectViewProps } from '../../object-views.ts';
import { useWorkspace } from '../../workspace-context.ts';
import { armedFor } from '../model/press-label.ts';
import { spanToolFor } from '../model/span-tool.ts';
import { colorOf, createShapedSpan, readLabels, removeRegion, type TextSpan } from '../model/spans.ts';
import { TextRegions } from '../TextRegions.tsx';
import { highlightPrefix, paintHighlights, type Painted } from './highlights.ts';
import { sanitizeHtml } from './sanitize.ts';
import { hyperTextValue, type XNode } from './xpath.ts';

/**
 * A HyperText object with spans (HyperText + HyperTextLabels): the task's HTML, sanitized, shown as
 * is; spans are painted with the CSS Highlight API, so the DOM is never changed and Label Studio's
 * xpaths stay true. Select text and press a label (or arm one first); click a span to select it;
 * Delete removes it, Escape clears. The region is stored as Label Studio stores it.
 */
export function HyperTextView({ object, value }: ObjectViewProps) {
  const ws = useWorkspace();
  const html = value.kind === 'text' ? value.text : '';
  const safe = useMemo(() => sanitizeHtml(html), [html]);
  const root = useRef<HTMLDivElement>(null);
  const tool = spanToolFor(ws.store);
  const state = useSyncExternalStore(tool.subscribe, tool.getSnapshot, tool.getSnapshot);
  const controls = useMemo(() => {
    const map = new Map<string, ControlNode>();
    for (const c of ws.controls.values())
      if (c.tag === 'HyperTextLabels' && c.toName.includes(object.name)) map.set(c.name, c);
    return map;
  }, [ws.controls, object.name]);
  const spans = useMemo(
    () =>
      ws.records.filter(
        (r) => r.toName === object.name && controls.has(r.fromName) && r.type === 'hypertextlabels',
      ),
    [ws.records, object.name, controls],
  );
  const pending = state.pending?.object === object.name ? state.pending : null;
  const selectedId = ws.selection.regionId;
  const painted = useRef<Painted | null>(null);
  const [prefix] = useState(highlightPrefix);

  useLayoutEffect(() => {
    const host = root.current;
    if (!host) return;
    const marks = spans.map((r) => ({
      id: r.id,
      value: r.value,
      color:
        object.attrs['highlightcolor'] ?? colorOf(controls.get(r.fromName) as ControlNode, readLabels(r)[0]),
    }));
    painted.current = paintHighlights(
      host,
      prefix,
      painted.current,
      marks,
      pending?.shape ?? null,
      selectedId,
    );
  }, [spans, pending, selectedId, controls, object.attrs, safe, prefix]);
  useLayoutEffect(() => () => painted.current?.clear(), []);

  const onMouseUp = () => {
    const host = root.current;
    const selection = window.getSelection();
    if (!host || !selection || selection.rangeCount === 0) return;
    const range = selection.getRangeAt(0);
    const node = host as unknown as XNode;
    if (!host.contains(range.startContainer) || !host.contains(range.endContainer)) return;
    if (range.collapsed) {
      tool.setPending(null);
      const at = hyperTextValue(
        node,
        { node: range.startContainer as unknown as XNode, offset: 0 },
        {
          node: range.startContainer as unknown as XNode,
          offset: range.startOffset,
        },
      );
      const offset = at?.globalOffsets.end ?? 0;
      ws.selectRegion(spanAtOffset(spans, offset)?.id ?? null);
      return;
    }
    const shape = hyperTextValue(
      node,
      { node: range.startContainer as unknown as XNode, offset: range.startOffset },
      { node: range.endContainer as unknown as XNode, offset: range.endOffset },
    );
    if (!shape || ws.readOnly || object.attrs['selectionenabled'] === 'false') return;
    selection.removeAllRanges();
    const value: Record<string, unknown> = { ...shape };
    if (object.attrs['savetextresult'] === 'no') delete value.text;
    const armed = armedFor(tool, controls.values(), object.name);
    if (armed) {
      const id = createShapedSpan(ws.store, armed.control, object.name, value, armed.labels);
      tool.setPending(null);
      ws.selectRegion(id);
    } else
      tool.setPending({
        object: object.name,
        start: shape.globalOffsets.start,
        end: shape.globalOffsets.end,
        shape: value,
      });
  };

  const onKeyDown = (event: KeyboardEvent<HTMLDivElement>) => {
    const selected = spans.find((r) => r.id === selectedId);
    if ((event.key === 'Delete' || event.key === 'Backspace') && selected && !ws.readOnly) {
      event.preventDefault();
      removeRegion(ws.store, selected.id);
      ws.selectRegion(null);
    } else if (event.key === 'Escape' && (pending || selectedId)) {
      event.preventDefault();
      if (pending) tool.setPending(null);
      else ws.selectRegion(null);
    }
  };

  const selected = spans.find((r) => r.id === selectedId);
  // The region list reads spans by their global offsets (the text it quotes is the span's own).
  const listed = useMemo(() => {
    const out: TextSpan[] = [];
    for (const r of spans) {
      const g = r.value.globalOffsets as { start?: unknown; end?: unknown } | undefined;
      if (typeof g?.start !== 'number' || typeof g.end !== 'number') continue;
      const labels = readLabels(r);
      const color = colorOf(controls.get(r.fromName) as ControlNode, labels[0]);
      out.push({ id: r.id, start: g.start, end: g.end, labels, color, record: r });
    }
    return out;
  }, [spans, controls]);
  return (
    <>
      <div
        ref={root}
        className="ws-hypertext"
        data-hypertext={object.name}
        role="document"
        aria-label={object.attrs['label'] || `HTML ${object.name}`}
        tabIndex={0}
        onMouseUp={onMouseUp}
        onKeyDown={onKeyDown}
        dangerouslySetInnerHTML={{ __html: safe }}
      />
      <TextRegions objectName={object.name} spans={listed} labelControls={controls} />
      <p className="ws-sr" aria-live="polite" data-testid={`hypertext-status-${object.name}`}>
        {pending
          ? `Selected “${String(pending.shape?.text ?? '')}”: press a label.`
          : selected
            ? `Span ${readLabels(selected).join(', ')}: “${String(selected.value.text ?? '')}”.`
            : ''}
      </p>
    </>
  );
}

/** The smallest span whose global offsets hold `offset`. */
function spanAtOffset(spans: readonly ResultRecord[], offset: number): ResultRecord | null {
  let best: ResultRecord | null = null;
  let size = Infinity;
  for (const r of spans) {
    const g = r.value.globalOffsets as { start?: number; end?: number } | undefined;
    if (typeof g?.start !== 'number' || typeof g.end !== 'number') continue;
    if (g.start <= offset && offset < g.end && g.end - g.start < size) {
      best = r;
      size = g.end - g.start;
    }
  }
  return best;
}
