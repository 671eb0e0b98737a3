/**
 * The waveform's pointer, without canvases (Node): a press and release is a click that seeks; a drag
 * on empty waveform draws a segment from where it went down; on a body it moves, on an edge it
 * resizes; each drag reports once, when the pointer is released; a read-only view or a locked
 * segment only clicks.
 */
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { newRecord } from '../../../../core/labeling/codec.ts';
import type { ControlNode } from '../../../../core/labeling/config-model.ts';
import { readSegments } from './model/segments.ts';
import { WaveformController, type ControllerEvents, type WaveformView } from './waveform-controller.ts';

const control = {
  name: 'labels',
  tag: 'Labels',
  options: [{ value: 'Speech' }],
  attrs: {},
} as unknown as ControlNode;
const segments = readSegments(
  [
    newRecord({
      id: 's1',
      fromName: 'labels',
      toName: 'audio',
      type: 'labels',
      value: { start: 2, end: 4, channel: 0, labels: ['Speech'] },
    }),
  ],
  'audio',
  new Map([['labels', control]]),
);

function setup(overrides: Partial<WaveformView> = {}, canEdit = true) {
  const calls: string[] = [];
  const events: ControllerEvents = {
    onClick: (t, id) => calls.push(`click ${t.toFixed(2)} ${id}`),
    onDrawn: (p) => calls.push(`drawn ${p.start.toFixed(2)}-${p.end.toFixed(2)} ch${p.channel}`),
    onMoved: (id, t) => calls.push(`moved ${id} ${t.start.toFixed(2)}-${t.end.toFixed(2)}`),
    canEdit: () => canEdit,
    onView: () => {},
  };
  const c = new WaveformController();
  c.update({
    events,
    segments,
    selectedId: null,
    pending: null,
    hidden: new Set(),
    readOnly: false,
    channels: [],
    split: false,
    height: 120,
    duration: 10,
    defaultZoom: 1,
    ...overrides,
  });
  // 1,000 px for 10 s: 100 px a second.
  c.resize(1000, 10);
  return { c, calls };
}

describe('the waveform pointer', () => {
  // Frames are drawn on requestAnimationFrame; there are no canvases to draw on here.
  beforeAll(() => vi.stubGlobal('requestAnimationFrame', () => 1));

  it('a press without moving is a click: it seeks, and names the segment under it', () => {
    const { c, calls } = setup();
    c.pointerDown(300, 60);
    c.pointerMove(301);
    c.pointerUp(301);
    c.pointerDown(700, 60);
    c.pointerUp(700);
    expect(calls).toEqual(['click 3.01 s1', 'click 7.00 null']);
  });

  it('a drag on empty waveform draws a segment from where it went down, either way', () => {
    const { c, calls } = setup();
    c.pointerDown(800, 60);
    for (const x of [780, 700, 600]) c.pointerMove(x);
    expect(calls).toEqual([]); // nothing written while dragging
    c.pointerUp(600);
    expect(calls).toEqual(['drawn 6.00-8.00 ch0']);
  });

  it('a body moves the segment, an edge resizes it, once on release', () => {
    const { c, calls } = setup();
    c.pointerDown(300, 60);
    c.pointerMove(350);
    c.pointerUp(350);
    c.pointerDown(400, 60); // the end edge (the document still has 2–4 s)
    c.pointerMove(500);
    c.pointerUp(500);
    expect(calls).toEqual(['moved s1 2.50-4.50', 'moved s1 2.00-5.00']);
  });

  it('a hidden segment is not there to grab: a drag over it draws a new one', () => {
    const { c, calls } = setup({ hidden: new Set(['s1']) });
    c.pointerDown(300, 60);
    c.pointerMove(350);
    c.pointerUp(350);
    expect(calls).toEqual(['drawn 3.00-3.50 ch0']);
  });

  it('with channels apart, a new segment goes in the row it is drawn in', () => {
    const { c, calls } = setup({ split: true, channels: [stub(), stub()] });
    c.pointerDown(100, 110); // the lower row
    c.pointerMove(150);
    c.pointerUp(150);
    expect(calls).toEqual(['drawn 1.00-1.50 ch1']);
  });

  it('read-only, or a locked segment: a drag moves nothing, it is a click where it ends', () => {
    for (const { c, calls } of [setup({ readOnly: true }), setup({}, false)]) {
      c.pointerDown(300, 60);
      c.pointerMove(380);
      c.pointerUp(380);
      expect(calls).toEqual(['click 3.80 s1']);
    }
  });

  it('zoomed in, a drag past the edge scrolls the view along and keeps the segment under the pointer', () => {
    const { c, calls } = setup();
    c.zoom('in', 0); // 200 px a second: 0–5 s in view
    c.pointerDown(500, 60); // 2.5 s, inside the segment (2–4 s)
    c.pointerMove(900);
    c.pointerMove(1030); // 30 px past the right edge
    expect(c.tl.scrollX).toBe(30);
    c.pointerUp(1030);
    // (1030 + 30) / 200 = 5.3 s under the pointer: moved by 2.8 s.
    expect(calls).toEqual(['moved s1 4.80-6.80']);
  });

  it('zooms about a point and back to the whole file', () => {
    const { c } = setup();
    c.zoom('in', 250);
    expect(c.tl.pxPerSecond).toBe(200);
    expect(c.tl.scrollX).toBe(250);
    c.zoom('fit');
    expect(c.tl).toMatchObject({ pxPerSecond: 100, scrollX: 0 });
  });
});

function stub() {
  return { sampleRate: 8000, length: 80000, levels: [] };
}
