import { useMemo, useRef, useState, useSyncExternalStore, type KeyboardEvent, type MouseEvent } from 'react';
import type { ControlNode } from '../../../../../core/labeling/config-model.ts';
import type { ObjectViewProps } from '../../object-views.ts';
import { useWorkspace } from '../../workspace-context.ts';
import { pointToOffset, type NodeLike } from '../dom-offsets.ts';
import { moveCaret } from '../model/caret.ts';
import { applyGranularity, granularityOf } from '../model/offsets.ts';
import { armedFor } from '../model/press-label.ts';
import { chunkAt, spansByChunk, type Chunk, type SpanMark } from '../model/runs.ts';
import { spanToolFor } from '../model/span-tool.ts';
import { colorOf, createShapedSpan, readLabels, removeRegion, type TextSpan } from '../model/spans.ts';
import { TextRegions } from '../TextRegions.tsx';
import { ChunkView, PENDING } from '../TextView.tsx';
import { paragraphText, paragraphValue, virtualRange } from './paragraphs.ts';
import { TurnPlayButton, useTurnAudio } from './turn-audio.tsx';

/**
 * Paragraphs + ParagraphLabels: the task's list of turns (`nameKey`/`textKey`; `layout="dialogue"`
 * shows who speaks), spans across turns stored as Label Studio's paragraphlabels value. Each turn is
 * drawn like a chunk of the text view (runs between span boundaries, memoised). Select with the mouse
 * or the keyboard caret (arrows; Shift extends; Enter selects the span at the caret), then a label (or
 * arm one first; `granularity="paragraph"` widens to whole turns); click a span to select; Delete
 * removes; Escape clears. With `audioUrl`, each turn
 * with a `start` has a play button that plays its part of the audio.
 */
export function ParagraphsView({ object, value }: ObjectViewProps) {
  const ws = useWorkspace();
  const doc = useMemo(
    () =>
      paragraphText(
        value.kind === 'json' ? value.json : value.kind === 'text' ? parseList(value.text) : [],
        object.attrs['namekey'] || 'author',
        object.attrs['textkey'] || 'text',
      ),
    [value, object.attrs],
  );
  const chunks: Chunk[] = useMemo(
    () => doc.paragraphs.map((p) => ({ index: p.index, start: p.base, end: p.base + p.text.length })),
    [doc],
  );
  const tool = spanToolFor(ws.store);
  const state = useSyncExternalStore(tool.subscribe, tool.getSnapshot, tool.getSnapshot);
  const controls = useMemo(() => {
    const map = new Map<string, ControlNode>();
    for (const c of ws.controls.values())
      if (c.tag === 'ParagraphLabels' && c.toName.includes(object.name)) map.set(c.name, c);
    return map;
  }, [ws.controls, object.name]);
  const spans = useMemo(() => {
    const out: TextSpan[] = [];
    for (const record of ws.records) {
      if (
        record.toName !== object.name ||
        !controls.has(record.fromName) ||
        record.type !== 'paragraphlabels'
      )
        continue;
      const range = virtualRange(doc, record.value);
      if (!range) continue;
      const labels = readLabels(record);
      const color = colorOf(controls.get(record.fromName) as ControlNode, labels[0]);
      out.push({ id: record.id, ...range, labels, color, record });
    }
    return out;
  }, [ws.records, object.name, controls, doc]);
  const pending = state.pending?.object === object.name ? state.pending : null;
  const marks = useMemo(() => {
    const all: SpanMark[] = [...spans];
    if (pending) all.push({ id: PENDING, start: pending.start, end: pending.end, labels: [], color: '' });
    return all;
  }, [spans, pending]);
  const byChunk = useMemo(() => spansByChunk(chunks, marks), [chunks, marks]);
  const root = useRef<HTMLDivElement>(null);
  const selected = spans.find((s) => s.id === ws.selection.regionId) ?? null;
  const dialogue = object.attrs['layout'] === 'dialogue';
  const [caret, setCaret] = useState<{ at: number; anchor: number } | null>(null);
  const [focused, setFocused] = useState(false);
  const caretTurn = focused && caret && caret.at === caret.anchor ? chunkAt(chunks, caret.at) : -1;
  // audioUrl bound by main (presigned); a `$field` left as written means the task has no such field.
  const audioUrl =
    object.attrs['audiourl'] && !object.attrs['audiourl'].startsWith('$') ? object.attrs['audiourl'] : null;
  const audioRef = useRef<HTMLAudioElement>(null);
  const turnAudio = useTurnAudio(audioRef, audioUrl);
  const showPlayer = object.attrs['showplayer'] === 'true';

  const granularity = granularityOf(object.attrs['granularity']);

  /** A selection widened to the granularity (`paragraph`: whole turns) and its stored value. */
  const measure = (a: number, b: number) => {
    const range = applyGranularity(doc.text, { start: Math.min(a, b), end: Math.max(a, b) }, granularity);
    const shape = range ? paragraphValue(doc, range) : null;
    return range && shape ? { ...range, shape: { ...shape } } : null;
  };

  /** A selection made: labelled at once with an armed label, else kept for a label press. */
  const choose = (start: number, end: number) => {
    const measured = measure(start, end);
    if (!measured || ws.readOnly) return tool.setPending(null);
    const { shape } = measured;
    // Pending first: a label that is used up leaves the selection (and says so) for another label.
    tool.setPending({ object: object.name, ...measured });
    const armed = armedFor(tool, controls.values(), object.name, ws.store.records());
    if (!armed) return;
    const id = createShapedSpan(ws.store, armed.control, object.name, shape, armed.labels);
    tool.setPending(null);
    ws.selectRegion(id);
  };

  const onMouseUp = (event: MouseEvent<HTMLDivElement>) => {
    // A turn's play button is not text.
    if ((event.target as Element).closest?.('button')) return;
    const host = root.current;
    const selection = window.getSelection();
    if (!host || !selection || selection.rangeCount === 0) return;
    const range = selection.getRangeAt(0);
    const node = host as unknown as NodeLike;
    const start = pointToOffset(node, range.startContainer as unknown as NodeLike, range.startOffset);
    const end = pointToOffset(node, range.endContainer as unknown as NodeLike, range.endOffset);
    if (start === null || end === null) return;
    host.focus({ preventScroll: true });
    if (start === end) {
      setCaret({ at: start, anchor: start });
      tool.setPending(null);
      const hit = spans
        .filter((s) => s.start <= start && start < s.end)
        .sort((a, b) => a.end - a.start - (b.end - b.start))[0];
      ws.selectRegion(hit?.id ?? null);
      return;
    }
    selection.removeAllRanges();
    setCaret({ at: end, anchor: start });
    choose(start, end);
  };

  const onKeyDown = (event: KeyboardEvent<HTMLDivElement>) => {
    // Keys on a turn's play button are the button's.
    if (event.target !== event.currentTarget) return;
    // The same caret as the text view's, over the turns laid end to end ("\n" between turns).
    const at = caret ?? { at: 0, anchor: 0 };
    const moved = moveCaret(doc.text, at.at, event);
    if (moved !== null) {
      event.preventDefault();
      const anchor = event.shiftKey ? (pending ? at.anchor : at.at) : moved;
      setCaret({ at: moved, anchor });
      const measured = event.shiftKey && anchor !== moved ? measure(anchor, moved) : null;
      tool.setPending(measured ? { object: object.name, ...measured } : null);
      return;
    }
    if (event.key === 'Enter' && !event.ctrlKey && !event.metaKey) {
      event.preventDefault();
      if (pending) choose(pending.start, pending.end);
      else {
        const hit = spans
          .filter((s) => s.start <= at.at && at.at < s.end)
          .sort((a, b) => a.end - a.start - (b.end - b.start))[0];
        ws.selectRegion(hit?.id ?? null);
      }
      return;
    }
    if ((event.key === 'Delete' || event.key === 'Backspace') && selected && !ws.readOnly) {
      event.preventDefault();
      removeRegion(ws.store, selected.id);
      ws.selectRegion(null);
    } else if (event.key === 'Escape' && (pending || selected)) {
      event.preventDefault();
      if (pending) tool.setPending(null);
      else ws.selectRegion(null);
    }
  };

  return (
    <>
      {audioUrl && (
        <audio
          ref={audioRef}
          src={audioUrl}
          preload="metadata"
          controls={showPlayer}
          hidden={!showPlayer}
          aria-label={`Audio of ${object.attrs['label'] || object.name}`}
          onError={turnAudio.onError}
        />
      )}
      {turnAudio.failed && (
        <p className="error" role="alert">
          The audio of this dialogue could not be loaded; the turns can still be labelled.
        </p>
      )}
      <div
        ref={root}
        className={`ws-paragraphs ws-text-labelled${dialogue ? ' ws-dialogue' : ''}${audioUrl ? ' ws-paragraphs-audio' : ''}`}
        data-paragraphs={object.name}
        role="textbox"
        aria-readonly="true"
        aria-multiline="true"
        aria-label={object.attrs['label'] || `Paragraphs ${object.name}`}
        tabIndex={0}
        onMouseUp={onMouseUp}
        onKeyDown={onKeyDown}
        onFocus={() => setFocused(true)}
        onBlur={() => setFocused(false)}
      >
        {doc.paragraphs.map((p) => (
          <div
            key={p.index}
            className={`ws-turn${turnAudio.playing === p.index ? ' ws-turn-playing' : ''}`}
            data-turn={p.index}
          >
            {audioUrl && (
              <TurnPlayButton
                paragraph={p}
                playing={turnAudio.playing === p.index}
                disabled={turnAudio.failed}
                onToggle={() => turnAudio.toggle(p)}
              />
            )}
            {p.name !== '' && <span className="ws-turn-name">{p.name}</span>}
            <ChunkView
              chunk={chunks[p.index] as Chunk}
              text={doc.text}
              spans={byChunk[p.index] as SpanMark[]}
              selectedId={
                selected && (byChunk[p.index] as SpanMark[]).includes(selected) ? selected.id : null
              }
              caret={p.index === caretTurn && caret ? caret.at : null}
            />
          </div>
        ))}
      </div>
      <TextRegions objectName={object.name} spans={spans} labelControls={controls} />
      <p className="ws-sr" aria-live="polite" data-testid={`paragraphs-status-${object.name}`}>
        {pending
          ? `Selected “${String(pending.shape?.text ?? '')}”: press a label.`
          : selected
            ? `Span ${selected.labels.join(', ')}: “${String(selected.record.value.text ?? '')}”.`
            : ''}
      </p>
    </>
  );
}

/** Paragraphs read by URL (valueType="url") arrive as text: Label Studio's JSON list. */
function parseList(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return [];
  }
}
