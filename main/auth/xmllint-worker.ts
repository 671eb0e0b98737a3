/**
 * xmllint-wasm kept warm. Its own `validateXML` starts a Worker and compiles the 800 KB WASM module
 * on every call, which was most of a sign-in's verification time. Here one worker compiles the module
 * once and instantiates it per validation: each run still gets a fresh instance (its own memory and
 * file system, nothing carried from one response to the next), only the compilation is shared.
 * The worker keeps the process alive only while a validation is pending, and ends after a few idle
 * minutes.
 */
import { createRequire } from 'node:module';
import path from 'node:path';
import { Worker } from 'node:worker_threads';

export interface XmlFile {
  fileName: string;
  contents: string;
}

export interface XmllintResult {
  /** xmllint's exit code: 0 valid, 3/4 invalid, anything else a failure of the run itself. */
  exitCode: number;
  stderr: string;
}

// Runs inside the worker, started from this text (no bundling needed). Only getBuiltinModule, no
// require/import, so it runs whether the worker treats it as a script or a module (a parent started
// with --input-type=module passes that on). xmllint-node.js exports the Emscripten factory and also
// registers the package's own one-shot handler on parentPort, removed so only this one answers.
const workerSource = `
const { parentPort, workerData } = process.getBuiltinModule('node:worker_threads');
const { readFileSync } = process.getBuiltinModule('node:fs');
const { createRequire } = process.getBuiltinModule('node:module');
const factory = createRequire(workerData.script)(workerData.script);
parentPort.removeAllListeners('message');
const compiled = new WebAssembly.Module(readFileSync(workerData.wasm));
const decode = (bytes) => new TextDecoder().decode(Uint8Array.from(bytes));
parentPort.on('message', ({ id, inputFiles, args }) => {
  const stderr = [];
  const reply = (exitCode) => parentPort.postMessage({ id, exitCode, stderr: decode(stderr) });
  try {
    factory({
      inputFiles,
      arguments: args,
      stdout: () => undefined,
      stderr: (byte) => stderr.push(byte),
      onExit: reply,
      wasmMemory: new WebAssembly.Memory({ initial: 256, maximum: 512 }),
      instantiateWasm: (imports, done) => {
        const instance = new WebAssembly.Instance(compiled, imports);
        done(instance, compiled);
        return instance.exports;
      },
    }).catch(() => reply(-1));
  } catch {
    reply(-1);
  }
});
`;

const idleMs = 5 * 60_000;
const runTimeoutMs = 10_000;

interface Pending {
  owner: Worker;
  resolve: (result: XmllintResult) => void;
  reject: (error: Error) => void;
  timer: NodeJS.Timeout;
}

let worker: Worker | null = null;
let idleTimer: NodeJS.Timeout | null = null;
let sequence = 0;
const pending = new Map<number, Pending>();

function failAll(owner: Worker, error: Error): void {
  for (const [id, entry] of pending) {
    if (entry.owner !== owner) continue;
    clearTimeout(entry.timer);
    entry.reject(error);
    pending.delete(id);
  }
}

/** Referenced while a validation is pending (the answer must arrive), unreferenced when idle. */
function settle(owner: Worker): void {
  if (![...pending.values()].some((entry) => entry.owner === owner)) owner.unref();
}

function stop(): void {
  const current = worker;
  worker = null;
  if (current) void current.terminate();
}

function start(): Worker {
  const entry = createRequire(import.meta.url).resolve('xmllint-wasm');
  const dir = path.dirname(entry);
  const started = new Worker(workerSource, {
    eval: true,
    workerData: { script: path.join(dir, 'xmllint-node.js'), wasm: path.join(dir, 'xmllint.wasm') },
  });
  started.on('message', (message: { id: number } & XmllintResult) => {
    const entry = pending.get(message.id);
    if (!entry) return;
    pending.delete(message.id);
    clearTimeout(entry.timer);
    entry.resolve({ exitCode: message.exitCode, stderr: message.stderr });
    settle(started);
  });
  // A crashed worker fails what it was doing; the next validation starts a new one.
  const lost = (error: Error) => {
    if (worker === started) worker = null;
    failAll(started, error);
  };
  started.on('error', lost);
  started.on('exit', (code) => lost(new Error(`xmllint worker exited (${code})`)));
  // After the listeners: adding a 'message' listener refs the worker's port again, which kept the
  // process (and the stand-in probe) alive forever.
  started.unref();
  return started;
}

function keepAlive(): Worker {
  worker ??= start();
  if (idleTimer) clearTimeout(idleTimer);
  idleTimer = setTimeout(stop, idleMs).unref();
  return worker;
}

/** Starts the worker ahead of need (the sign-in window opened), so the first validation is warm. */
export function warmXmllint(): void {
  keepAlive();
}

/** Runs `xmllint --schema <schema> --noout <xml>` with the other files preloaded. */
export function runXmllint(
  xml: XmlFile,
  schema: XmlFile,
  preload: readonly XmlFile[],
): Promise<XmllintResult> {
  const target = keepAlive();
  const id = ++sequence;
  return new Promise((resolve, reject) => {
    // A run that never ends (it should not happen with 100 KB inputs) must not hang the sign-in.
    const timer = setTimeout(() => {
      pending.delete(id);
      settle(target);
      if (worker === target) stop();
      reject(new Error('xmllint did not finish in time'));
    }, runTimeoutMs).unref();
    pending.set(id, { owner: target, resolve, reject, timer });
    target.ref();
    target.postMessage({
      id,
      inputFiles: [xml, schema, ...preload],
      args: ['--schema', schema.fileName, '--noout', xml.fileName],
    });
  });
}
