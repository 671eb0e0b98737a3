import { useId } from 'react';
import { formatTime } from './model/timeline.ts';

/** Playback rates offered (Label Studio's range is 0.5 to 2). */
export const SPEEDS = [0.5, 0.75, 1, 1.25, 1.5, 2];

/** Play/pause, the time, the speed and the zoom of one audio object. */
export function AudioToolbar({
  name,
  playing,
  time,
  duration,
  speed,
  onPlay,
  onSpeed,
  onZoom,
}: {
  name: string;
  playing: boolean;
  time: number;
  duration: number;
  speed: number;
  onPlay: () => void;
  onSpeed: (rate: number) => void;
  onZoom: (how: 'in' | 'out' | 'fit') => void;
}) {
  const speedId = useId();
  return (
    <div className="audio-toolbar" role="toolbar" aria-label={`Audio ${name}`}>
      <button type="button" onClick={onPlay} aria-pressed={playing} data-testid={`audio-play-${name}`}>
        {playing ? 'Pause' : 'Play'}
      </button>
      <span className="audio-time" aria-live="off" data-testid={`audio-time-${name}`}>
        {formatTime(time, 1)} / {formatTime(duration, 1)}
      </span>
      <label htmlFor={speedId} className="audio-speed-label">
        Speed
      </label>
      <select id={speedId} value={speed} onChange={(e) => onSpeed(Number(e.target.value))}>
        {(SPEEDS.includes(speed) ? SPEEDS : [...SPEEDS, speed].sort((a, b) => a - b)).map((s) => (
          <option key={s} value={s}>
            {s}×
          </option>
        ))}
      </select>
      <span className="audio-zoom" role="group" aria-label="Zoom">
        <button type="button" onClick={() => onZoom('out')} aria-label="Zoom out">
          −
        </button>
        <button type="button" onClick={() => onZoom('fit')} aria-label="Fit the whole file">
          Fit
        </button>
        <button type="button" onClick={() => onZoom('in')} aria-label="Zoom in">
          +
        </button>
      </span>
    </div>
  );
}
