/** The view's camera outside React: the canvases redraw on its change, React parts subscribe when they must. */
import type { Camera } from './camera.ts';

export class CameraStore {
  #camera: Camera;
  readonly #listeners = new Set<() => void>();

  constructor(camera: Camera) {
    this.#camera = camera;
  }

  getSnapshot = (): Camera => this.#camera;

  subscribe = (listener: () => void): (() => void) => {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  };

  set(camera: Camera): void {
    const c = this.#camera;
    if (
      c.zoom === camera.zoom &&
      c.panX === camera.panX &&
      c.panY === camera.panY &&
      c.rotation === camera.rotation
    )
      return;
    this.#camera = camera;
    for (const listener of [...this.#listeners]) listener();
  }
}
