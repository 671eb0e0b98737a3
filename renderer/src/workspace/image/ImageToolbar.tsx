/**
 * The image's toolbar: the drawing tools its controls offer, the labels of each labels control as
 * toggle buttons (with their hotkeys, `background` colours, disabled at `maxUsages`), and zoom.
 * A label pressed with a region selected relabels it; with none, it is the label the next region gets.
 */
import { useSyncExternalStore } from 'react';
import type { ControlNode } from '../../../../core/labeling/config-model.ts';
import { optionHotkey } from '../model/hotkeys.ts';
import { useWorkspace } from '../workspace-context.ts';
import { MAX_BRUSH, MIN_BRUSH } from './image-controls.ts';
import type { CameraStore } from './model/camera-store.ts';
import type { ShapeKind } from './model/regions.ts';
import type { StyleTable } from './render/styles.ts';

export const TOOL_NAMES: Record<ShapeKind, string> = {
  rect: 'Rectangle',
  polygon: 'Polygon',
  point: 'Key point',
  ellipse: 'Ellipse',
  brush: 'Brush',
};

export interface ActiveLabel {
  control: string;
  entry: number;
}

export interface ImageToolbarProps {
  objectName: string;
  tools: readonly ShapeKind[];
  tool: ShapeKind | null;
  onTool: (tool: ShapeKind | null) => void;
  labelControls: readonly ControlNode[];
  active: ActiveLabel | null;
  onLabel: (label: ActiveLabel) => void;
  /** How many regions carry each label, by `control\0value`. */
  usages: ReadonlyMap<string, number>;
  styles: StyleTable;
  camera: CameraStore;
  onZoom: (how: 'in' | 'out' | 'fit' | 'selection') => void;
  /** A region is selected (zoom to it). */
  hasSelection: boolean;
  readOnly: boolean;
  /** The brush's size (natural px) and the eraser, shown while the brush is the tool. */
  brush: { size: number; erase: boolean; onSize: (size: number) => void; onErase: (erase: boolean) => void };
  /** The keyboard cursor (keyboard-drawing.ts): on or off, and its toggle. */
  keyboard: { subscribe: (l: () => void) => () => void; getSnapshot: () => boolean; toggle: () => void };
  /** rotateControl: turn the view a quarter (1 clockwise, −1 anticlockwise); absent without it. */
  onRotate?: ((direction: 1 | -1) => void) | undefined;
}

export function usageKey(control: string, value: string): string {
  return `${control}\u0000${value}`;
}

export function ImageToolbar(props: ImageToolbarProps) {
  const ws = useWorkspace();
  const { tools, tool, readOnly } = props;
  const crosshair = useSyncExternalStore(props.keyboard.subscribe, props.keyboard.getSnapshot);
  return (
    <div className="image-toolbar" role="toolbar" aria-label={`Tools for ${props.objectName}`}>
      {!readOnly && tools.length > 0 && (
        <span className="image-tools">
          <button type="button" aria-pressed={tool === null} onClick={() => props.onTool(null)}>
            Select
          </button>
          {tools.map((kind) => (
            <button key={kind} type="button" aria-pressed={tool === kind} onClick={() => props.onTool(kind)}>
              {TOOL_NAMES[kind]}
            </button>
          ))}
          <button
            type="button"
            aria-pressed={crosshair}
            title="Draw with the keyboard: arrows move the cursor, Enter presses (C)"
            onClick={() => props.keyboard.toggle()}
          >
            Keyboard cursor
          </button>
        </span>
      )}
      {!readOnly && tool === 'brush' && (
        <span className="image-brush" role="group" aria-label="Brush">
          <button
            type="button"
            aria-pressed={props.brush.erase}
            title="Erase from the selected mask (E)"
            onClick={() => props.brush.onErase(!props.brush.erase)}
          >
            Eraser
          </button>
          <label>
            Size{' '}
            <input
              type="range"
              min={MIN_BRUSH}
              max={MAX_BRUSH}
              value={props.brush.size}
              aria-valuetext={`${props.brush.size} pixels`}
              title="Brush size ([ and ])"
              onChange={(e) => props.brush.onSize(Number(e.target.value))}
            />
          </label>
          <output data-testid="brush-size">{props.brush.size} px</output>
        </span>
      )}
      {props.labelControls.map((control) => (
        <span
          key={control.name}
          className="image-labels"
          role="group"
          aria-label={control.attrs['label'] || control.name}
        >
          {control.options.map((option, entry) => {
            const value = option.alias ?? option.value;
            const used = props.usages.get(usageKey(control.name, value)) ?? 0;
            const full = option.maxUsages !== undefined && used >= option.maxUsages;
            const pressed = props.active?.control === control.name && props.active.entry === entry;
            const key = optionHotkey(ws.hotkeys, control.name, entry, ws.mac);
            return (
              <button
                key={entry}
                type="button"
                className="image-label"
                aria-pressed={pressed}
                disabled={readOnly || full}
                title={full ? `${option.value}: used ${used} of ${option.maxUsages} times` : option.hint}
                style={{ borderColor: props.styles.color(control.name, value) }}
                onClick={() => props.onLabel({ control: control.name, entry })}
              >
                <span
                  className="swatch"
                  aria-hidden="true"
                  style={{ background: props.styles.color(control.name, value) }}
                />
                {option.value}
                {key && <kbd>{key}</kbd>}
              </button>
            );
          })}
        </span>
      ))}
      <span className="image-zoom" role="group" aria-label="View">
        <button type="button" aria-label="Zoom out" title="Zoom out (−)" onClick={() => props.onZoom('out')}>
          −
        </button>
        <ZoomReadout camera={props.camera} />
        <button type="button" aria-label="Zoom in" title="Zoom in (+)" onClick={() => props.onZoom('in')}>
          +
        </button>
        <button type="button" title="Fit the image (0)" onClick={() => props.onZoom('fit')}>
          Fit
        </button>
        {props.onRotate && (
          <>
            <button
              type="button"
              aria-label="Rotate left"
              title="Rotate left"
              onClick={() => props.onRotate!(-1)}
            >
              ⟲
            </button>
            <button
              type="button"
              aria-label="Rotate right"
              title="Rotate right"
              onClick={() => props.onRotate!(1)}
            >
              ⟳
            </button>
          </>
        )}
        <button
          type="button"
          title="Zoom to the selected region (Shift+0)"
          disabled={!props.hasSelection}
          onClick={() => props.onZoom('selection')}
        >
          To selection
        </button>
      </span>
    </div>
  );
}

/** Its own component: the camera changes every frame of a pan, the toolbar should not re-render. */
function ZoomReadout({ camera }: { camera: CameraStore }) {
  const zoom = useSyncExternalStore(camera.subscribe, () => camera.getSnapshot().zoom);
  return (
    <output aria-live="off" data-testid="image-zoom">
      {Math.round(zoom * 100)}%
    </output>
  );
}
