/**
 * The Audio / AudioPlus object's editor view (OBJECT_VIEWS.Audio): a waveform with segments, its
 * toolbar and the segments in the region list. Playback is an <audio> element on the presigned URL
 * (renewed once when it expired, as TaskMedia does); the waveform's bytes come from main's
 * same-origin media route (`localUrl`) when the task has one, so the customer's bucket needs no CORS
 * rule. Without a waveform (a bucket that refuses the app's origin, a format WebAudio cannot decode)
 * the timeline still works from the player's duration.
 */
import { useEffect, useMemo, useRef, useState } from 'react';
import { useApi } from '../../app/app-services.tsx';
import type { ObjectViewProps } from '../object-views.ts';
import { AudioWorkspace } from './AudioWorkspace.tsx';
import { fetchWaveform, WaveformError, waveformMessage, type Waveform } from './load-waveform.ts';
import './audio.css';

export type WaveformState =
  { kind: 'loading' } | { kind: 'ready'; waveform: Waveform } | { kind: 'failed'; message: string };

const LOADING: WaveformState = { kind: 'loading' };

/**
 * The last waveforms made, by the URL their bytes came from: going to a prediction's tab and back
 * (a new view of the same object) draws at once instead of reading an hour of audio again.
 */
const RECENT = new Map<string, Waveform>();
function remember(url: string, waveform: Waveform): void {
  RECENT.delete(url);
  RECENT.set(url, waveform);
  for (const key of RECENT.keys()) if (RECENT.size > 2) RECENT.delete(key);
}

/**
 * One view per recording: moving to the next task keeps this component mounted with another value,
 * and nothing of the last recording (player source, segment in the making, hidden, zoom) may carry
 * over to the new one.
 */
export function AudioView(props: ObjectViewProps) {
  const { value } = props;
  const key =
    value.kind === 'url' ? `${value.url}|${value.localUrl ?? ''}|${value.source ?? ''}` : value.kind;
  return <RecordingView key={key} {...props} />;
}

function RecordingView({ object, value, projectId }: ObjectViewProps) {
  const api = useApi();
  const given = value.kind === 'url' ? value.url : null;
  const source = value.kind === 'url' ? value.source : undefined;
  // main's media route, when it serves this object (same origin: no CORS needed).
  const local = value.kind === 'url' ? value.localUrl : undefined;
  const [url, setUrl] = useState(given);
  const [renewed, setRenewed] = useState(0);
  const [failed, setFailed] = useState(false);
  // The waveform of the URL it was loaded from (a new URL is loading until its answer comes).
  const [loaded, setLoaded] = useState<{ from: string; state: WaveformState } | null>(null);
  const audio = useRef<HTMLAudioElement>(null);
  const bytesUrl = local ?? given;
  const cached = bytesUrl ? RECENT.get(bytesUrl) : undefined;
  const wave: WaveformState = useMemo(
    () =>
      cached
        ? { kind: 'ready', waveform: cached }
        : loaded && loaded.from === bytesUrl
          ? loaded.state
          : LOADING,
    [cached, loaded, bytesUrl],
  );

  useEffect(() => {
    if (!bytesUrl || RECENT.has(bytesUrl)) return;
    const abort = new AbortController();
    fetchWaveform(bytesUrl, abort.signal).then(
      (waveform) => {
        remember(bytesUrl, waveform);
        setLoaded({ from: bytesUrl, state: { kind: 'ready', waveform } });
      },
      (error: unknown) => {
        if (abort.signal.aborted) return;
        const reason = error instanceof WaveformError ? error.reason : 'undecodable';
        setLoaded({ from: bytesUrl, state: { kind: 'failed', message: waveformMessage(reason) } });
      },
    );
    return () => abort.abort();
  }, [bytesUrl]);

  const renew = async () => {
    if (!source || renewed > 0) return setFailed(true);
    const fresh = await api.tasks.presign({ projectId, uri: source });
    if (fresh.ok) {
      setRenewed((n) => n + 1);
      setUrl(fresh.value.url);
    } else setFailed(true);
  };

  if (!url) return <p className="muted">This task has no audio for {object.name}.</p>;
  return (
    <>
      <audio
        ref={audio}
        className="audio-player"
        src={url}
        preload="auto"
        data-renewed={renewed}
        onError={() => void renew()}
      />
      {failed ? (
        <p className="error" role="alert">
          The audio for {object.name} could not be loaded.
        </p>
      ) : (
        <AudioWorkspace object={object} audio={audio} wave={wave} />
      )}
    </>
  );
}
