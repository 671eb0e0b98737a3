/**
 * How a region looks, from its control and label as Label Studio reads them: the label's `background`
 * (else a fixed palette by label position), the control's `strokeWidth`, `opacity` and
 * `fillOpacity`. Resolved once per config into a table the renderers read per region.
 */
import type { ControlNode } from '../../../../../core/labeling/config-model.ts';

export interface RegionStyle {
  /** Batches regions drawn alike: one path, one fill and one stroke per key. */
  key: string;
  color: string;
  /** Screen pixels at any zoom. */
  strokeWidth: number;
  opacity: number;
  fillOpacity: number;
}

const PALETTE = ['#e6194b', '#3cb44b', '#4363d8', '#f58231', '#911eb4', '#0e9f9f', '#c71585', '#808000'];
const UNLABELLED = '#ffcc00';

function number(text: string | undefined, fallback: number): number {
  const n = text === undefined ? NaN : Number(text);
  return Number.isFinite(n) ? n : fallback;
}

export class StyleTable {
  readonly #byControl = new Map<
    string,
    { base: Omit<RegionStyle, 'key' | 'color'>; colors: Map<string, string> }
  >();
  readonly #cache = new Map<string, RegionStyle>();

  constructor(controls: Iterable<ControlNode>) {
    for (const control of controls) {
      const colors = new Map<string, string>();
      control.options.forEach((option, i) => {
        const color = option.background ?? PALETTE[i % PALETTE.length]!;
        colors.set(option.alias ?? option.value, color);
        colors.set(option.value, color);
      });
      const fill = control.attrs['fillcolor'];
      if (fill) colors.set('', fill);
      this.#byControl.set(control.name, {
        base: {
          strokeWidth: number(control.attrs['strokewidth'], control.tag.startsWith('KeyPoint') ? 1 : 2),
          opacity: Math.min(1, Math.max(0, number(control.attrs['opacity'], 1))),
          fillOpacity: Math.min(1, Math.max(0, number(control.attrs['fillopacity'], 0.2))),
        },
        colors,
      });
    }
  }

  /** The colour of `label` in `control` (for swatches and label buttons). */
  color(control: string, label: string | undefined): string {
    const entry = this.#byControl.get(control);
    return (
      (label !== undefined ? entry?.colors.get(label) : undefined) ?? entry?.colors.get('') ?? UNLABELLED
    );
  }

  of(control: string, label: string | undefined): RegionStyle {
    const key = `${control}\u0000${label ?? ''}`;
    let style = this.#cache.get(key);
    if (!style) {
      const base = this.#byControl.get(control)?.base ?? { strokeWidth: 2, opacity: 1, fillOpacity: 0.2 };
      style = { key, color: this.color(control, label), ...base };
      this.#cache.set(key, style);
    }
    return style;
  }
}
