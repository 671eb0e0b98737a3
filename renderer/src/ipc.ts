/**
 * The renderer's only door to main: `window.annotator`, put there by the preload (Electron) or by the
 * harness bridge (browser tests). Its type is derived from the IPC contract.
 */
import type { AnnotatorApi } from '../../preload/api.ts';
import type { IpcError, IpcResult } from '../../preload/contract.ts';

export function getApi(): AnnotatorApi {
  const api = window.annotator;
  if (!api) throw new Error('The app bridge is missing: open Federated Annotator from its own window.');
  return api;
}

export type { IpcError, IpcResult };
