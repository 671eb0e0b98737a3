/**
 * One loaded image and its regions: the two canvas layers (drawn by the ImageController), the
 * toolbar and the region list, wired to the workspace's store, history and selection.
 */
import { useEffect, useLayoutEffect, useMemo, useRef, useState, useSyncExternalStore } from 'react';
import type { ObjectNode } from '../../../../core/labeling/config-model.ts';
import { RegionList, type RegionRow } from '../panels/RegionList.tsx';
import { useWorkspace } from '../workspace-context.ts';
import { deleteRegions, setRegionLabels } from './commands.ts';
import { atMaxUsages } from './create-region.ts';
import { ImageToolbar, TOOL_NAMES, usageKey, type ActiveLabel } from './ImageToolbar.tsx';
import { ImageController } from './image-controller.ts';
import { imageControlsOf, SHAPE_OF_TAG } from './image-controls.ts';
import type { Pointer } from './interaction.ts';
import type { Size } from './model/camera.ts';
import { regionsOf, type ShapeKind } from './model/regions.ts';
import { StyleTable } from './render/styles.ts';
import { useImageKeys } from './use-image-keys.ts';

export interface ImageWorkspaceProps {
  object: ObjectNode;
  image: HTMLImageElement;
  size: Size;
  renewed: number;
  /** Which image of a multi-image object (valueList) this is; absent for a single image. */
  itemIndex?: number;
}

export function ImageWorkspace({ object, image, size: given, renewed, itemIndex }: ImageWorkspaceProps) {
  const ws = useWorkspace();
  const [controller] = useState(() => new ImageController(image, given, object.name, itemIndex));
  const size = controller.size;
  const controls = useMemo(
    () => imageControlsOf(ws.controls.values(), object.name),
    [ws.controls, object.name],
  );
  const labelControls = useMemo(() => controls.filter((c) => c.tag.endsWith('Labels')), [controls]);
  const tools = useMemo(() => [...new Set(controls.map((c) => SHAPE_OF_TAG[c.tag]!))], [controls]);
  const styles = useMemo(() => new StyleTable(ws.controls.values()), [ws.controls]);
  const [tool, setTool] = useState<ShapeKind | null>(tools[0] ?? null);
  const [active, setActive] = useState<ActiveLabel | null>(null);
  const [hidden, setHidden] = useState<ReadonlySet<string>>(() => new Set());
  const [locked, setLocked] = useState<ReadonlySet<string>>(() => new Set());
  const [brightness, setBrightness] = useState(100);
  const [contrast, setContrast] = useState(100);
  const [brushSize, setBrushSize] = useState(20);
  const [erase, setErase] = useState(false);
  const regions = useMemo(
    () => regionsOf(ws.records, object.name, size, itemIndex),
    [ws.records, object.name, size, itemIndex],
  );
  const byId = useMemo(() => new Map(regions.map((r) => [r.id, r])), [regions]);
  const selectedId = ws.selection.regionId;
  const selected = selectedId !== null ? (byId.get(selectedId) ?? null) : null;

  useEffect(() => controller.activate(), [controller]);
  const rotation = useSyncExternalStore(
    controller.camera.subscribe,
    () => controller.camera.getSnapshot().rotation,
  );
  const turned = rotation === 90 || rotation === 270;
  const staticRef = useRef<HTMLCanvasElement>(null);
  const liveRef = useRef<HTMLCanvasElement>(null);
  const boxRef = useRef<HTMLDivElement>(null);

  // Before the frame is drawn: the index follows the document, handlers read this render's values.
  useLayoutEffect(
    () =>
      controller.update({
        ws,
        regions,
        selected,
        tool,
        active,
        hidden,
        locked,
        controls,
        labelControls,
        styles,
        brightness,
        contrast,
        brushSize,
        erase,
        setActive,
        setTool,
        setBrushSize,
        setErase,
      }),
    [
      controller,
      ws,
      regions,
      selected,
      tool,
      active,
      hidden,
      locked,
      controls,
      labelControls,
      styles,
      brightness,
      contrast,
      brushSize,
      erase,
    ],
  );
  useLayoutEffect(() => controller.schedule(true), [controller, renewed]);
  // A selected region that went away (undo, delete elsewhere) is no longer selected.
  useEffect(() => {
    if (selectedId !== null && !byId.has(selectedId) && ws.records.every((r) => r.id !== selectedId))
      ws.selectRegion(null);
  }, [byId, selectedId, ws]);

  // The canvases follow the box's size (device pixels); the first size fits the image.
  useLayoutEffect(() => {
    const box = boxRef.current;
    if (!box || !staticRef.current || !liveRef.current) return;
    controller.attach(staticRef.current, liveRef.current);
    const resize = () => controller.resize(box.clientWidth, box.clientHeight);
    resize();
    const observer = new ResizeObserver(resize);
    observer.observe(box);
    return () => observer.disconnect();
  }, [controller]);

  // Wheel zooms about the pointer (a non-passive listener: the page must not scroll).
  useEffect(() => {
    const canvas = liveRef.current;
    if (!canvas) return;
    const onWheel = (event: WheelEvent) => {
      event.preventDefault();
      const rect = canvas.getBoundingClientRect();
      controller.wheel(
        event.deltaY,
        event.deltaMode === 1,
        event.clientX - rect.left,
        event.clientY - rect.top,
      );
    };
    canvas.addEventListener('wheel', onWheel, { passive: false });
    return () => canvas.removeEventListener('wheel', onWheel);
  }, [controller]);

  // Tests and tools read where the camera is from the box.
  useEffect(() => {
    const write = () => {
      const c = controller.camera.getSnapshot();
      const el = boxRef.current;
      if (!el) return;
      el.dataset['zoom'] = String(c.zoom);
      el.dataset['panX'] = String(c.panX);
      el.dataset['panY'] = String(c.panY);
      el.dataset['rotation'] = String(c.rotation);
    };
    write();
    return controller.camera.subscribe(write);
  }, [controller]);

  const usages = useMemo(() => {
    const counts = new Map<string, number>();
    for (const r of regions)
      for (const label of r.labels) {
        const key = usageKey(r.labelControl, label);
        counts.set(key, (counts.get(key) ?? 0) + 1);
      }
    return counts;
  }, [regions]);

  useImageKeys(controller);
  const editor = controller.editor;

  const toPointer = (event: React.PointerEvent<HTMLCanvasElement>): Pointer => {
    const rect = event.currentTarget.getBoundingClientRect();
    return {
      x: event.clientX - rect.left,
      y: event.clientY - rect.top,
      shift: event.shiftKey,
      alt: event.altKey,
      pan: event.button === 1 || controller.space,
    };
  };

  const rows: RegionRow[] = useMemo(
    () =>
      regions.map((r) => {
        const row: RegionRow = {
          id: r.id,
          kind: TOOL_NAMES[r.shape.kind],
          labels: r.labels,
          color: styles.color(r.labelControl, r.labels[0]),
          hidden: hidden.has(r.id),
          locked: locked.has(r.id),
          readOnly: r.readOnly,
        };
        if (r.score !== undefined) row.score = r.score;
        return row;
      }),
    [regions, hidden, locked, styles],
  );
  const toggle = (set: ReadonlySet<string>, id: string) => {
    const next = new Set(set);
    if (!next.delete(id)) next.add(id);
    return next;
  };

  return (
    <div className="image-workspace" data-object={object.name}>
      <ImageToolbar
        objectName={object.name}
        tools={tools}
        tool={tool}
        onTool={setTool}
        labelControls={labelControls}
        active={active}
        onLabel={(label) => controller.pressLabel(label.control, label.entry)}
        usages={usages}
        styles={styles}
        camera={controller.camera}
        onZoom={(how) => controller.zoom(how)}
        hasSelection={selected !== null}
        readOnly={ws.readOnly}
        brush={{ size: brushSize, erase, onSize: setBrushSize, onErase: setErase }}
        keyboard={controller.keyboard}
        onRotate={object.attrs['rotatecontrol'] === 'true' ? (d) => controller.rotate(d) : undefined}
      />
      {(object.attrs['brightnesscontrol'] === 'true' || object.attrs['contrastcontrol'] === 'true') && (
        <div className="image-adjust">
          {object.attrs['brightnesscontrol'] === 'true' && (
            <label>
              Brightness{' '}
              <input
                type="range"
                min={10}
                max={300}
                value={brightness}
                onChange={(e) => setBrightness(Number(e.target.value))}
              />
            </label>
          )}
          {object.attrs['contrastcontrol'] === 'true' && (
            <label>
              Contrast{' '}
              <input
                type="range"
                min={10}
                max={300}
                value={contrast}
                onChange={(e) => setContrast(Number(e.target.value))}
              />
            </label>
          )}
        </div>
      )}
      <div className={controls.length > 0 || regions.length > 0 ? 'image-stage' : 'image-stage image-only'}>
        <div
          ref={boxRef}
          className="image-canvas-box"
          // The box takes the image's shape (up to 70% of the window's height): no empty bands.
          style={{
            aspectRatio: turned ? `${size.height} / ${size.width}` : `${size.width} / ${size.height}`,
          }}
          data-testid="image-canvas"
          data-natural-width={size.width}
          data-natural-height={size.height}
          data-regions={regions.length}
          data-renewed={renewed}
        >
          <canvas ref={staticRef} className="image-layer" aria-hidden="true" />
          <canvas
            ref={liveRef}
            className="image-layer image-live"
            aria-hidden="true"
            data-tool={tool ?? 'select'}
            onPointerDown={(e) => {
              if (e.button !== 0 && e.button !== 1) return;
              e.currentTarget.setPointerCapture(e.pointerId);
              editor.pointerDown(toPointer(e));
            }}
            onPointerMove={(e) => {
              const p = toPointer(e);
              editor.pointerMove(p);
              e.currentTarget.style.cursor = editor.cursorAt(p);
            }}
            onPointerUp={() => editor.pointerUp()}
            onPointerLeave={() => editor.leave()}
            onPointerCancel={() => editor.cancel()}
            onDoubleClick={() => editor.drawingPolygon && editor.closePolygon()}
          />
        </div>
        {(controls.length > 0 || regions.length > 0) && (
          <RegionList
            label={`Regions of ${object.name}`}
            rows={rows}
            selectedId={selected?.id ?? null}
            readOnly={ws.readOnly}
            labelChoices={
              labelControls.length === 1 ? labelControls[0]!.options.map((o) => o.alias ?? o.value) : []
            }
            // A read-only view (a prediction, someone else's annotation) selects nothing of mine.
            onSelect={(id) => !ws.readOnly && ws.selectRegion(id)}
            onToggleHidden={(id) => setHidden((s) => toggle(s, id))}
            onToggleLocked={(id) => setLocked((s) => toggle(s, id))}
            onDelete={(id) => {
              const region = byId.get(id);
              if (!region || ws.readOnly || region.readOnly || locked.has(id)) return;
              deleteRegions(ws.store, [region]);
              ws.selectRegion(null);
            }}
            onRelabel={(id, label) => {
              const region = byId.get(id);
              const control = labelControls[0];
              if (!region || !control || ws.readOnly) return;
              if (label && atMaxUsages({ store: ws.store, objectName: object.name, size }, control, label))
                return;
              setRegionLabels(ws.store, region, control, label ? [label] : []);
            }}
          />
        )}
      </div>
    </div>
  );
}
