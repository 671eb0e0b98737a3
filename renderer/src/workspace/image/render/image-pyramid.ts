/**
 * Smaller copies of the image (halves, quarters, ...), made once in the background: a 4000×3000 photo
 * shown at fit zoom is drawn from the copy nearest the screen's size, not scaled down from 12
 * megapixels every frame. At zoom ≥ 1 device pixel per image pixel the original is used (crisp).
 */
import type { Size } from '../model/camera.ts';

export class ImagePyramid {
  readonly #source: CanvasImageSource;
  readonly #size: Size;
  /** levels[i] is 1/2^(i+1) of the original; null until made. */
  #levels: (ImageBitmap | null)[] = [];

  constructor(source: CanvasImageSource, size: Size, onReady: () => void = () => {}) {
    this.#source = source;
    this.#size = size;
    void this.#build(onReady);
  }

  async #build(onReady: () => void): Promise<void> {
    if (typeof createImageBitmap !== 'function') return;
    let width = this.#size.width;
    let height = this.#size.height;
    while (width > 512 && height > 512) {
      width = Math.max(1, Math.round(width / 2));
      height = Math.max(1, Math.round(height / 2));
      try {
        const bitmap = await createImageBitmap(this.#source as ImageBitmapSource, {
          resizeWidth: width,
          resizeHeight: height,
          resizeQuality: 'medium',
        });
        this.#levels.push(bitmap);
      } catch {
        return;
      }
    }
    onReady();
  }

  /** The source to draw at `scale` device pixels per image pixel (drawn at the original's size). */
  pick(scale: number): CanvasImageSource {
    let chosen: CanvasImageSource = this.#source;
    for (let i = 0; i < this.#levels.length; i++) {
      const level = this.#levels[i];
      if (!level || scale > 1 / 2 ** (i + 1)) break;
      chosen = level;
    }
    return chosen;
  }
}
