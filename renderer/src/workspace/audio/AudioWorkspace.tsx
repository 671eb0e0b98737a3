/**
 * One audio object at work: the toolbar, the waveform (a scroll container whose sticky canvases the
 * controller draws), the segments in the region list and a status line for screen readers. Mouse:
 * drag on the waveform draws a segment (labelled at once with an armed label, else it waits for
 * one), drag a segment to move it, its edges to resize; a click seeks and selects. Keyboard: see
 * use-audio-keys.ts. Every edit goes through the segment writers (one undo step each).
 */
import { useEffect, useId, useLayoutEffect, useMemo, useRef, useState, type RefObject } from 'react';
import type { ControlNode, ObjectNode } from '../../../../core/labeling/config-model.ts';
import { armedFor } from '../text/model/press-label.ts';
import { spanToolFor } from '../text/model/span-tool.ts';
import { useWorkspace } from '../workspace-context.ts';
import { AudioRegions } from './AudioRegions.tsx';
import { AudioToolbar } from './AudioToolbar.tsx';
import type { WaveformState } from './AudioView.tsx';
import { createSegment, readSegments, setSegmentTimes, type Place, type Segment } from './model/segments.ts';
import { contentWidth, formatTime } from './model/timeline.ts';
import { segmentRefusal } from './model/usage.ts';
import { usePlayer } from './use-player.ts';
import { useAudioKeys } from './use-audio-keys.ts';
import { WaveformController, type ControllerEvents } from './waveform-controller.ts';

const NONE: ReadonlySet<string> = new Set();

export function AudioWorkspace({
  object,
  audio,
  wave,
}: {
  object: ObjectNode;
  audio: RefObject<HTMLAudioElement | null>;
  wave: WaveformState;
}) {
  const ws = useWorkspace();
  const tool = spanToolFor(ws.store);
  const [controller] = useState(() => new WaveformController());
  const labelControls = useMemo(() => {
    const map = new Map<string, ControlNode>();
    for (const c of ws.controls.values())
      if (c.tag === 'Labels' && c.editable && c.toName.includes(object.name)) map.set(c.name, c);
    return map;
  }, [ws.controls, object.name]);
  const segments = useMemo(
    () => readSegments(ws.records, object.name, labelControls),
    [ws.records, object.name, labelControls],
  );
  const player = usePlayer(audio, controller, object.attrs['defaultspeed'] ?? object.attrs['speed']);
  const duration = wave.kind === 'ready' ? wave.waveform.duration : player.duration;
  const [pending, setPending] = useState<Place | null>(null);
  const [note, setNote] = useState('');
  const [hidden, setHidden] = useState<ReadonlySet<string>>(NONE);
  const [locked, setLocked] = useState<ReadonlySet<string>>(NONE);
  const [contentPx, setContentPx] = useState(0);
  const [clientWidth, setClientWidth] = useState(0);
  const root = useRef<HTMLDivElement>(null);
  const scroller = useRef<HTMLDivElement>(null);
  const waveCanvas = useRef<HTMLCanvasElement>(null);
  const overCanvas = useRef<HTMLCanvasElement>(null);
  const hintId = useId();
  const selectedId = ws.selection.regionId;
  const selected = selectedId ? (segments.find((s) => s.id === selectedId) ?? null) : null;
  const height = Number(object.attrs['height']) > 0 ? Number(object.attrs['height']) : 120;

  /** Makes a segment at `place` with the armed label; false when no label is armed. */
  const makeSegment = (place: Place): boolean => {
    const armed = armedFor(tool, labelControls.values(), object.name);
    if (!armed) return false;
    const refusal = segmentRefusal(ws.store.records(), armed.control, armed.labels);
    if (refusal) {
      setNote(refusal);
      return true;
    }
    const id = createSegment(
      ws.store,
      armed.control,
      object.name,
      place,
      armed.labels,
      duration || undefined,
    );
    setPending(null);
    setNote('');
    ws.selectRegion(id);
    return true;
  };
  /** A segment drawn or marked: made with the armed label, or waiting for one. */
  const offer = (place: Place) => {
    if (makeSegment(place)) return;
    setPending(place);
    ws.selectRegion(null);
  };
  const canEdit = (id: string) =>
    !ws.readOnly && !locked.has(id) && segments.find((s) => s.id === id)?.record.meta.readonly !== true;
  const events: ControllerEvents = {
    onClick: (t, hitId) => {
      player.seek(t);
      setPending(null);
      ws.selectRegion(hitId);
    },
    onDrawn: offer,
    onMoved: (id, times) => {
      ws.history.beginGesture();
      setSegmentTimes(ws.store, id, times);
      ws.history.endGesture();
      ws.selectRegion(id);
    },
    canEdit,
    onView: (tl) => {
      const el = scroller.current;
      if (el && Math.abs(el.scrollLeft - tl.scrollX) > 0.5) el.scrollLeft = tl.scrollX;
      setContentPx(contentWidth(tl));
    },
  };

  // Handlers outside React (the controller, the label subscription, the keys) read this render.
  const latest = useRef({ ws, segments, duration, pending, makeSegment });
  useLayoutEffect(() => {
    latest.current = { ws, segments, duration, pending, makeSegment };
    controller.attach(waveCanvas.current, overCanvas.current);
    controller.update({
      events,
      segments,
      selectedId,
      pending,
      hidden,
      readOnly: ws.readOnly,
      channels: wave.kind === 'ready' ? wave.waveform.channels : [],
      split: object.attrs['splitchannels'] === 'true',
      height,
      duration,
      defaultZoom: Number(object.attrs['defaultzoom']) || 1,
    });
  });

  // A selected segment that went away (undo, deleted elsewhere) is no longer selected.
  useEffect(() => {
    if (
      selectedId !== null &&
      !segments.some((s) => s.id === selectedId) &&
      ws.records.every((r) => r.id !== selectedId)
    )
      ws.selectRegion(null);
  }, [segments, selectedId, ws]);

  // Label after drawing: a label pressed (its button or key) while a segment waits makes it.
  useEffect(
    () =>
      tool.subscribe(() => {
        const { pending: place, makeSegment: make } = latest.current;
        if (place && make(place)) tool.disarm();
      }),
    [tool],
  );

  // The visible width (the first one fits the whole file).
  useEffect(() => {
    const el = scroller.current;
    if (!el) return;
    const observer = new ResizeObserver(() => {
      setClientWidth(el.clientWidth);
      controller.resize(el.clientWidth, latest.current.duration);
    });
    observer.observe(el);
    return () => observer.disconnect();
  }, [controller]);

  // Ctrl/Cmd + wheel zooms about the pointer (non-passive, so the page does not zoom instead).
  useEffect(() => {
    const el = overCanvas.current;
    if (!el) return;
    const onWheel = (e: WheelEvent) => {
      if (!(e.ctrlKey || e.metaKey)) return;
      e.preventDefault();
      controller.zoom(e.deltaY < 0 ? 'in' : 'out', e.offsetX);
    };
    el.addEventListener('wheel', onWheel, { passive: false });
    return () => el.removeEventListener('wheel', onWheel);
  }, [controller]);

  useAudioKeys({
    root,
    controller,
    hotkey: object.attrs['hotkey'],
    player,
    pending: () => latest.current.pending,
    clearPending: () => setPending(null),
    offer,
    canEdit,
    state: () => latest.current,
  });

  const point = (e: React.PointerEvent<HTMLCanvasElement>) => {
    const box = e.currentTarget.getBoundingClientRect();
    return { x: e.clientX - box.left, y: e.clientY - box.top };
  };
  const label = object.attrs['label'] || `Audio ${object.name}`;
  const t = player.time;
  return (
    <div
      ref={root}
      className="audio-view"
      data-audio={object.name}
      data-waveform={wave.kind}
      {...(wave.kind === 'ready' ? { 'data-peaks': wave.waveform.computedIn } : {})}
    >
      <AudioToolbar
        name={object.name}
        playing={player.playing}
        time={t}
        duration={duration}
        speed={player.speed}
        onPlay={player.toggle}
        onSpeed={player.setSpeed}
        onZoom={(how) => controller.zoom(how)}
      />
      <div
        ref={scroller}
        className="audio-scroller"
        onScroll={(e) => controller.scrollTo(e.currentTarget.scrollLeft)}
      >
        <div className="audio-content" style={{ width: contentPx || '100%', height }}>
          <div className="audio-canvases" style={{ height, width: clientWidth || '100%' }}>
            <canvas ref={waveCanvas} className="audio-wave" aria-hidden="true" style={{ height }} />
            <canvas
              ref={overCanvas}
              className="audio-over"
              data-testid={`audio-waveform-${object.name}`}
              role="slider"
              tabIndex={0}
              aria-label={`${label}: position`}
              aria-describedby={hintId}
              aria-valuemin={0}
              aria-valuemax={Math.round(duration * 10) / 10}
              aria-valuenow={Math.round(t * 10) / 10}
              aria-valuetext={`${formatTime(t, 1)} of ${formatTime(duration, 1)}`}
              style={{ height }}
              onPointerDown={(e) => {
                if (e.button !== 0) return;
                e.currentTarget.focus({ preventScroll: true });
                e.currentTarget.setPointerCapture(e.pointerId);
                const p = point(e);
                controller.pointerDown(p.x, p.y);
              }}
              onPointerMove={(e) => {
                const p = point(e);
                if (e.buttons & 1) controller.pointerMove(p.x);
                else e.currentTarget.style.cursor = controller.cursorAt(p.x, p.y);
              }}
              onPointerUp={(e) => controller.pointerUp(point(e).x)}
              onPointerCancel={() => controller.cancelDrag()}
            />
          </div>
        </div>
      </div>
      {wave.kind === 'loading' && (
        <p className="muted" data-testid={`audio-loading-${object.name}`}>
          Drawing the waveform…
        </p>
      )}
      {wave.kind === 'failed' && (
        <p className="note" role="status" data-testid={`audio-wave-failed-${object.name}`}>
          {wave.message}
        </p>
      )}
      {(note || player.error) && (
        <p className="note" role="status">
          {note || player.error}
        </p>
      )}
      <p id={hintId} className="ws-sr">
        Space plays or pauses. Arrow keys move the playhead, or the selected segment&apos;s start (Shift: its
        end). Enter marks a segment at the playhead, and again further on ends it there; a label or its key
        labels it; Delete removes the selected segment.
      </p>
      <p className="ws-sr" aria-live="polite" data-testid={`audio-status-${object.name}`}>
        {describe(pending, selected)}
      </p>
      <AudioRegions
        objectName={object.name}
        segments={segments}
        labelControls={labelControls}
        hidden={hidden}
        locked={locked}
        onToggleHidden={(id) => setHidden((set) => toggled(set, id))}
        onToggleLocked={(id) => setLocked((set) => toggled(set, id))}
        onSelect={(s) => s && player.seek(s.start)}
        onRefused={setNote}
      />
    </div>
  );
}

function toggled(set: ReadonlySet<string>, id: string): ReadonlySet<string> {
  const next = new Set(set);
  if (!next.delete(id)) next.add(id);
  return next;
}

/** The selection, for screen readers (and the tests). */
function describe(pending: Place | null, selected: Segment | null): string {
  const span = (p: { start: number; end: number }) => `${formatTime(p.start, 2)}–${formatTime(p.end, 2)}`;
  if (pending) return `New segment ${span(pending)}: press a label.`;
  if (selected) return `Segment ${selected.labels.join(', ') || 'without a label'}: ${span(selected)}.`;
  return '';
}
