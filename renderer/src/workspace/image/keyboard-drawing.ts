/**
 * Drawing without a mouse: a crosshair on the image moved by the arrows (10 screen px, Shift: 1),
 * Enter pressing where it is, as the pointer would. With the rectangle or ellipse tool the first
 * Enter is the press (one corner) and the second the release (the other corner), the arrows dragging
 * in between; the brush likewise paints from the first Enter along the arrows to the second; a
 * keypoint is one Enter; a polygon gets a point per Enter and Shift+Enter closes it.
 * The editor does the rest exactly as for the pointer (labels, maxUsages, one undo step a shape).
 * Ctrl/Cmd+arrows resize the selected rectangle or ellipse by its bottom-right corner.
 */
import type { EditorHost, Pointer } from './editor-host.ts';
import type { ImageEditor } from './interaction.ts';
import { toNatural, toScreen, type Point, type Size } from './model/camera.ts';
import { clampToImage, ellipseAsRect, rectAsEllipse, rectCorners, resizeRect } from './model/geometry.ts';

export class KeyboardDrawing {
  readonly #editor: ImageEditor;
  readonly #host: EditorHost;
  readonly #view: () => Size;
  /** Natural px; null: the crosshair is off. */
  #at: Point | null = null;
  /** A rectangle or ellipse is being dragged open, or a brush stroke painted, from the first Enter. */
  #pressed = false;
  readonly #listeners = new Set<() => void>();

  constructor(editor: ImageEditor, host: EditorHost, view: () => Size) {
    this.#editor = editor;
    this.#host = host;
    this.#view = view;
  }

  /** Where the crosshair is (natural px), or null. */
  get at(): Point | null {
    return this.#at;
  }

  getSnapshot = (): boolean => this.#at !== null;

  subscribe = (listener: () => void): (() => void) => {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  };

  #changed(): void {
    this.#host.invalidate(false);
    for (const listener of [...this.#listeners]) listener();
  }

  /** C: the crosshair on (at the view's centre) or off (dropping what it was drawing). */
  toggle(): void {
    if (this.#at) return void this.stop();
    const view = this.#view();
    const size = this.#host.imageSize();
    this.#at = clampToImage(
      toNatural(this.#host.camera(), { x: view.width / 2, y: view.height / 2 }),
      size.width,
      size.height,
    );
    this.#changed();
  }

  stop(): void {
    if (this.#pressed) this.#editor.cancel();
    this.#pressed = false;
    this.#at = null;
    this.#changed();
  }

  #pointer(): Pointer {
    const s = toScreen(this.#host.camera(), this.#at!);
    return { x: s.x, y: s.y, shift: false, alt: false, pan: false };
  }

  /** Arrows: the crosshair moves by screen pixels (and drags the shape being drawn). */
  move(dx: number, dy: number): void {
    if (!this.#at) return;
    const camera = this.#host.camera();
    const size = this.#host.imageSize();
    const s = toScreen(camera, this.#at);
    this.#at = clampToImage(toNatural(camera, { x: s.x + dx, y: s.y + dy }), size.width, size.height);
    this.#editor.pointerMove(this.#pointer());
    this.#changed();
  }

  /** Enter: a press where the crosshair is; for a rectangle or ellipse, the second Enter releases. */
  place(): void {
    if (!this.#at) return;
    if (this.#pressed) {
      this.#pressed = false;
      this.#editor.pointerUp();
      return this.#changed();
    }
    const kind = this.#host.readOnly() ? null : this.#host.tool()?.kind;
    this.#editor.pointerDown(this.#pointer());
    if (
      ((kind === 'rect' || kind === 'ellipse') && this.#editor.drawingShape) ||
      (kind === 'brush' && this.#editor.stroke)
    )
      this.#pressed = true;
    else this.#editor.pointerUp();
    this.#changed();
  }

  /** Shift+Enter: closes the polygon being drawn. */
  close(): boolean {
    if (!this.#at || !this.#editor.drawingPolygon) return false;
    this.#editor.closePolygon();
    return true;
  }

  /** Escape: a shape being drawn is dropped; with none, the crosshair goes. */
  cancel(): boolean {
    if (!this.#at) return false;
    if (this.#pressed || this.#editor.drawingPolygon) {
      this.#pressed = false;
      this.#editor.cancel();
      this.#changed();
      return true;
    }
    this.stop();
    return true;
  }

  /**
   * Ctrl/Cmd+arrows: the selected rectangle or ellipse grows or shrinks by screen pixels, by the
   * corner that is bottom-right on screen (whatever the view's turn): right and down grow it.
   */
  resize(dx: number, dy: number): boolean {
    const region = this.#host.selected();
    if (!region || !this.#host.editable(region)) return false;
    const shape = region.shape;
    if (shape.kind !== 'rect' && shape.kind !== 'ellipse') return false;
    const rect = shape.kind === 'rect' ? shape : ellipseAsRect(shape);
    const camera = this.#host.camera();
    const corners = rectCorners(rect).map((c) => toScreen(camera, c));
    let handle = 0;
    corners.forEach((c, i) => {
      if (c.x + c.y > corners[handle]!.x + corners[handle]!.y) handle = i;
    });
    const corner = corners[handle]!;
    const resized = resizeRect(rect, handle, toNatural(camera, { x: corner.x + dx, y: corner.y + dy }));
    if (resized.width < 1 || resized.height < 1) return true;
    this.#host.beginGesture();
    this.#host.update(region, shape.kind === 'rect' ? resized : rectAsEllipse(resized));
    this.#host.endGesture();
    return true;
  }
}
