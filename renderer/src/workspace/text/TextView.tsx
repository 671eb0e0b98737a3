import {
  memo,
  useEffect,
  useId,
  useMemo,
  useRef,
  useState,
  useSyncExternalStore,
  type KeyboardEvent,
} from 'react';
import type { ControlNode } from '../../../../core/labeling/config-model.ts';
import { TaskMedia } from '../../projects/TaskMedia.tsx';
import type { ObjectViewProps } from '../object-views.ts';
import { useWorkspace } from '../workspace-context.ts';
import { pointToOffset, type NodeLike } from './dom-offsets.ts';
import { moveCaret } from './model/caret.ts';
import { applyGranularity, granularityOf, type Range } from './model/offsets.ts';
import { armedFor } from './model/press-label.ts';
import { chunkAt, chunkText, runsOf, spanAt, spansByChunk, type Chunk, type SpanMark } from './model/runs.ts';
import { spanToolFor } from './model/span-tool.ts';
import { readRelations } from './model/relations.ts';
import { createSpan, readSpans, removeRegion } from './model/spans.ts';
import { RelationArrows } from './RelationArrows.tsx';
import { TextRegions } from './TextRegions.tsx';
import './text.css';

const PENDING = '\u0000pending';

/**
 * A Text object with spans (Label Studio's Text + Labels). Mouse: select text (widened to the
 * granularity), then a label — or arm a label first; click a span to select it. Keyboard: the text is
 * one tab stop with a caret: arrows move it (Ctrl by word, Home/End by line), Shift extends a
 * selection, a label's hotkey labels it, Enter selects the span under the caret (or labels the
 * selection with the armed label), Delete removes the selected span, Escape clears.
 */
export function TextView({ object, value, projectId }: ObjectViewProps) {
  const ws = useWorkspace();
  const text = value.kind === 'text' ? value.text : '';
  const tool = spanToolFor(ws.store);
  const toolState = useSyncExternalStore(tool.subscribe, tool.getSnapshot, tool.getSnapshot);
  const labelControls = useMemo(() => {
    const map = new Map<string, ControlNode>();
    for (const c of ws.controls.values())
      if (c.tag === 'Labels' && c.toName.includes(object.name)) map.set(c.name, c);
    return map;
  }, [ws.controls, object.name]);
  const spans = useMemo(
    () => readSpans(ws.records, object.name, labelControls, text.length),
    [ws.records, object.name, labelControls, text.length],
  );
  const chunks = useMemo(() => chunkText(text), [text]);
  const relations = useMemo(() => readRelations(ws.records), [ws.records]);
  const granularity = granularityOf(object.attrs['granularity']);
  const selectable = object.attrs['selectionenabled'] !== 'false' && !ws.readOnly;
  const highlight = object.attrs['highlightcolor'];
  const showLabels = object.attrs['showlabels'] !== 'false';
  const pending = toolState.pending?.object === object.name ? toolState.pending : null;
  const [caret, setCaret] = useState<{ at: number; anchor: number } | null>(null);
  const [focused, setFocused] = useState(false);
  const [hidden, setHidden] = useState<ReadonlySet<string>>(() => new Set());
  const [locked, setLocked] = useState<ReadonlySet<string>>(() => new Set());
  const root = useRef<HTMLDivElement>(null);
  const hintId = useId();

  const marks = useMemo(() => {
    const shown = hidden.size > 0 ? spans.filter((s) => !hidden.has(s.id)) : spans;
    const all: SpanMark[] = highlight ? shown.map((s) => ({ ...s, color: highlight })) : [...shown];
    if (pending) all.push({ id: PENDING, start: pending.start, end: pending.end, labels: [], color: '' });
    return all;
  }, [spans, pending, highlight, hidden]);
  const byChunk = useMemo(() => spansByChunk(chunks, marks), [chunks, marks]);
  const selectedId = ws.selection.regionId;
  const selectedSpan = selectedId ? (spans.find((s) => s.id === selectedId) ?? null) : null;
  const caretChunk = focused && caret && caret.at === caret.anchor ? chunkAt(chunks, caret.at) : -1;

  // A span made or selected elsewhere (the region list) scrolls into view.
  useEffect(() => {
    if (!selectedSpan || !root.current) return;
    const el = root.current.querySelector(`[data-chunk="${chunkAt(chunks, selectedSpan.start)}"]`);
    el?.scrollIntoView?.({ block: 'nearest' });
  }, [selectedSpan, chunks]);

  const makeSpan = (range: Range): boolean => {
    const armed = armedFor(tool, labelControls.values(), object.name, ws.store.records());
    if (!armed) return false;
    const id = createSpan(
      ws.store,
      armed.control,
      object.name,
      text,
      range,
      armed.labels,
      saveText(object.attrs),
    );
    tool.setPending(null);
    ws.selectRegion(id);
    return true;
  };

  /** A finished selection: widened, then labelled at once if a label is armed, else kept pending. */
  const select = (range: Range) => {
    const widened = applyGranularity(text, range, granularity);
    if (!widened) return tool.setPending(null);
    // Pending first: a label that is used up leaves the selection (and says so) for another label.
    tool.setPending({ object: object.name, ...widened });
    makeSpan(widened);
  };

  const onMouseUp = () => {
    const selection = window.getSelection();
    const host = root.current;
    if (!selection || selection.rangeCount === 0 || !host) return;
    const range = selection.getRangeAt(0);
    const node = host as unknown as NodeLike;
    const start = pointToOffset(node, range.startContainer as unknown as NodeLike, range.startOffset);
    const end = pointToOffset(node, range.endContainer as unknown as NodeLike, range.endOffset);
    if (start === null || end === null) return;
    host.focus({ preventScroll: true });
    if (start === end) {
      // A click: the caret goes there and the span under it is selected.
      setCaret({ at: start, anchor: start });
      tool.setPending(null);
      ws.selectRegion(spanAt(spans, start)?.id ?? null);
      return;
    }
    selection.removeAllRanges();
    setCaret({ at: end, anchor: start });
    if (selectable) select({ start, end });
  };

  const onKeyDown = (event: KeyboardEvent<HTMLDivElement>) => {
    const at = caret ?? { at: 0, anchor: 0 };
    const moved = moveCaret(text, at.at, event);
    if (moved !== null) {
      event.preventDefault();
      // Once the selection is labelled (a key, a button) or cleared, Shift starts a new one at the caret.
      const anchor = event.shiftKey ? (pending ? at.anchor : at.at) : moved;
      setCaret({ at: moved, anchor });
      if (event.shiftKey && selectable && anchor !== moved)
        tool.setPending({
          object: object.name,
          start: Math.min(anchor, moved),
          end: Math.max(anchor, moved),
        });
      else tool.setPending(null);
      return;
    }
    if (event.key === 'Enter' && !event.ctrlKey && !event.metaKey) {
      event.preventDefault();
      if (pending) select(pending);
      else ws.selectRegion(spanAt(spans, at.at)?.id ?? null);
    } else if (event.key === 'Escape') {
      if (pending) tool.setPending(null);
      else if (selectedId) ws.selectRegion(null);
      else return;
      event.preventDefault();
    } else if (
      (event.key === 'Delete' || event.key === 'Backspace') &&
      selectedSpan &&
      !ws.readOnly &&
      !locked.has(selectedSpan.id) &&
      selectedSpan.record.meta.readonly !== true
    ) {
      event.preventDefault();
      removeRegion(ws.store, selectedSpan.id);
      ws.selectRegion(null);
    }
  };

  if (value.kind === 'url')
    return (
      <TaskMedia
        projectId={projectId}
        object={{ tag: object.tag, name: object.name, value: value.url, source: value.source }}
      />
    );
  if (value.kind !== 'text') return <p className="muted">This text could not be shown.</p>;
  const label = object.attrs['label'] || `Text ${object.name}`;
  return (
    <>
      <div
        ref={root}
        className={`ws-text task-text${showLabels ? ' ws-text-labelled' : ''}`}
        data-text={object.name}
        role="textbox"
        aria-readonly="true"
        aria-multiline="true"
        aria-label={label}
        aria-describedby={hintId}
        tabIndex={0}
        onMouseUp={onMouseUp}
        onKeyDown={onKeyDown}
        onFocus={() => setFocused(true)}
        onBlur={() => setFocused(false)}
      >
        <RelationArrows
          host={root}
          relations={relations}
          spans={spans}
          chunks={chunks}
          version={ws.store.version}
        />
        {sectionsOf(chunks).map((section) => (
          <div key={section[0]?.index ?? 0} className="ws-text-section">
            {section.map((chunk) => {
              const chunkSpans = byChunk[chunk.index] as SpanMark[];
              const holdsSelected =
                selectedSpan && chunkSpans.includes(selectedSpan) ? selectedSpan.id : null;
              return (
                <ChunkView
                  key={chunk.index}
                  chunk={chunk}
                  text={text}
                  spans={chunkSpans}
                  selectedId={holdsSelected}
                  caret={chunk.index === caretChunk && caret ? caret.at : null}
                />
              );
            })}
          </div>
        ))}
      </div>
      <TextRegions
        objectName={object.name}
        text={text}
        spans={spans}
        labelControls={labelControls}
        hidden={hidden}
        locked={locked}
        onToggleHidden={(id) => setHidden((set) => toggled(set, id))}
        onToggleLocked={(id) => setLocked((set) => toggled(set, id))}
      />
      <p id={hintId} className="ws-sr">
        Arrow keys move a caret; Shift and arrows select; a label or its key labels the selection; Enter
        selects the span at the caret; Delete removes it.
      </p>
      <p className="ws-sr" aria-live="polite" data-testid={`text-status-${object.name}`}>
        {describe(text, pending, selectedSpan)}
      </p>
    </>
  );
}

/** Chunks in sections of SECTION: the browser skips a section off screen as one box. */
const SECTION = 16;
function sectionsOf(chunks: readonly Chunk[]): Chunk[][] {
  const out: Chunk[][] = [];
  for (let i = 0; i < chunks.length; i += SECTION) out.push(chunks.slice(i, i + SECTION));
  return out;
}

function toggled(set: ReadonlySet<string>, id: string): ReadonlySet<string> {
  const next = new Set(set);
  if (!next.delete(id)) next.add(id);
  return next;
}

/** What the selection is, for screen readers (and the tests). */
function describe(text: string, pending: Range | null, selected: SpanMark | null): string {
  const quote = (r: Range) => {
    const body = text.slice(r.start, r.end);
    return `“${body.length > 80 ? `${body.slice(0, 80)}…` : body}” (${r.start}–${r.end})`;
  };
  if (pending) return `Selected ${quote(pending)}: press a label.`;
  if (selected) return `Span ${selected.labels.join(', ')}: ${quote(selected)}.`;
  return '';
}

/** Label Studio's `saveTextResult`: the span's text is written unless it says no. */
function saveText(attrs: Record<string, string>): boolean {
  return attrs['savetextresult'] !== 'no';
}

interface ChunkProps {
  chunk: Chunk;
  text: string;
  spans: SpanMark[];
  selectedId: string | null;
  caret: number | null;
}

export const ChunkView = memo(
  function ChunkView({ chunk, text, spans, selectedId, caret }: ChunkProps) {
    const runs = runsOf(chunk, spans, caret !== null ? [caret] : []);
    const out = [];
    for (const run of runs) {
      if (caret === run.start)
        out.push(<span key="caret" className="ws-caret" data-o={caret} aria-hidden="true" />);
      // Text no span covers is a bare text node: half the elements of one element per run.
      if (run.cover.length === 0) {
        out.push(text.slice(run.start, run.end));
        continue;
      }
      const inner = run.cover[run.cover.length - 1];
      const outer = run.cover.length > 1 ? run.cover[0] : undefined;
      const ending = run.ending.filter((s) => s.id !== PENDING && s.labels.length > 0);
      const classes = ['ws-run'];
      if (inner) classes.push(inner.id === PENDING ? 'ws-run-pending' : 'ws-run-span');
      if (outer) classes.push('ws-run-nested');
      if (selectedId && run.cover.some((s) => s.id === selectedId)) classes.push('ws-run-selected');
      const style: Record<string, string> = {};
      if (inner && inner.id !== PENDING) style['--span-color'] = inner.color;
      if (outer && outer.id !== PENDING) style['--outer-color'] = outer.color;
      out.push(
        <span
          key={run.start}
          className={classes.join(' ')}
          data-o={run.start}
          style={style}
          {...(ending.length > 0 ? { 'data-label': ending.map((s) => s.labels.join(', ')).join(' · ') } : {})}
        >
          {text.slice(run.start, run.end)}
        </span>,
      );
    }
    if (caret === chunk.end)
      out.push(<span key="caret" className="ws-caret" data-o={caret} aria-hidden="true" />);
    return (
      <div className="ws-text-chunk" data-chunk={chunk.index} data-o={chunk.start}>
        {out}
      </div>
    );
  },
  (a, b) =>
    a.chunk === b.chunk &&
    a.text === b.text &&
    a.selectedId === b.selectedId &&
    a.caret === b.caret &&
    a.spans.length === b.spans.length &&
    a.spans.every((s, i) => s === b.spans[i]),
);

export { PENDING };
