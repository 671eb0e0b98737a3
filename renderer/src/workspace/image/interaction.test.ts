import { describe, expect, it } from 'vitest';
import type { ControlNode } from '../../../../core/labeling/config-model.ts';
import { encodeRecord } from '../../../../core/labeling/codec.ts';
import { DocumentStore } from '../model/document-store.ts';
import { History } from '../model/history.ts';
import { createRegion } from './create-region.ts';
import { setRegionShape } from './commands.ts';
import { canRotate } from './image-controls.ts';
import { ImageEditor, type EditorHost, type Pointer } from './interaction.ts';
import { KeyboardDrawing } from './keyboard-drawing.ts';
import { fitCamera, toScreen, type Camera, type ImageRotation } from './model/camera.ts';
import { rectHandles, rotateHandle, type RectShape, type Shape } from './model/geometry.ts';
import { regionsOf, type ImageRegion, type ShapeKind } from './model/regions.ts';
import { SpatialIndex } from './model/spatial-index.ts';
import { ROTATE_OFFSET } from './render/scene.ts';

const SIZE = { width: 400, height: 200 };

function control(tag: string, name: string, attrs: Record<string, string> = {}): ControlNode {
  return {
    kind: 'control',
    id: name,
    tag,
    name,
    attrs,
    toName: ['image'],
    required: false,
    perRegion: false,
    perItem: false,
    editable: true,
    options: [
      { value: 'Car', children: [] },
      { value: 'Bus', maxUsages: 1, children: [] },
    ],
  };
}

/** The editor over a real store, history, index and commands, at zoom 2 with the image at (10, 20). */
function setup(tool: ShapeKind | null, controls = [control('RectangleLabels', 'box')]) {
  const store = new DocumentStore();
  const history = new History(store);
  const index = new SpatialIndex();
  const camera: Camera = { zoom: 2, panX: 10, panY: 20, rotation: 0 };
  let selectedId: string | null = null;
  let active: { control: string; entry: number } | null = null;
  const regions = () => regionsOf(store.records(), 'image', SIZE);
  const find = (id: string | null) => regions().find((r) => r.id === id) ?? null;
  store.listen(() => index.sync(regions()));
  const host: EditorHost = {
    camera: () => camera,
    setCamera: (c) => Object.assign(camera, c),
    imageSize: () => SIZE,
    tool: () => (tool ? { kind: tool, canRotate: true, snap: false } : null),
    editable: () => true,
    canRotate: (r) => r.shape.kind === 'rect' && canRotate(controls[0]),
    hit: (p, tolerance) => index.hit(p, tolerance),
    selected: () => find(selectedId),
    select: (id) => (selectedId = id),
    readOnly: () => false,
    beginGesture: () => history.beginGesture(),
    endGesture: () => history.endGesture(),
    create: (shape: Shape) => {
      const id = createRegion({
        store,
        objectName: 'image',
        size: SIZE,
        shape,
        controls,
        active,
        rotation: camera.rotation,
      });
      selectedId = id;
    },
    update: (region: ImageRegion, shape: Shape) =>
      setRegionShape(store, region, shape, SIZE, camera.rotation),
    invalidate: () => {},
    beginStroke: () => null,
    endStroke: () => {},
  };
  const editor = new ImageEditor(host);
  const screen = (x: number, y: number) => toScreen(camera, { x, y });
  const pointer = (x: number, y: number, extra: Partial<Pointer> = {}): Pointer => ({
    ...screen(x, y),
    shift: false,
    alt: false,
    pan: false,
    ...extra,
  });
  const drag = (from: [number, number], to: [number, number], extra: Partial<Pointer> = {}) => {
    editor.pointerDown(pointer(...from, extra));
    editor.pointerMove(pointer((from[0] + to[0]) / 2, (from[1] + to[1]) / 2, extra));
    editor.pointerMove(pointer(...to, extra));
    editor.pointerUp();
  };
  return {
    store,
    history,
    editor,
    keyboard: new KeyboardDrawing(editor, host, () => ({ width: 820, height: 420 })),
    camera,
    regions,
    selected: () => find(selectedId),
    setActive: (a: typeof active) => (active = a),
    pointer,
    drag,
  };
}

describe('image editor gestures', () => {
  it('draws a rectangle in Label Studio percent, labelled by the active label, as one undo step', () => {
    const t = setup('rect');
    t.setActive({ control: 'box', entry: 0 });
    t.drag([40, 20], [140, 70]);
    const [record] = t.store.records();
    expect(encodeRecord(record!)).toMatchObject({
      type: 'rectanglelabels',
      from_name: 'box',
      to_name: 'image',
      origin: 'manual',
      original_width: 400,
      original_height: 200,
      image_rotation: 0,
      value: { x: 10, y: 10, width: 25, height: 25, rotation: 0, rectanglelabels: ['Car'] },
    });
    expect(t.selected()?.id).toBe(record!.id);
    t.history.undo();
    expect(t.store.records()).toHaveLength(0);
  });

  it('a click is not a rectangle; a label at its maxUsages is not given twice', () => {
    const t = setup('rect');
    t.editor.pointerDown(t.pointer(50, 50));
    t.editor.pointerUp();
    expect(t.store.records()).toHaveLength(0);
    t.setActive({ control: 'box', entry: 1 });
    t.drag([10, 10], [60, 60]);
    t.drag([100, 100], [160, 160]);
    expect(t.regions().map((r) => r.labels)).toEqual([['Bus'], []]);
  });

  it('moves and resizes the selected rectangle: each drag one step, the preview written once', () => {
    const t = setup('rect');
    t.drag([40, 20], [140, 70]);
    let writes = 0;
    t.store.listen(() => writes++);
    t.drag([90, 45], [110, 55]);
    expect(writes).toBe(1);
    expect(t.selected()!.shape).toMatchObject({ x: 60, y: 30, width: 100, height: 50 });
    // The bottom-right handle (index 2) to (200, 100).
    const handle = rectHandles(t.selected()!.shape as never)[2]!;
    t.drag([handle.x, handle.y], [200, 100]);
    expect(t.selected()!.shape).toMatchObject({ x: 60, y: 30, width: 140, height: 70 });
    t.history.undo();
    expect(t.selected()!.shape).toMatchObject({ x: 60, y: 30, width: 100, height: 50 });
    t.history.undo();
    expect(t.selected()!.shape).toMatchObject({ x: 40, y: 20, width: 100, height: 50 });
  });

  it('rotates by the handle above the top edge (Shift snaps to 15°), unless canRotate="false"', () => {
    const t = setup('rect');
    t.drag([100, 50], [200, 150]);
    const r = t.selected()!.shape as never;
    const h = rotateHandle(r, ROTATE_OFFSET / t.camera.zoom);
    // To the right of the centre (150, 100): a quarter turn.
    t.drag([h.x, h.y], [250, 103], { shift: true });
    expect(t.selected()!.shape).toMatchObject({ rotation: 90 });
    const value = t.store.records()[0]!.value;
    // The old top-right corner (200, 50) is the top-left now: x,y stays the top-left before rotation.
    expect(value['x']).toBeCloseTo(50, 6);
    expect(value['y']).toBeCloseTo(25, 6);

    const fixed = setup('rect', [control('RectangleLabels', 'box', { canrotate: 'false' })]);
    fixed.drag([100, 50], [200, 150]);
    const g = rotateHandle(fixed.selected()!.shape as never, ROTATE_OFFSET / fixed.camera.zoom);
    fixed.drag([g.x, g.y], [250, 103]);
    // Not a rotation: outside the box, that press deselected and drew a new box.
    expect(fixed.regions().every((x) => (x.shape as { rotation: number }).rotation === 0)).toBe(true);
  });

  it('nudges by screen pixels (one step a press)', () => {
    const t = setup('rect');
    t.drag([40, 20], [140, 70]);
    t.editor.nudge(10, 0);
    t.editor.nudge(0, -4);
    expect(t.selected()!.shape).toMatchObject({ x: 45, y: 18 });
    t.history.undo();
    expect(t.selected()!.shape).toMatchObject({ x: 45, y: 20 });
  });

  it('draws a polygon by clicks, closed on its first point; Backspace drops a point, Escape the polygon', () => {
    const t = setup('polygon', [control('PolygonLabels', 'poly')]);
    const click = (x: number, y: number, extra: Partial<Pointer> = {}) => {
      t.editor.pointerDown(t.pointer(x, y, extra));
      t.editor.pointerUp();
    };
    click(10, 10);
    click(50, 10);
    click(99, 99);
    expect(t.editor.undoPoint()).toBe(true);
    click(50, 50);
    click(10, 50);
    expect(t.store.records()).toHaveLength(0);
    click(10.5, 10.5);
    const [polygon] = t.regions();
    expect(polygon!.shape).toMatchObject({ kind: 'polygon', closed: true });
    expect(t.store.records()[0]!.value['points']).toEqual([
      [2.5, 5],
      [12.5, 5],
      [12.5, 25],
      [2.5, 25],
    ]);
    // Selected: a drag on an edge inserts a vertex there; Alt+click on a vertex deletes it.
    t.drag([30, 10], [30, 0]);
    expect((t.regions()[0]!.shape as { points: unknown[] }).points).toHaveLength(5);
    t.editor.pointerDown(t.pointer(30, 0, { alt: true }));
    t.editor.pointerUp();
    expect((t.regions()[0]!.shape as { points: unknown[] }).points).toHaveLength(4);
    t.history.undo();
    t.history.undo();
    expect((t.regions()[0]!.shape as { points: unknown[] }).points).toHaveLength(4);
    expect(t.history.undo()).toBe(true);
    expect(t.store.records()).toHaveLength(0);

    click(100, 100);
    click(150, 100);
    expect(t.editor.cancel()).toBe(true);
    expect(t.editor.drawing()).toBeNull();
  });

  it('places keypoints with the control’s strokeWidth as width, and draws ellipses from a drag', () => {
    const t = setup('point', [control('KeyPointLabels', 'kp', { strokewidth: '3' })]);
    t.editor.pointerDown(t.pointer(100, 50));
    t.editor.pointerUp();
    expect(t.store.records()[0]!.value).toEqual({ x: 25, y: 25, width: 3, keypointlabels: [] });

    const e = setup('ellipse', [control('EllipseLabels', 'ell')]);
    e.drag([100, 50], [200, 150]);
    expect(e.store.records()[0]!.value).toEqual({
      x: 37.5,
      y: 50,
      radiusX: 12.5,
      radiusY: 25,
      rotation: 0,
      ellipselabels: [],
    });
  });

  it('shows what a press would do: draw, move, resize, rotate, pan', () => {
    const t = setup('rect');
    expect(t.editor.cursorAt(t.pointer(50, 50))).toBe('crosshair');
    t.drag([100, 50], [200, 150]);
    expect(t.editor.cursorAt(t.pointer(150, 100))).toBe('move');
    expect(t.editor.cursorAt(t.pointer(200, 150))).toBe('nwse-resize');
    const h = rotateHandle(t.selected()!.shape as never, ROTATE_OFFSET / t.camera.zoom);
    expect(t.editor.cursorAt(t.pointer(h.x, h.y))).toBe('alias');
    expect(t.editor.cursorAt(t.pointer(50, 50, { pan: true }))).toBe('grab');
  });

  it('pans with the hand without touching the document', () => {
    const t = setup('rect');
    const before = t.store.version;
    t.editor.pointerDown({ x: 100, y: 100, shift: false, alt: false, pan: true });
    t.editor.pointerMove({ x: 130, y: 90, shift: false, alt: false, pan: true });
    t.editor.pointerUp();
    expect(t.camera).toMatchObject({ panX: 40, panY: 10 });
    expect(t.store.version).toBe(before);
    expect(t.history.canUndo).toBe(false);
  });

  it('at every quarter turn of the view: drawn in percent of the original image, image_rotation written, nudged on screen', () => {
    const turns: ImageRotation[] = [0, 90, 180, 270];
    const boxes = turns.map((rotation) => {
      const t = setup('rect');
      // The view turned, the image fitted in a 600 × 600 box.
      Object.assign(t.camera, fitCamera({ width: 600, height: 600 }, SIZE, rotation));
      t.setActive({ control: 'box', entry: 0 });
      t.drag([40, 20], [140, 70]);
      const [record] = t.store.records();
      const item = encodeRecord(record!);
      expect(item).toMatchObject({ image_rotation: rotation, original_width: 400, original_height: 200 });
      // Right arrow: one screen pixel right, whatever natural direction that is at this turn.
      const before = toScreen(t.camera, { x: 40, y: 20 });
      t.editor.nudge(1, 0);
      const moved = t.regions()[0]!.shape as RectShape;
      const after = toScreen(t.camera, { x: moved.x, y: moved.y });
      expect(after.x - before.x).toBeCloseTo(1, 6);
      expect(after.y - before.y).toBeCloseTo(0, 6);
      return item.value as Record<string, number>;
    });
    for (const value of boxes) {
      expect(value['x']).toBeCloseTo(10, 6);
      expect(value['y']).toBeCloseTo(10, 6);
      expect(value['width']).toBeCloseTo(25, 6);
      expect(value['height']).toBeCloseTo(25, 6);
      expect(value['rotation']).toBe(0);
    }
  });

  it('an edit made with the view turned rewrites image_rotation; an untouched region keeps its own', () => {
    const t = setup('rect');
    t.drag([40, 20], [140, 70]);
    t.drag([200, 100], [260, 150]);
    Object.assign(t.camera, fitCamera({ width: 600, height: 600 }, SIZE, 90));
    t.editor.nudge(0, 1);
    const [first, second] = t.store.records().map((r) => encodeRecord(r));
    expect(first!['image_rotation']).toBe(0);
    expect(second!['image_rotation']).toBe(90);
  });

  it('draws with the keyboard: a box corner by corner, a keypoint, a polygon; resizes by Ctrl+arrows', () => {
    const t = setup('rect');
    t.setActive({ control: 'box', entry: 1 });
    t.keyboard.toggle();
    // The view's centre: (410, 210) on screen is natural (200, 95) at zoom 2 with the image at (10, 20).
    expect(t.keyboard.at).toEqual({ x: 200, y: 95 });
    for (let i = 0; i < 4; i++) t.keyboard.move(-10, -10); // 40 screen px up-left: 20 natural
    t.keyboard.place();
    expect(t.store.records()).toHaveLength(0);
    for (let i = 0; i < 6; i++) t.keyboard.move(10, 0);
    t.keyboard.move(0, 10);
    t.keyboard.move(0, 10);
    t.keyboard.place();
    const box = t.regions()[0]!;
    expect(box.shape).toMatchObject({ kind: 'rect', x: 180, y: 75, width: 30, height: 10 });
    expect(box.labels).toEqual(['Bus']);
    t.history.undo();
    expect(t.store.records()).toHaveLength(0);
    t.history.redo();

    // Ctrl+Right, Ctrl+Down: the box's bottom-right corner moves on screen (1 screen px = 0.5 natural).
    t.keyboard.stop();
    expect(t.keyboard.resize(4, 2)).toBe(true);
    expect(t.regions()[0]!.shape).toMatchObject({ x: 180, y: 75, width: 32, height: 11 });

    const points = setup('point', [control('KeyPointLabels', 'kp', { strokewidth: '3' })]);
    points.keyboard.toggle();
    points.keyboard.place();
    expect(points.regions()[0]!.shape).toMatchObject({ kind: 'point', x: 200, y: 95, radius: 3 });

    const poly = setup('polygon', [control('PolygonLabels', 'poly')]);
    poly.keyboard.toggle();
    poly.keyboard.place();
    poly.keyboard.move(40, 0);
    poly.keyboard.place();
    expect(poly.keyboard.close()).toBe(true); // two points: dropped, no polygon
    expect(poly.store.records()).toHaveLength(0);
    poly.keyboard.place();
    poly.keyboard.move(40, 0);
    poly.keyboard.place();
    poly.keyboard.move(0, 40);
    poly.keyboard.place();
    expect(poly.keyboard.close()).toBe(true);
    const shape = poly.regions()[0]!.shape;
    expect(shape).toMatchObject({ kind: 'polygon', closed: true });
    const drawn = shape.kind === 'polygon' ? shape.points.map((p) => [p.x, p.y]) : [];
    [
      [220, 95],
      [240, 95],
      [240, 115],
    ].forEach(([x, y], i) => {
      expect(drawn[i]![0]).toBeCloseTo(x!, 9);
      expect(drawn[i]![1]).toBeCloseTo(y!, 9);
    });
    // Escape drops a box half drawn, then the crosshair.
    const half = setup('rect');
    half.keyboard.toggle();
    half.keyboard.place();
    half.keyboard.move(30, 30);
    expect(half.keyboard.cancel()).toBe(true);
    expect(half.keyboard.at).not.toBeNull();
    expect(half.keyboard.cancel()).toBe(true);
    expect(half.keyboard.at).toBeNull();
    expect(half.store.records()).toHaveLength(0);
  });
});
