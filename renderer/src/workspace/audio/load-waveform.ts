/**
 * The waveform's samples: the audio's bytes fetched (from main's same-origin media route when the
 * task has one, so no bucket CORS rule is needed; else from its URL), decoded by WebAudio and reduced
 * to peak pyramids once. A PCM WAV (most call recordings) is read straight from its bytes instead
 * (model/wav-peaks.ts: a tenth of a second for an hour, where decoding takes seconds). Decoding is
 * asked for at a low sample rate: a waveform needs no more, and a 1-hour file stays a few hundred MB
 * smaller than at the device's 48 kHz.
 */
import { buildPyramid, type PeakPyramid } from './model/peaks.ts';
import { wavPyramids } from './model/wav-peaks.ts';

/** Samples per second the waveform is decoded at (peaks of speech and music survive it). */
export const DECODE_RATE = 8000;

export interface Waveform {
  duration: number;
  channels: PeakPyramid[];
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

export async function decodeWaveform(bytes: ArrayBuffer): Promise<Waveform> {
  // PCM WAV (most call recordings): peaks read from the bytes, no decode.
  const wav = wavPyramids(bytes);
  if (wav && wav.duration > 0) return wav;
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
  const channels: PeakPyramid[] = [];
  for (let c = 0; c < buffer.numberOfChannels; c++)
    channels.push(buildPyramid(buffer.getChannelData(c), buffer.sampleRate));
  return { duration: buffer.duration, channels };
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
