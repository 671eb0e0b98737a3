/**
 * The harness's stand-in for the Electron preload, run in the page before the app: the same API,
 * built by the same createApi() from the contract, over loopback HTTP instead of ipcRenderer.
 * The token arrives in the URL fragment (never sent to a server by the browser), is kept in
 * sessionStorage so reloads work, and is removed from the address bar.
 */
import { createApi } from '../../preload/api.ts';
import type { IpcResult } from '../../preload/contract.ts';

const TOKEN_KEY = 'harness-token';
const fragment = new URLSearchParams(location.hash.slice(1));
const token = fragment.get(TOKEN_KEY) ?? sessionStorage.getItem(TOKEN_KEY) ?? '';
if (fragment.has(TOKEN_KEY)) {
  sessionStorage.setItem(TOKEN_KEY, token);
  history.replaceState(null, '', location.pathname + location.search);
}
// Electron tells main which frame sent a message; here the page says so, and main refuses subframes.
const frame = window.top === window ? 'main' : 'sub';
const headers = { 'content-type': 'application/json', 'x-harness-token': token, 'x-harness-frame': frame };

type Listener = (payload: unknown) => void;
const listeners = new Map<string, Set<Listener>>();
let stream: Promise<void> | null = null;

async function readEvents(): Promise<void> {
  const response = await fetch('/__ipc/events', { headers });
  if (!response.ok || !response.body) throw new Error(`harness event stream refused: ${response.status}`);
  const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
  let buffer = '';
  for (;;) {
    const { value, done } = await reader.read();
    if (done) return;
    buffer += value;
    let end: number;
    while ((end = buffer.indexOf('\n\n')) >= 0) {
      const chunk = buffer.slice(0, end);
      buffer = buffer.slice(end + 2);
      if (!chunk.startsWith('data: ')) continue;
      const { event, payload } = JSON.parse(chunk.slice(6)) as { event: string; payload: unknown };
      for (const listener of listeners.get(event) ?? []) listener(payload);
    }
  }
}

/**
 * Electron's file dialog, the harness's way: a file input in the page; the chosen file's text goes to
 * the harness, which hands its path to main's picker port. Cancelled: nothing is sent, main gets null.
 */
async function pickOrganizationFile(): Promise<void> {
  const input = Object.assign(document.createElement('input'), {
    type: 'file',
    accept: '.json,application/json',
  });
  input.hidden = true;
  document.body.append(input);
  try {
    const file = await new Promise<File | null>((resolve) => {
      input.addEventListener('change', () => resolve(input.files?.[0] ?? null), { once: true });
      input.addEventListener('cancel', () => resolve(null), { once: true });
      input.click();
    });
    await fetch('/__ipc/organization-file', {
      method: 'POST',
      headers: { ...headers, 'content-type': 'application/octet-stream' },
      body: file ?? new Blob([]),
    });
  } finally {
    input.remove();
  }
}

const api = createApi({
  async invoke(channel, request) {
    if (channel === 'organization.importFile') await pickOrganizationFile();
    const response = await fetch(`/__ipc/invoke/${encodeURIComponent(channel)}`, {
      method: 'POST',
      headers,
      body: JSON.stringify({ request }),
    });
    return (await response.json()) as IpcResult<unknown>;
  },
  subscribe(event, listener) {
    let set = listeners.get(event);
    if (!set) listeners.set(event, (set = new Set()));
    set.add(listener);
    stream ??= readEvents().catch((error: unknown) => console.error(error));
    return () => {
      set.delete(listener);
    };
  },
});

Object.defineProperty(window, 'annotator', { value: api, enumerable: true });
