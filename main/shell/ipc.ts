/**
 * Wires the dispatcher to ipcMain. Every contract channel is registered here and only here, so no
 * channel can skip the sender check and validation; events go to app windows only (never the IdP window).
 */
import { ipcMain, type BrowserWindow, type IpcMainInvokeEvent } from 'electron';
import { channelNames } from '../../preload/contract.ts';
import type { Dispatch, Sender } from '../ipc/dispatcher.ts';
import type { EventBus } from '../ipc/event-bus.ts';

function senderOf(event: IpcMainInvokeEvent): Sender {
  const frame = event.senderFrame;
  if (!frame) return { url: null, isMainFrame: false };
  return { url: frame.url, isMainFrame: frame.parent === null && frame === event.sender.mainFrame };
}

export function registerIpc(dispatch: Dispatch): void {
  for (const channel of channelNames) {
    ipcMain.handle(channel, (event, request: unknown) => dispatch(senderOf(event), channel, request));
  }
}

export function forwardEvents(bus: EventBus, appWindows: () => BrowserWindow[]): () => void {
  return bus.addSink((event, payload) => {
    for (const window of appWindows()) {
      if (!window.isDestroyed()) window.webContents.send(event, payload);
    }
  });
}
