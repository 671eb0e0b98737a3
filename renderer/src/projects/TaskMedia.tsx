import { useState } from 'react';
import { useApi } from '../app/app-services.tsx';

type MediaObject = { tag: string; name: string; value: string | null; source?: string | undefined };

/**
 * One object of the task, loaded straight from S3 through its presigned URL. A URL that expired
 * (or was refused) is exchanged for a fresh one once, without the annotator noticing.
 */
export function TaskMedia(props: { projectId: string; object: MediaObject }) {
  // Anew per URL: the next task, shown in the same place, must not keep this one's URL or failure.
  return <LoadedMedia key={`${props.object.value ?? ''}|${props.object.source ?? ''}`} {...props} />;
}

function LoadedMedia({ projectId, object }: { projectId: string; object: MediaObject }) {
  const api = useApi();
  const [url, setUrl] = useState(object.value);
  const [failed, setFailed] = useState(false);
  const [renewed, setRenewed] = useState(0);

  const renew = async () => {
    if (!object.source || renewed > 0) return setFailed(true);
    const fresh = await api.tasks.presign({ projectId, uri: object.source });
    if (fresh.ok) {
      setRenewed((n) => n + 1);
      setUrl(fresh.value.url);
    } else setFailed(true);
  };

  if (url === null) return <p className="muted">This task has no value for {object.name}.</p>;
  if (failed)
    return (
      <p className="error" role="alert">
        The file for {object.name} could not be loaded.
      </p>
    );
  switch (object.tag) {
    case 'Image':
      return (
        <img
          className="task-image"
          src={url}
          alt={object.name}
          data-renewed={renewed}
          onError={() => void renew()}
        />
      );
    case 'Audio':
      return (
        <audio
          className="task-audio"
          src={url}
          controls
          preload="metadata"
          data-renewed={renewed}
          onError={() => void renew()}
        />
      );
    case 'Video':
      return (
        <video className="task-video" src={url} controls preload="metadata" onError={() => void renew()} />
      );
    default:
      // Text and HyperText are shown as text: markup in task data is never rendered as HTML.
      return <p className="task-text">{url}</p>;
  }
}
