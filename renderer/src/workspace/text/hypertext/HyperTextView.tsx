import {
  useId,
  useLayoutEffect,
  useMemo,
  useRef,
  useState,
  useSyncExternalStore,
  type KeyboardEvent,
} from 'react';
import type { ControlNode } from '../../../../../core/labeling/config-model.ts';
import type { ResultRecord } from '../../../../../core/labeling/records.ts';
import type { ObjectViewProps } from '../../object-views.ts';
import { useWorkspace } from '../../workspace-context.ts';
import { moveCaret } from '../model/caret.ts';
import { armedFor } from '../model/press-label.ts';
import { spanToolFor } from '../model/span-tool.ts';
import { colorOf, createShapedSpan, readLabels, removeRegion, type TextSpan } from '../model/spans.ts';
import { TextRegions } from '../TextRegions.tsx';
import { caretText, readText, toDisplay, toGlobal, type CaretText } from './caret-text.ts';
import { highlightPrefix, paintHighlights, type Painted } from './highlights.ts';
import { sanitizeHtml } from './sanitize.ts';
import { hyperTextValue, pointAtGlobal, pointAtGlobalEnd, type XNode } from './xpath.ts';

/**
 * A HyperText object with spans (HyperText + HyperTextLabels): the task's HTML, sanitized, shown as
 * is; spans are painted with the CSS Highlight API, so the DOM is never changed and Label Studio's
 * xpaths stay true. Select text and press a label (or arm one first); click a span to select it;
 * Delete removes it, Escape clears. The keyboard has the text view's caret (arrows, Ctrl by word,
 * Home/End and Up/Down by line, Shift extends; a label's key labels the selection, Enter selects the
 * span at the caret). The region is stored as Label Studio stores it.
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
  const [caret, setCaret] = useState<{ at: number; anchor: number } | null>(null);
  const [focused, setFocused] = useState(false);
  const caretMark = useRef<HTMLSpanElement>(null);
  const measured = useRef<{ html: string; ct: CaretText } | null>(null);
  const hintId = useId();
  const selectable = !ws.readOnly && object.attrs['selectionenabled'] !== 'false';

  /** The caret's text of the HTML as shown (measured once per HTML). */
  const caretTextOf = (host: HTMLElement): CaretText => {
    if (measured.current?.html !== safe)
      measured.current = { html: safe, ct: caretText(host as unknown as XNode) };
    return measured.current.ct;
  };

  // The caret is drawn over the HTML (which is never changed): placed where its point is.
  useLayoutEffect(() => {
    const host = root.current;
    const mark = caretMark.current;
    if (!host || !mark) return;
    const at = focused && caret && caret.at === caret.anchor ? caret.at : null;
    const ct = caretTextOf(host);
    const g = at === null ? 0 : toGlobal(ct, at);
    // Before a block's line break the caret ends the line; after it, it starts the next block.
    const point =
      at === null
        ? null
        : toDisplay(ct, g) === at
          ? pointAtGlobal(host as unknown as XNode, g)
          : pointAtGlobalEnd(host as unknown as XNode, g);
    mark.hidden = point === null;
    if (!point) return;
    const range = document.createRange();
    range.setStart(point.node as unknown as Node, point.offset);
    const boxOf = () => range.getClientRects()[0] ?? range.getBoundingClientRect();
    // Keep the caret in the HTML's scrolled view, then draw it there.
    const view = host.getBoundingClientRect();
    let box = boxOf();
    if (box.top < view.top) host.scrollTop -= view.top - box.top;
    else if (box.bottom > view.bottom) host.scrollTop += box.bottom - view.bottom;
    box = boxOf();
    const frame = (mark.offsetParent ?? host).getBoundingClientRect();
    mark.style.left = `${box.left - frame.left}px`;
    mark.style.top = `${box.top - frame.top}px`;
    mark.style.height = `${Math.max(box.height, 12)}px`;
  });

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
      const d = toDisplay(caretTextOf(host), offset);
      setCaret({ at: d, anchor: d });
      ws.selectRegion(spanAtOffset(spans, offset)?.id ?? null);
      return;
    }
    const shape = hyperTextValue(
      node,
      { node: range.startContainer as unknown as XNode, offset: range.startOffset },
      { node: range.endContainer as unknown as XNode, offset: range.endOffset },
    );
    if (!shape || !selectable) return;
    selection.removeAllRanges();
    const ct = caretTextOf(host);
    setCaret({
      at: toDisplay(ct, shape.globalOffsets.end),
      anchor: toDisplay(ct, shape.globalOffsets.start),
    });
    choose(stored(host, shape));
  };

  /**
   * The value as stored: its text as read (blocks on lines of their own, as Label Studio's selection
   * text has them), none when the config says `saveTextResult="no"`.
   */
  const stored = (
    host: HTMLElement,
    shape: NonNullable<ReturnType<typeof hyperTextValue>>,
  ): Record<string, unknown> => {
    const value: Record<string, unknown> = { ...shape };
    if (object.attrs['savetextresult'] === 'no') delete value.text;
    else value.text = readText(caretTextOf(host), shape.globalOffsets.start, shape.globalOffsets.end);
    return value;
  };

  /** A selection made: labelled at once with an armed label (not used up), else kept for a label press. */
  const choose = (value: Record<string, unknown>) => {
    const g = value.globalOffsets as { start: number; end: number };
    tool.setPending({ object: object.name, start: g.start, end: g.end, shape: value });
    const armed = armedFor(tool, controls.values(), object.name, ws.store.records());
    if (!armed) return;
    const id = createShapedSpan(ws.store, armed.control, object.name, value, armed.labels);
    tool.setPending(null);
    ws.selectRegion(id);
  };

  /** Label Studio's value between two caret (display) offsets, or null when no text is between. */
  const shapeBetween = (host: HTMLElement, a: number, b: number) => {
    const ct = caretTextOf(host);
    const node = host as unknown as XNode;
    const from = pointAtGlobal(node, toGlobal(ct, Math.min(a, b)));
    const to = pointAtGlobalEnd(node, toGlobal(ct, Math.max(a, b)));
    return from && to ? hyperTextValue(node, from, to) : null;
  };

  const onKeyDown = (event: KeyboardEvent<HTMLDivElement>) => {
    const host = root.current;
    if (!host) return;
    const at = caret ?? { at: 0, anchor: 0 };
    const moved = moveCaret(caretTextOf(host).text, at.at, event);
    if (moved !== null) {
      event.preventDefault();
      // As in the text view: once the selection is labelled or cleared, Shift starts at the caret.
      const anchor = event.shiftKey ? (pending ? at.anchor : at.at) : moved;
      setCaret({ at: moved, anchor });
      const shape = event.shiftKey && selectable ? shapeBetween(host, anchor, moved) : null;
      if (shape) {
        const value = stored(host, shape);
        tool.setPending({ object: object.name, ...shape.globalOffsets, shape: value });
      } else tool.setPending(null);
      return;
    }
    if (event.key === 'Enter' && !event.ctrlKey && !event.metaKey) {
      event.preventDefault();
      if (pending?.shape) choose(pending.shape);
      else ws.selectRegion(spanAtOffset(spans, toGlobal(caretTextOf(host), at.at))?.id ?? null);
      return;
    }
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
      <div className="ws-hypertext-frame">
        <div
          ref={root}
          className="ws-hypertext"
          data-hypertext={object.name}
          role="textbox"
          aria-readonly="true"
          aria-multiline="true"
          aria-label={object.attrs['label'] || `HTML ${object.name}`}
          aria-describedby={hintId}
          tabIndex={0}
          onMouseUp={onMouseUp}
          onKeyDown={onKeyDown}
          onFocus={() => setFocused(true)}
          onBlur={() => setFocused(false)}
          dangerouslySetInnerHTML={{ __html: safe }}
        />
        <span ref={caretMark} className="ws-caret ws-hypertext-caret" aria-hidden="true" hidden />
      </div>
      <TextRegions objectName={object.name} spans={listed} labelControls={controls} />
      <p id={hintId} className="ws-sr">
        Arrow keys move a caret; Shift and arrows select; a label or its key labels the selection; Enter
        selects the span at the caret; Delete removes it.
      </p>
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
