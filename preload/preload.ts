/**
 * The sandboxed preload: exposes the contract's named functions as `window.annotator`, nothing else.
 * No ipcRenderer, no raw listener (the Electron event object never reaches the page).
 */
import { contextBridge, ipcRenderer } from 'electron';
import { createApi } from './api.ts';
import { isEventName, type IpcResult } from './contract.ts';

const api = createApi({
  invoke: (channel, request) => ipcRenderer.invoke(channel, request) as Promise<IpcResult<unknown>>,
  subscribe: (event, listener) => {
    if (!isEventName(event)) throw new Error(`unknown event ${String(event)}`);
    const wrapped = (_event: Electron.IpcRendererEvent, payload: unknown) => listener(payload);
    ipcRenderer.on(event, wrapped);
    return () => {
      ipcRenderer.removeListener(event, wrapped);
    };
  },
});

contextBridge.exposeInMainWorld('annotator', api);
