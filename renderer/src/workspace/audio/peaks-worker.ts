/**
 * The waveform's peaks off the window's thread: a 1-hour WAV is read (or a decoded file's samples
 * reduced) here, so the window keeps drawing frames meanwhile. The bytes and the peaks are
 * transferred, not copied.
 */
import { buildPyramid, type PeakPyramid } from './model/peaks.ts';
import { wavPyramids } from './model/wav-peaks.ts';

export type PeaksRequest =
  { kind: 'wav'; bytes: ArrayBuffer } | { kind: 'samples'; channels: Float32Array[]; sampleRate: number };

export type PeaksAnswer = { duration: number; channels: PeakPyramid[] } | null;

/** The buffers of a pyramid, to transfer. */
export function buffersOf(channels: readonly PeakPyramid[]): ArrayBuffer[] {
  return channels.flatMap((c) =>
    c.levels.flatMap((l) => [l.min.buffer as ArrayBuffer, l.max.buffer as ArrayBuffer]),
  );
}

const scope = globalThis as unknown as {
  onmessage: ((event: { data: PeaksRequest }) => void) | null;
  postMessage: (message: PeaksAnswer | 'ready', transfer?: ArrayBuffer[]) => void;
};

scope.onmessage = ({ data }) => {
  const answer: PeaksAnswer =
    data.kind === 'wav'
      ? wavPyramids(data.bytes)
      : {
          duration: (data.channels[0]?.length ?? 0) / data.sampleRate,
          channels: data.channels.map((c) => buildPyramid(c, data.sampleRate)),
        };
  scope.postMessage(answer, answer ? buffersOf(answer.channels) : []);
};

// The window sends its request only after this: a worker that never ran cannot take its bytes.
scope.postMessage('ready');
