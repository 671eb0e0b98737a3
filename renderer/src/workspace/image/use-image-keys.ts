/**
 * The image's keys, on the document like the workspace's own handler: the labels' hotkeys (from the
 * one hotkey table) relabel the selected region or pick the label to draw with; Delete/Backspace
 * delete the selected region (or a polygon's last point while drawing it); arrows nudge (Shift: 10 px);
 * Escape cancels a polygon or a drag, else deselects; Enter closes a polygon; + − 0 zoom and fit,
 * Shift+0 zooms to the selected region; C turns the keyboard cursor on (then the arrows move it and
 * Enter presses there: keyboard-drawing.ts); Ctrl/Cmd+arrows resize; [ ] size the brush, E erases;
 * Space held pans with the pointer. Nothing fires while typing, and only label keys fire while the
 * focus is on another part of the page.
 */
import { useEffect } from 'react';
import { isTypingTarget, matchHotkey } from '../model/hotkeys.ts';
import type { ImageController } from './image-controller.ts';

/**
 * The image's own keys, for the shortcuts sheet (in hotkey-table combo syntax). The label keys are
 * already in the table; these are matched here, by key name.
 */
export const IMAGE_SHORTCUTS: readonly { keys: string[]; description: string }[] = [
  {
    keys: ['delete', 'backspace'],
    description: 'Delete the selected region (while drawing a polygon: its last point)',
  },
  { keys: ['left', 'right', 'up', 'down'], description: 'Move the selected region by a pixel (Shift: 10)' },
  { keys: ['escape'], description: 'Cancel the polygon or the drag, else deselect' },
  { keys: ['enter'], description: 'Close the polygon being drawn' },
  { keys: ['+', '-'], description: 'Zoom in, out' },
  { keys: ['0'], description: 'Fit the image' },
  { keys: ['shift+0'], description: 'Zoom to the selected region' },
  { keys: ['space'], description: 'Hold and drag to pan' },
  { keys: ['c'], description: 'Keyboard cursor on or off: a crosshair to draw with keys' },
  { keys: ['left', 'right', 'up', 'down'], description: 'Keyboard cursor: move it by 10 px (Shift: 1)' },
  {
    keys: ['enter'],
    description:
      'Keyboard cursor: press there (a box: one corner, then the other; the brush: paint to the next Enter; a point; a polygon point)',
  },
  { keys: ['shift+enter'], description: 'Keyboard cursor: close the polygon' },
  {
    keys: ['mod+left', 'mod+right', 'mod+up', 'mod+down'],
    description: 'Resize the selected box or ellipse by a pixel (Shift: 10)',
  },
  { keys: ['[', ']'], description: 'Brush: smaller, larger' },
  { keys: ['e'], description: 'Brush: erase from the selected mask, or paint again' },
];

const NUDGE: Record<string, [number, number]> = {
  ArrowLeft: [-1, 0],
  ArrowRight: [1, 0],
  ArrowUp: [0, -1],
  ArrowDown: [0, 1],
};

export function useImageKeys(controller: ImageController): void {
  useEffect(() => {
    const { editor } = controller;
    const onKeyDown = (event: KeyboardEvent) => {
      const state = controller.state;
      if (!state || event.isComposing || isTypingTarget(event.target)) return;
      if ((event.target as Element | null)?.closest?.('[role="dialog"]')) return;
      const hotkey = matchHotkey(state.ws.hotkeys, event, { sheetOpen: false });
      if (hotkey?.action.kind === 'option') {
        const { control, entry } = hotkey.action;
        if (state.labelControls.some((c) => c.name === control)) {
          event.preventDefault();
          controller.pressLabel(control, entry);
        }
        return;
      }
      // The rest only from the page itself or this view: Ctrl+arrows, Space, arrows and Delete belong
      // to a focused text caret, checkbox, radio group or another view.
      const target = event.target as Element | null;
      const here =
        !target ||
        target === document.body ||
        target === document.documentElement ||
        target.closest?.(`.image-workspace[data-object="${CSS.escape(controller.objectName)}"]`) != null;
      if (!here) return;
      const arrow = NUDGE[event.key];
      if (!hotkey && arrow && (event.ctrlKey || event.metaKey) && !event.altKey) {
        const step = event.shiftKey ? 10 : 1;
        if (controller.keyboard.resize(arrow[0] * step, arrow[1] * step)) event.preventDefault();
        return;
      }
      if (hotkey || event.ctrlKey || event.metaKey || event.altKey) return;
      const onButton = target?.tagName === 'BUTTON';
      // The view's own toolbar: Enter presses its button, arrows move its slider or radio group.
      const onControl =
        target?.closest?.(
          'button, input, select, a[href], [role="option"], [role="radio"], [role="slider"]',
        ) != null;
      const nudge = NUDGE[event.key];
      const keyboard = controller.keyboard;
      let handled = true;
      if (keyboard.at && onControl && (nudge || event.key === 'Enter')) {
        return;
      } else if (keyboard.at && nudge) {
        const step = event.shiftKey ? 1 : 10;
        keyboard.move(nudge[0] * step, nudge[1] * step);
      } else if (keyboard.at && event.key === 'Enter') {
        if (event.shiftKey) handled = keyboard.close();
        else keyboard.place();
      } else if (keyboard.at && event.key === 'Escape') {
        handled = keyboard.cancel();
      } else if (nudge) {
        const step = event.shiftKey ? 10 : 1;
        handled = editor.nudge(nudge[0] * step, nudge[1] * step);
      } else
        switch (event.key) {
          case 'Escape':
            handled = editor.cancel();
            if (!handled && state.selected) {
              state.ws.selectRegion(null);
              handled = true;
            }
            break;
          case 'Enter':
            handled = editor.drawingPolygon;
            if (handled) editor.closePolygon();
            break;
          case 'Delete':
          case 'Backspace':
            handled = editor.undoPoint() || controller.deleteSelected();
            break;
          case '+':
          case '=':
            controller.zoom('in');
            break;
          case '-':
            controller.zoom('out');
            break;
          case '0':
            controller.zoom('fit');
            break;
          case 'c':
          case 'C':
            handled = !state.ws.readOnly && state.controls.length > 0;
            if (handled) keyboard.toggle();
            break;
          case '[':
            handled = controller.stepBrush(-1);
            break;
          case ']':
            handled = controller.stepBrush(1);
            break;
          case 'e':
          case 'E':
            handled = controller.toggleErase();
            break;
          case ')':
            // Shift+0 on most layouts.
            controller.zoom('selection');
            break;
          case ' ':
            // Space on a button presses it; elsewhere it is the hand.
            handled = !onButton;
            if (handled) controller.space = true;
            break;
          default:
            handled = false;
        }
      if (handled) event.preventDefault();
    };
    const onKeyUp = (event: KeyboardEvent) => {
      if (event.key === ' ') controller.space = false;
    };
    document.addEventListener('keydown', onKeyDown);
    document.addEventListener('keyup', onKeyUp);
    return () => {
      document.removeEventListener('keydown', onKeyDown);
      document.removeEventListener('keyup', onKeyUp);
    };
  }, [controller]);
}
