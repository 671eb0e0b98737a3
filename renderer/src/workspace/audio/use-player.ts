/**
 * The <audio> element as the view sees it: playing or not, the time (the playhead is drawn every
 * frame while playing, the view paging along; React hears of the time a few times a second), the
 * duration, the speed, seek and play/pause.
 */
import { useEffect, useState, type RefObject } from 'react';
import type { WaveformController } from './waveform-controller.ts';

export interface Player {
  playing: boolean;
  time: number;
  duration: number;
  speed: number;
  error: string;
  toggle: () => void;
  seek: (t: number) => void;
  setSpeed: (rate: number) => void;
  /** The exact time now (the element's, not the last one React heard). */
  now: () => number;
}

// The element's properties are set here, outside the hook (React's rules see them as its props).
function setRate(el: HTMLMediaElement, rate: number): void {
  el.playbackRate = rate;
  // A new src (a renewed URL) starts at defaultPlaybackRate: the chosen speed must survive it.
  el.defaultPlaybackRate = rate;
}

function moveTo(el: HTMLMediaElement, t: number): void {
  el.currentTime = t;
}

function speedOf(attr: string | undefined): number {
  const n = Number(attr);
  return Number.isFinite(n) && n >= 0.5 && n <= 2 ? n : 1;
}

export function usePlayer(
  audio: RefObject<HTMLAudioElement | null>,
  controller: WaveformController,
  defaultSpeed: string | undefined,
): Player {
  const [playing, setPlaying] = useState(false);
  const [time, setTime] = useState(0);
  const [duration, setDuration] = useState(0);
  const [speed, setSpeed] = useState(() => speedOf(defaultSpeed));
  const [error, setError] = useState('');

  useEffect(() => {
    if (audio.current) setRate(audio.current, speed);
  }, [audio, speed]);

  useEffect(() => {
    const el = audio.current;
    if (!el) return;
    let frame = 0;
    const tick = () => {
      controller.setPlayhead(el.currentTime, false);
      // A playhead running off the right edge pages the view along.
      controller.follow(el.currentTime, 0);
      controller.drawOver();
      frame = requestAnimationFrame(tick);
    };
    const onMeta = () => setDuration(Number.isFinite(el.duration) ? el.duration : 0);
    const onPlay = () => {
      setPlaying(true);
      cancelAnimationFrame(frame);
      frame = requestAnimationFrame(tick);
    };
    const onPause = () => {
      setPlaying(false);
      cancelAnimationFrame(frame);
      setTime(el.currentTime);
    };
    const onTime = () => setTime(el.currentTime);
    const listeners: [string, () => void][] = [
      ['loadedmetadata', onMeta],
      ['durationchange', onMeta],
      ['play', onPlay],
      ['pause', onPause],
      ['timeupdate', onTime],
    ];
    for (const [name, fn] of listeners) el.addEventListener(name, fn);
    if (el.readyState >= 1) onMeta();
    return () => {
      cancelAnimationFrame(frame);
      for (const [name, fn] of listeners) el.removeEventListener(name, fn);
    };
  }, [audio, controller]);

  const seek = (t: number) => {
    const el = audio.current;
    if (!Number.isFinite(t)) return;
    if (el) moveTo(el, t);
    controller.setPlayhead(t);
    controller.follow(t);
    setTime(t);
  };
  const toggle = () => {
    const el = audio.current;
    if (!el) return;
    if (el.paused)
      el.play().then(
        () => setError(''),
        () => setError('The audio could not be played.'),
      );
    else el.pause();
  };
  return {
    playing,
    time,
    duration,
    speed,
    error,
    toggle,
    seek,
    setSpeed,
    now: () => audio.current?.currentTime ?? controller.playhead,
  };
}
