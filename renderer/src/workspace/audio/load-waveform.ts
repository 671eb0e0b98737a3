/**
 * The waveform's samples: the audio's bytes fetched (from main's same-origin media route when the
 * task has one, so no bucket CORS rule is needed; else from its URL), decoded by WebAudio and reduced
 * to peak pyramids once, in a worker (peaks-worker.ts) so the window keeps drawing. A PCM WAV (most
 * call recordings) is read straight from its bytes instead (model/wav-peaks.ts: a fraction of a
 * second for an hour, where decoding takes seconds). Decoding is
 * asked for at a low sample rate: a waveform needs no more, and a 1-hour file stays a few hundred MB
 * smaller than at the device's 48 kHz.
 */
import { buildPyramid, type PeakPyramid } from './model/peaks.ts';
import { parseWav, wavPyramids } from './model/wav-peaks.ts';
import type { PeaksAnswer, PeaksRequest } from './peaks-worker.ts';

/** Samples per second the waveform is decoded at (peaks of speech and music survive it). */
export const DECODE_RATE = 8000;

export interface Waveform {
  duration: number;
  channels: PeakPyramid[];
  /** Where the peaks were computed (a worker unless the bundle or the page has none). */
  computedIn?: 'worker' | 'window';
}

export type WaveformFailure = 'unreachable' | 'refused' | 'undecodable';

export class WaveformError extends Error {
  readonly reason: WaveformFailure;
  constructor(reason: WaveformFailure) {
    super(`The waveform could not be loaded (${reason}).`);
    this.reason = reason;
  }
}

export async function fetchWaveform(url: string, signal: AbortSignal): Promise<Waveform> {
  let response: Response;
  try {
    response = await fetch(url, { signal, credentials: 'same-origin' });
  } catch (error) {
    if (signal.aborted) throw error;
    // A bucket without a CORS rule for the app's origin ends here too.
    throw new WaveformError('unreachable');
  }
  if (!response.ok) throw new WaveformError('refused');
  return decodeWaveform(await response.arrayBuffer());
}

/**
 * Peaks computed by a worker (peaks-worker.ts), or undefined where there is none (a bundle without
 * workers, a script that did not load): the caller computes them itself. The request (and the
 * buffers it transfers) goes only once the worker said it runs, so a failed worker loses nothing.
 */
function inWorker(request: PeaksRequest, transfer: ArrayBuffer[]): Promise<PeaksAnswer | undefined> {
  let worker: Worker;
  try {
    worker = new Worker(new URL('./peaks-worker.ts', import.meta.url), { type: 'module' });
  } catch {
    return Promise.resolve(undefined);
  }
  return new Promise((resolve) => {
    const done = (answer: PeaksAnswer | undefined) => {
      worker.terminate();
      resolve(answer);
    };
    worker.onerror = () => done(undefined);
    worker.onmessage = (event: MessageEvent<PeaksAnswer | 'ready'>) => {
      if (event.data !== 'ready') return done(event.data);
      // From here an error is the computation's: the bytes are already gone, so it is an answer.
      worker.onerror = () => done(null);
      worker.postMessage(request, transfer);
    };
  });
}

export async function decodeWaveform(bytes: ArrayBuffer): Promise<Waveform> {
  // PCM WAV (most call recordings): peaks read from the bytes, no decode, in a worker when there is one.
  if (parseWav(bytes)) {
    const answer = await inWorker({ kind: 'wav', bytes }, [bytes]);
    const wav = answer === undefined ? wavPyramids(bytes) : answer;
    if (wav && wav.duration > 0) return { ...wav, computedIn: answer === undefined ? 'window' : 'worker' };
    throw new WaveformError('undecodable');
  }
  return webAudioWaveform(bytes);
}

/** Any format Chromium plays (MP3, AAC, Ogg, FLAC…): decoded by WebAudio, then reduced. */
export async function webAudioWaveform(bytes: ArrayBuffer): Promise<Waveform> {
  const context = new OfflineAudioContext(1, 1, DECODE_RATE);
  let buffer: AudioBuffer;
  try {
    buffer = await context.decodeAudioData(bytes);
  } catch {
    throw new WaveformError('undecodable');
  }
  const samples: Float32Array[] = [];
  for (let c = 0; c < buffer.numberOfChannels; c++) samples.push(buffer.getChannelData(c));
  // The worker gets copies (the AudioBuffer's own arrays cannot be transferred), the window keeps drawing.
  const copies = samples.map((c) => c.slice());
  const answer = await inWorker(
    { kind: 'samples', channels: copies, sampleRate: buffer.sampleRate },
    copies.map((c) => c.buffer),
  );
  if (answer) return { ...answer, computedIn: 'worker' };
  const channels = samples.map((c) => buildPyramid(c, buffer.sampleRate));
  return { duration: buffer.duration, channels, computedIn: 'window' };
}
/** What the annotator is told, in words. */
export function waveformMessage(reason: WaveformFailure): string {
  switch (reason) {
    case 'unreachable':
      return 'The waveform could not be loaded: the audio file could not be read from here. You can still play it and mark segments.';
    case 'refused':
      return 'The waveform could not be loaded: the storage refused to send the audio file. You can still play it and mark segments.';
    case 'undecodable':
      return 'The waveform could not be drawn: this audio format could not be decoded. You can still play it and mark segments.';
  }
}
