/**
 * Generated WAV clips (16-bit PCM mono) with labelled segments: "Speech" is a voiced, syllable-
 * modulated harmonic tone, "Noise" is white noise, the rest is near-silence. Seconds in the ground
 * truth match Label Studio's audio region units.
 */
export interface AudioSegment {
  label: 'Speech' | 'Noise';
  start: number;
  end: number;
  transcript?: string;
}

export interface Clip {
  sampleRate: number;
  durationSeconds: number;
  segments: AudioSegment[];
  wav: Buffer;
}

export function encodeWav(samples: Int16Array, sampleRate: number): Buffer {
  const data = Buffer.from(samples.buffer, samples.byteOffset, samples.byteLength);
  const header = Buffer.alloc(44);
  header.write('RIFF', 0, 'latin1');
  header.writeUInt32LE(36 + data.length, 4);
  header.write('WAVE', 8, 'latin1');
  header.write('fmt ', 12, 'latin1');
  header.writeUInt32LE(16, 16); // PCM fmt chunk size
  header.writeUInt16LE(1, 20); // PCM
  header.writeUInt16LE(1, 22); // mono
  header.writeUInt32LE(sampleRate, 24);
  header.writeUInt32LE(sampleRate * 2, 28);
  header.writeUInt16LE(2, 32);
  header.writeUInt16LE(16, 34);
  header.write('data', 36, 'latin1');
  header.writeUInt32LE(data.length, 40);
  return Buffer.concat([header, data]);
}

export function makeClip(segments: AudioSegment[], durationSeconds: number, sampleRate = 16000): Clip {
  const samples = new Int16Array(Math.round(durationSeconds * sampleRate));
  let noiseState = 12345;
  const noise = (): number => {
    noiseState = (Math.imul(noiseState, 1103515245) + 12345) >>> 0;
    return noiseState / 2 ** 31 - 1;
  };
  for (let i = 0; i < samples.length; i += 1) {
    const t = i / sampleRate;
    const segment = segments.find((s) => t >= s.start && t < s.end);
    let value = noise() * 0.005;
    if (segment?.label === 'Noise') value = noise() * 0.3;
    if (segment?.label === 'Speech') {
      const pitch = 140 + 30 * Math.sin(2 * Math.PI * 0.7 * t);
      const syllables = 0.5 + 0.5 * Math.sin(2 * Math.PI * 4 * t);
      value =
        syllables *
        0.4 *
        [1, 0.5, 0.25].reduce((sum, gain, h) => sum + gain * Math.sin(2 * Math.PI * pitch * (h + 1) * t), 0);
    }
    samples[i] = Math.max(-32768, Math.min(32767, Math.round(value * 32767)));
  }
  return { sampleRate, durationSeconds, segments, wav: encodeWav(samples, sampleRate) };
}
