import { useEffect, useRef, useState, type RefObject } from 'react';
import type { Paragraph } from './paragraphs.ts';

/**
 * Paragraphs' `audioUrl`: the call's audio (by its presigned URL, as other media play) and a play
 * button per turn that has a `start`: it seeks there, plays, and stops at the turn's end (when the
 * turn has one). `showPlayer="true"` shows the whole player above the turns too.
 */
export function useTurnAudio(audio: RefObject<HTMLAudioElement | null>, url: string | null) {
  const stopAt = useRef<number | null>(null);
  const [playing, setPlaying] = useState<number | null>(null);
  // The URL that failed to load: another task's audio (a new URL) starts with a clean slate.
  const [failedUrl, setFailedUrl] = useState<string | null>(null);
  const failed = url !== null && failedUrl === url;

  useEffect(() => {
    const el = audio.current;
    if (!el) return;
    let frame = 0;
    // Checked each frame while playing: timeupdate comes only every quarter second or so.
    const tick = () => {
      if (stopAt.current !== null && el.currentTime >= stopAt.current) el.pause();
      else frame = requestAnimationFrame(tick);
    };
    const onPlay = () => {
      cancelAnimationFrame(frame);
      frame = requestAnimationFrame(tick);
    };
    const onStop = () => {
      cancelAnimationFrame(frame);
      stopAt.current = null;
      setPlaying(null);
    };
    el.addEventListener('play', onPlay);
    el.addEventListener('pause', onStop);
    el.addEventListener('ended', onStop);
    return () => {
      cancelAnimationFrame(frame);
      el.removeEventListener('play', onPlay);
      el.removeEventListener('pause', onStop);
      el.removeEventListener('ended', onStop);
    };
  }, [audio, url]);

  /** Plays turn `p` from its start (or pauses it when it is the one playing). */
  const toggle = (p: Paragraph) => {
    const el = audio.current;
    if (!el || p.start === undefined) return;
    if (playing === p.index) return el.pause();
    stopAt.current = p.end ?? null;
    setPlaying(p.index);
    playFrom(el, p.start).catch(() => setPlaying(null));
  };

  return { playing, failed, toggle, onError: () => setFailedUrl(url) };
}

function playFrom(el: HTMLMediaElement, at: number): Promise<void> {
  el.currentTime = at;
  return el.play();
}

const seconds = (s: number) => `${s.toFixed(1)} s`;

/** A turn's play button: an icon only (no text node, so it never counts in a selection's offsets). */
export function TurnPlayButton({
  paragraph,
  playing,
  disabled,
  onToggle,
}: {
  paragraph: Paragraph;
  playing: boolean;
  disabled: boolean;
  onToggle: () => void;
}) {
  if (paragraph.start === undefined) return <span className="ws-turn-play" aria-hidden="true" />;
  const who = paragraph.name || `turn ${paragraph.index + 1}`;
  return (
    <button
      type="button"
      className="ws-turn-play"
      data-testid={`play-turn-${paragraph.index}`}
      aria-label={playing ? `Pause ${who}` : `Play ${who} from ${seconds(paragraph.start)}`}
      disabled={disabled}
      onClick={onToggle}
    >
      <svg viewBox="0 0 10 10" width="10" height="10" aria-hidden="true">
        {playing ? <path d="M2 1h2v8H2zM6 1h2v8H6z" /> : <path d="M2 1l7 4-7 4z" />}
      </svg>
    </button>
  );
}
