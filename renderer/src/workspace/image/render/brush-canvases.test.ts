/**
 * The canvases brush masks are drawn from: a canvas a stroke painted in place never stands for the
 * mask it had before (after a cancelled or undone stroke the old mask is drawn anew from its pixels).
 * Canvases are stand-ins recording what was written: the cache's bookkeeping is under test.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { blankMask, maskBounds } from '../model/brush-mask.ts';
import { BrushCanvases } from './brush-canvases.ts';

const made: { width: number; height: number; puts: number }[] = [];
const realDocument = (globalThis as { document?: unknown }).document;
beforeAll(() => {
  (globalThis as { document?: unknown }).document = {
    createElement: () => {
      const canvas = {
        width: 0,
        height: 0,
        puts: 0,
        getContext: () => ({
          fillStyle: '#000',
          createImageData: (w: number, h: number) => ({ data: new Uint8ClampedArray(w * h * 4) }),
          putImageData: () => void canvas.puts++,
        }),
      };
      made.push(canvas);
      return canvas;
    },
  };
});
afterAll(() => {
  (globalThis as { document?: unknown }).document = realDocument;
});

function painted(size = { width: 8, height: 8 }) {
  const mask = blankMask(size);
  mask.data[9] = 1;
  return mask;
}

describe('brush canvases', () => {
  it('builds a canvas once per mask, and hands a stroke its canvas to paint', () => {
    const canvases = new BrushCanvases();
    const m1 = painted();
    const first = canvases.of('r', m1, maskBounds(m1), 'red');
    expect(canvases.of('r', m1, maskBounds(m1), 'red')).toBe(first);
    expect(canvases.current('r', m1, 'red')).toBe(first);
  });

  it('after a stroke painted a canvas in place, a cancel or an undo draws the old mask anew', () => {
    const canvases = new BrushCanvases();
    const m1 = painted();
    // The first stroke's canvas shows m1 (adopted at its end, then drawn for the region).
    const strokeCanvas = canvases.of('r', m1, maskBounds(m1), 'red')!;
    canvases.adopt(m1, 'red', strokeCanvas);
    // A second stroke paints that canvas in place, then is cancelled.
    expect(canvases.current('r', m1, 'red')).toBe(strokeCanvas);
    canvases.forget('r');
    const redrawn = canvases.of('r', m1, maskBounds(m1), 'red');
    expect(redrawn).not.toBe(strokeCanvas);
    expect((redrawn as unknown as { puts: number }).puts).toBe(1);
  });
});
