/**
 * The audio view's keys, on the document like the workspace's own handler (which already gives the
 * labels' hotkeys to the Labels control: they label a waiting segment or relabel the selected one).
 * Space (and the object's `hotkey`) plays and pauses anywhere outside text fields and buttons; the
 * rest only from the page itself or this view: ←/→ move the playhead by a second (Shift: 5), or,
 * with a segment selected, its start by 0.1 s (Shift: its end); Enter marks a segment of a second at
 * the playhead, and again further on ends it there; Delete removes the selected segment; Escape drops a waiting segment or the
 * selection; + − 0 zoom.
 */
import { useEffect, useRef, type RefObject } from 'react';
import { isTypingTarget, matchHotkey } from '../model/hotkeys.ts';
import { removeRegion } from '../text/model/spans.ts';
import type { WorkspaceContextValue } from '../workspace-context.ts';
import { MIN_LENGTH, setSegmentTimes, type Place, type Segment } from './model/segments.ts';
import { clamp } from './model/timeline.ts';
import type { Player } from './use-player.ts';
import type { WaveformController } from './waveform-controller.ts';

/** The view's own keys, for the shortcuts sheet (hotkey-table combo syntax). */
export const AUDIO_SHORTCUTS: readonly { keys: string[]; description: string }[] = [
  { keys: ['space'], description: 'Play or pause the audio' },
  {
    keys: ['left', 'right'],
    description: 'Move the playhead a second (Shift: 5); with a segment selected, its start',
  },
  { keys: ['shift+left', 'shift+right'], description: 'With a segment selected: move its end' },
  {
    keys: ['enter'],
    description: 'Mark a segment of a second at the playhead; again further on: end it there (then a label)',
  },
  { keys: ['delete', 'backspace'], description: 'Delete the selected segment' },
  { keys: ['escape'], description: 'Drop the new segment, else deselect' },
  { keys: ['+', '-', '0'], description: 'Zoom in, out, fit the whole file' },
];

/** Elements Space and Enter press by themselves. */
const PRESSABLE =
  'button, select, input, a[href], summary, [role="button"], [role="checkbox"], [role="radio"], [role="switch"], [role="tab"], [role="option"], [role="menuitem"]';

/** Seconds an arrow moves a selected segment's edge. */
export const NUDGE_SECONDS = 0.1;

export interface AudioKeysOptions {
  root: RefObject<HTMLElement | null>;
  controller: WaveformController;
  /** The object's `hotkey`: plays and pauses, like Space. */
  hotkey: string | undefined;
  player: Pick<Player, 'toggle' | 'seek' | 'now'>;
  pending: () => Place | null;
  clearPending: () => void;
  offer: (place: Place) => void;
  canEdit: (id: string) => boolean;
  state: () => { ws: WorkspaceContextValue; segments: readonly Segment[]; duration: number };
}

export function useAudioKeys(options: AudioKeysOptions): void {
  const ref = useRef(options);
  useEffect(() => {
    ref.current = options;
  });
  useEffect(() => {
    const onKeyDown = (event: KeyboardEvent) => {
      const o = ref.current;
      if (event.isComposing || event.defaultPrevented || isTypingTarget(event.target)) return;
      const target = event.target as Element | null;
      if (target?.closest?.('[role="dialog"]')) return;
      const { ws, segments, duration } = o.state();
      const onPage = !target || target === document.body || target === document.documentElement;
      const here = o.root.current !== null && target !== null && o.root.current.contains(target);
      // With nothing focused, the first audio object of the task takes the keys.
      const first = onPage && document.querySelector('.audio-view') === o.root.current;
      if (!here && !first) return;
      // Space and Enter belong to a focused button, checkbox, radio, link, tab… (they press it).
      const control = target?.closest?.(PRESSABLE) != null;
      const own = o.hotkey
        ? matchHotkey(
            {
              hotkeys: [
                {
                  id: 'play',
                  keys: [o.hotkey],
                  description: '',
                  scope: 'task',
                  group: '',
                  action: { kind: 'builtin', id: 'skip' },
                },
              ],
              conflicts: [],
            },
            event,
            { sheetOpen: false },
          )
        : null;
      if (own || (event.key === ' ' && !control && !event.ctrlKey && !event.metaKey && !event.altKey)) {
        event.preventDefault();
        o.player.toggle();
        return;
      }
      if (event.ctrlKey || event.metaKey || event.altKey) return;
      // Table keys (labels, ?) belong to the workspace's handler.
      if (matchHotkey(ws.hotkeys, event, { sheetOpen: false })) return;
      const selected = ws.selection.regionId
        ? segments.find((s) => s.id === ws.selection.regionId)
        : undefined;
      let handled = true;
      switch (event.key) {
        case 'ArrowLeft':
        case 'ArrowRight': {
          const sign = event.key === 'ArrowLeft' ? -1 : 1;
          if (selected && o.canEdit(selected.id)) {
            const times = event.shiftKey
              ? {
                  start: selected.start,
                  end: clamp(selected.end + sign * NUDGE_SECONDS, selected.start + MIN_LENGTH, duration),
                }
              : {
                  start: clamp(selected.start + sign * NUDGE_SECONDS, 0, selected.end - MIN_LENGTH),
                  end: selected.end,
                };
            setSegmentTimes(ws.store, selected.id, times);
          } else if (!control)
            o.player.seek(clamp(o.player.now() + sign * (event.shiftKey ? 5 : 1), 0, duration));
          else handled = false;
          break;
        }
        case 'Enter': {
          if (control || ws.readOnly || !(duration > 0)) {
            handled = false;
            break;
          }
          const now = o.player.now();
          const waiting = o.pending();
          // Enter again, further on (played or moved to): the waiting segment ends there.
          if (waiting && now >= waiting.start + MIN_LENGTH) {
            o.offer({ ...waiting, end: Math.min(duration, now) });
            break;
          }
          const start = clamp(now, 0, Math.max(0, duration - MIN_LENGTH));
          o.offer({ start, end: Math.min(duration, start + 1), channel: 0 });
          break;
        }
        case 'Delete':
        case 'Backspace':
          handled = selected !== undefined && o.canEdit(selected.id);
          if (handled && selected) {
            removeRegion(ws.store, selected.id);
            ws.selectRegion(null);
          }
          break;
        case 'Escape':
          if (o.controller.cancelDrag()) break;
          if (o.pending()) o.clearPending();
          else if (selected) ws.selectRegion(null);
          else handled = false;
          break;
        case '+':
        case '=':
          o.controller.zoom('in');
          break;
        case '-':
          o.controller.zoom('out');
          break;
        case '0':
          o.controller.zoom('fit');
          break;
        default:
          handled = false;
      }
      if (handled) event.preventDefault();
    };
    document.addEventListener('keydown', onKeyDown);
    return () => document.removeEventListener('keydown', onKeyDown);
  }, []);
}
