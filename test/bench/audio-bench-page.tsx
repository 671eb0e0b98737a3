/**
 * The audio benchmark's page (bundled by audio.bench.ts, run in Chromium): a 1-hour WAV made in the
 * page, decoded and drawn by the real waveform code (load-waveform.ts, WaveformController), 1,000
 * segments on it, and a segment dragged one step a frame. Beside it two baselines for the drag: the
 * same canvas with every segment redrawn each frame, and one DOM element per segment re-rendered by
 * React each frame (how region editors often draw).
 */
import { useState } from 'react';
import { flushSync } from 'react-dom';
import { createRoot } from 'react-dom/client';
import type { ControlNode } from '../../core/labeling/config-model.ts';
import { newRecord } from '../../core/labeling/codec.ts';
import { decodeWaveform, webAudioWaveform } from '../../renderer/src/workspace/audio/load-waveform.ts';
import { readSegments, type Segment } from '../../renderer/src/workspace/audio/model/segments.ts';
import { timeToX } from '../../renderer/src/workspace/audio/model/timeline.ts';
import { drawSegment, drawSegments, drawPlayhead } from '../../renderer/src/workspace/audio/render/draw.ts';
import { WaveformController } from '../../renderer/src/workspace/audio/waveform-controller.ts';

const WIDTH = 1200;
const HEIGHT = 120;
const frame = () => new Promise<void>((resolve) => requestAnimationFrame(() => resolve()));

/** A 16-bit mono WAV of `seconds`: voiced bursts and noise, as the lab's generated calls. */
function makeWav(seconds: number, rate: number): ArrayBuffer {
  const n = Math.round(seconds * rate);
  const buffer = new ArrayBuffer(44 + n * 2);
  const view = new DataView(buffer);
  const text = (at: number, s: string) => [...s].forEach((c, i) => view.setUint8(at + i, c.charCodeAt(0)));
  text(0, 'RIFF');
  view.setUint32(4, 36 + n * 2, true);
  text(8, 'WAVE');
  text(12, 'fmt ');
  view.setUint32(16, 16, true);
  view.setUint16(20, 1, true);
  view.setUint16(22, 1, true);
  view.setUint32(24, rate, true);
  view.setUint32(28, rate * 2, true);
  view.setUint16(32, 2, true);
  view.setUint16(34, 16, true);
  text(36, 'data');
  view.setUint32(40, n * 2, true);
  const samples = new Int16Array(buffer, 44, n);
  let seed = 1;
  for (let i = 0; i < n; i++) {
    const t = i / rate;
    const phase = t % 7;
    seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
    const v =
      phase < 3
        ? 0.4 * Math.sin(2 * Math.PI * 150 * t) * (0.5 + 0.5 * Math.sin(2 * Math.PI * 4 * t))
        : phase < 4
          ? (seed / 2 ** 32 - 0.5) * 0.5
          : (seed / 2 ** 32 - 0.5) * 0.01;
    samples[i] = Math.round(v * 32767);
  }
  return buffer;
}

const control = {
  name: 'labels',
  tag: 'Labels',
  options: [
    { value: 'Speech', background: '#2f5bea' },
    { value: 'Noise', background: '#d1242f' },
  ],
  attrs: {},
} as unknown as ControlNode;

function makeSegments(count: number, duration: number): Segment[] {
  const step = duration / count;
  const records = Array.from({ length: count }, (_, i) =>
    newRecord({
      fromName: 'labels',
      toName: 'audio',
      type: 'labels',
      value: {
        start: i * step,
        end: i * step + step * 0.7,
        channel: 0,
        labels: [i % 3 ? 'Speech' : 'Noise'],
      },
    }),
  );
  return readSegments(records, 'audio', new Map([['labels', control]]));
}

function canvases() {
  document.body.innerHTML = '';
  const host = document.createElement('div');
  host.style.cssText = `position:relative;width:${WIDTH}px;height:${HEIGHT}px`;
  const make = () => {
    const c = document.createElement('canvas');
    c.style.cssText = `position:absolute;inset:0;width:${WIDTH}px;height:${HEIGHT}px`;
    host.append(c);
    return c;
  };
  const wave = make();
  const over = make();
  document.body.append(host);
  return { wave, over, host };
}

const noEvents = {
  onClick: () => {},
  onDrawn: () => {},
  onMoved: () => {},
  canEdit: () => true,
  onView: () => {},
};

let wav: ArrayBuffer | null = null;
let controller: WaveformController;
let segments: Segment[] = [];
let duration = 0;

/** Drags segment `index` by `frames` steps of 2 px, one a frame; the draw time of each frame. */
async function dragFrames(draw: (dx: number) => void, frames: number): Promise<number[]> {
  const times: number[] = [];
  for (let i = 1; i <= frames; i++) {
    await frame();
    const t = performance.now();
    draw(2 * i);
    times.push(performance.now() - t);
  }
  await frame();
  return times;
}

(window as unknown as { bench: object }).bench = {
  /** Makes the bytes (not measured: they "arrive"). */
  prepare(seconds: number) {
    wav = makeWav(seconds, 16000);
    return wav.byteLength;
  },
  /** Bytes in hand → decoded, peaks built, drawn, on screen (the next frame). */
  async showWaveform(count: number, inWindow = false) {
    // The baseline: no Worker in the page, so the peaks are made on the window's thread.
    const Worker = globalThis.Worker;
    if (inWindow) (globalThis as { Worker?: unknown }).Worker = undefined;
    const { wave, over } = canvases();
    controller = new WaveformController();
    controller.attach(wave, over);
    // A copy per run (decodeAudioData detaches what it is given); made before the clock starts.
    const bytes = wav!.slice(0);
    // The longest gap between frames while the waveform is made: how long the window froze.
    let longest = 0;
    let last = performance.now();
    let watching = true;
    const watch = () => {
      const now = performance.now();
      longest = Math.max(longest, now - last);
      last = now;
      if (watching) requestAnimationFrame(watch);
    };
    requestAnimationFrame(watch);
    const t0 = performance.now();
    const waveform = await decodeWaveform(bytes);
    const t1 = performance.now();
    watching = false;
    globalThis.Worker = Worker;
    duration = waveform.duration;
    segments = makeSegments(count, duration);
    controller.resize(WIDTH, duration);
    controller.update({
      events: noEvents,
      segments,
      selectedId: null,
      pending: null,
      hidden: new Set(),
      readOnly: false,
      channels: waveform.channels,
      split: false,
      height: HEIGHT,
      duration,
      defaultZoom: 1,
    });
    await frame();
    return {
      decodeAndPeaks: t1 - t0,
      shown: performance.now() - t0,
      duration,
      rate: waveform.channels[0]!.sampleRate,
      froze: longest,
      computedIn: waveform.computedIn,
    };
  },
  /** The same bytes through WebAudio's decodeAudioData (the path of compressed formats). */
  async webAudio() {
    const bytes = wav!.slice(0);
    const t0 = performance.now();
    await webAudioWaveform(bytes);
    return performance.now() - t0;
  },
  /** Ours: the controller's drag (other segments from a snapshot taken when the drag starts). */
  async dragOurs(frames: number, zoomIn: number) {
    for (let i = 0; i < zoomIn; i++) controller.zoom('in', WIDTH / 2);
    const target = segments[500]!;
    const x = timeToX((target.start + target.end) / 2, controller.tl);
    controller.scrollTo(controller.tl.scrollX + x - WIDTH / 2);
    const x0 = timeToX((target.start + target.end) / 2, controller.tl);
    controller.pointerDown(x0, HEIGHT / 2);
    const times = await dragFrames((dx) => {
      controller.pointerMove(x0 + dx);
      controller.drawOver();
    }, frames);
    controller.cancelDrag();
    return times;
  },
  /** Baseline 1: the same canvas, every segment redrawn every frame. */
  async dragRedrawAll(frames: number) {
    const target = segments[500]!;
    const canvas = document.querySelectorAll('canvas')[1] as HTMLCanvasElement;
    const ctx = canvas.getContext('2d')!;
    const tl = controller.tl;
    const rows = controller.rows;
    const longest = segments.reduce((m, s) => Math.max(m, s.end - s.start), 0);
    return dragFrames((dx) => {
      const dt = dx / tl.pxPerSecond;
      const moved = { ...target, start: target.start + dt, end: target.end + dt };
      const all = segments.map((s) => (s.id === target.id ? moved : s));
      ctx.setTransform(devicePixelRatio, 0, 0, devicePixelRatio, 0, 0);
      ctx.clearRect(0, 0, WIDTH, HEIGHT);
      drawSegments(ctx, all, longest, tl, rows, { selectedId: target.id });
      drawSegment(ctx, moved, moved.start, moved.end, tl, rows, true);
      drawPlayhead(ctx, 0, tl, HEIGHT);
    }, frames);
  },
  /** Baseline 2: one element per segment, React re-rendering them all each frame. */
  async dragDom(frames: number) {
    const { host } = canvases();
    const tl = controller.tl;
    const target = segments[500]!;
    let set: (dx: number) => void = () => {};
    function Segments() {
      const [dx, setDx] = useState(0);
      set = setDx;
      return (
        <>
          {segments.map((s) => {
            const left = timeToX(s.start, tl) + (s.id === target.id ? dx : 0);
            return (
              <div
                key={s.id}
                style={{
                  position: 'absolute',
                  left,
                  top: 18,
                  width: Math.max(1, (s.end - s.start) * tl.pxPerSecond),
                  height: HEIGHT - 18,
                  background: s.color,
                  opacity: s.id === target.id ? 0.45 : 0.25,
                }}
                title={s.labels.join(', ')}
              />
            );
          })}
        </>
      );
    }
    const div = document.createElement('div');
    host.append(div);
    const root = createRoot(div);
    flushSync(() => root.render(<Segments />));
    const times = await dragFrames((dx) => flushSync(() => set(dx)), frames);
    root.unmount();
    return times;
  },
};
