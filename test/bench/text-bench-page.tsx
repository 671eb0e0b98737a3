/**
 * The text benchmark's page (bundled by text.bench.ts, run in Chromium): the real ConfigView with the
 * real text view over a 1 MB text and 10,000 spans, or the same with a baseline text view that wraps
 * each span in its own element in one flat, unmemoised tree (how span editors usually draw).
 */
import { createRoot, type Root } from 'react-dom/client';
import { bindConfig, classifyValue } from '../../core/labeling/bind-config.ts';
import type { ControlNode } from '../../core/labeling/config-model.ts';
import { newRecord } from '../../core/labeling/codec.ts';
import { parseLabelingConfig } from '../../core/labeling/parse-config.ts';
import { ConfigView } from '../../renderer/src/workspace/ConfigView.tsx';
import { controlsByName } from '../../renderer/src/workspace/model/config-tree.ts';
import { DocumentStore } from '../../renderer/src/workspace/model/document-store.ts';
import { History } from '../../renderer/src/workspace/model/history.ts';
import { SelectionStore } from '../../renderer/src/workspace/model/selection-store.ts';
import { OBJECT_VIEWS, type ObjectViewProps } from '../../renderer/src/workspace/object-views.ts';
import { createSpan, readSpans } from '../../renderer/src/workspace/text/model/spans.ts';
import { TextView } from '../../renderer/src/workspace/text/TextView.tsx';
import { useWorkspace } from '../../renderer/src/workspace/workspace-context.ts';

const XML = `<View>
  <Labels name="ner" toName="text"><Label value="Person" background="red"/><Label value="Place" background="blue"/></Labels>
  <Text name="text" value="$text"/>
</View>`;

/** About 1 MB of words in paragraphs; a span on every 12th word: 10,000 spans. */
function makeDocument(spanCount: number) {
  const words = ['alpha', 'beta', 'gamma', 'delta', 'epsilon', 'zeta', 'eta', 'theta', 'iota', 'kappa'];
  const parts: string[] = [];
  const spans: { start: number; end: number }[] = [];
  let length = 0;
  for (let i = 0; length < 1_000_000; i++) {
    const word = `${words[i % words.length]}${i % 7}`;
    if (i % 12 === 0 && spans.length < spanCount) spans.push({ start: length, end: length + word.length });
    const sep = i % 120 === 119 ? '.\n\n' : ' ';
    parts.push(word, sep);
    length += word.length + sep.length;
  }
  return { text: parts.join(''), spans };
}

/** The baseline: every span its own element, one flat tree redrawn whole on any change. */
function BaselineTextView({ object, value }: ObjectViewProps) {
  const ws = useWorkspace();
  const text = value.kind === 'text' ? value.text : '';
  const controls = new Map([...ws.controls].filter(([, c]) => c.tag === 'Labels'));
  const spans = [...readSpans(ws.records, object.name, controls, text.length)].sort(
    (a, b) => a.start - b.start,
  );
  const out = [];
  let at = 0;
  for (const s of spans) {
    if (s.start > at) out.push(text.slice(at, s.start));
    out.push(
      <span
        key={s.id}
        className="ws-run-span"
        style={{ ['--span-color' as string]: s.color }}
        data-label={s.labels.join(', ')}
      >
        {text.slice(s.start, s.end)}
      </span>,
    );
    at = s.end;
  }
  out.push(text.slice(at));
  return (
    <div className="ws-text task-text" data-text={object.name}>
      {out}
    </div>
  );
}

const frame = () =>
  new Promise<void>((resolve) => requestAnimationFrame(() => requestAnimationFrame(() => resolve())));

let root: Root | null = null;
let store: DocumentStore;
let control: ControlNode;
let documentText = '';

async function open(kind: 'chunked' | 'baseline', spanCount = 10_000): Promise<number> {
  root?.unmount();
  OBJECT_VIEWS.Text = kind === 'baseline' ? BaselineTextView : TextView;
  const { text, spans } = makeDocument(spanCount);
  documentText = text;
  const config = bindConfig(parseLabelingConfig(XML), { text }, classifyValue);
  control = controlsByName(config.root).get('ner')!;
  const records = spans.map((s, i) =>
    newRecord({
      id: `s${i}`,
      fromName: 'ner',
      toName: 'text',
      type: 'labels',
      value: {
        start: s.start,
        end: s.end,
        text: text.slice(s.start, s.end),
        labels: [i % 2 ? 'Person' : 'Place'],
      },
      order: i,
    }),
  );
  store = new DocumentStore(records);
  const history = new History(store);
  const selection = new SelectionStore();
  const host = document.getElementById('root')!;
  const started = performance.now();
  root = createRoot(host);
  root.render(
    <ConfigView
      config={config}
      store={store}
      history={history}
      readOnly={false}
      projectId="bench"
      onSelectRegion={(id) => selection.select(id)}
    />,
  );
  await frame();
  return performance.now() - started;
}

/**
 * A span added as a label press makes one: `work` until React committed and the layout is done (the
 * main thread's cost), `frame` until the next frame after that (what the annotator waits).
 */
async function addSpan(n: number): Promise<{ work: number; frame: number }> {
  // Somewhere in the middle of the text, a word not yet labelled.
  const at = documentText.indexOf(' ', Math.floor(documentText.length / 2) + n * 997) + 1;
  const end = documentText.indexOf(' ', at);
  const host = document.getElementById('root')!;
  const started = performance.now();
  createSpan(store, control, 'text', documentText, { start: at, end }, ['Person']);
  await new Promise((resolve) => setTimeout(resolve, 0));
  void host.offsetHeight;
  const work = performance.now() - started;
  await new Promise((resolve) => requestAnimationFrame(resolve));
  return { work, frame: performance.now() - started };
}

export interface Frames {
  /** The main thread's work per frame: from the frame's start (rAF) to the first task after its
   * rendering (style, layout, paint), which runs once the frame is done. */
  work: number[];
  /** Frame to frame (vsync-bound: 16.7 ms at 60 Hz is a frame on time, whatever the page). */
  interval: number[];
}

/** Runs `step` at the start of each of `count` frames and measures each frame. */
async function frames(count: number, step: (i: number) => void): Promise<Frames> {
  const work: number[] = [];
  const interval: number[] = [];
  const channel = new MessageChannel();
  let last = -1;
  for (let i = 0; i < count; i++) {
    await new Promise<void>((resolve) =>
      requestAnimationFrame((t) => {
        if (last >= 0) interval.push(t - last);
        last = t;
        const started = performance.now();
        step(i);
        channel.port1.onmessage = () => {
          work.push(performance.now() - started);
          resolve();
        };
        channel.port2.postMessage(0);
      }),
    );
  }
  channel.port1.close();
  return { work, interval };
}

const textRoot = () => document.querySelector('[data-text="text"]') as HTMLElement;

/** The text scrolled by 300 px a frame. */
async function scroll(count: number): Promise<Frames> {
  const el = textRoot();
  el.scrollTop = 0;
  await frame();
  return frames(count, () => {
    el.scrollTop += 300;
  });
}

/** A mouse-style selection grown by a word a frame (the browser's own selection, as in a drag). */
async function selectByDrag(count: number): Promise<Frames> {
  const el = textRoot();
  el.scrollTop = el.scrollHeight / 2;
  await frame();
  const selection = window.getSelection()!;
  const box = el.getBoundingClientRect();
  const start = document.caretPositionFromPoint(box.left + 40, box.top + 60);
  if (!start) return { work: [], interval: [] };
  selection.collapse(start.offsetNode, start.offset);
  const measured = await frames(count, () => selection.modify('extend', 'forward', 'word'));
  selection.removeAllRanges();
  return measured;
}

/** The keyboard: Shift+Ctrl+→ a frame grows the view's pending selection (ours only: a caret). */
async function selectByKeys(count: number): Promise<Frames> {
  const el = textRoot();
  if (el.getAttribute('role') !== 'textbox') return { work: [], interval: [] };
  el.focus();
  const key = (init: KeyboardEventInit) =>
    el.dispatchEvent(new KeyboardEvent('keydown', { bubbles: true, cancelable: true, ...init }));
  // The caret into the middle of the text: Ctrl+→ until well in (each a word).
  key({ key: 'Escape' });
  return frames(count, () => key({ key: 'ArrowRight', ctrlKey: true, shiftKey: true }));
}

(window as unknown as { bench: object }).bench = {
  open,
  addSpan,
  scroll,
  selectByDrag,
  selectByKeys,
  elements: () => document.querySelectorAll('[data-text="text"] *').length,
};
