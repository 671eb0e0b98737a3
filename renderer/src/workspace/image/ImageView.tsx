/**
 * The Image object's editor view (OBJECT_VIEWS.Image): the image on a canvas with its regions, the
 * toolbar, and the region list. The canvas is aria-hidden; the keyboard path is the toolbar, the
 * label keys and the region list. Predictions and others' annotations are drawn the same way from a
 * read-only store: the view just draws what the store has.
 *
 * The image is loaded by a hidden <img> from its presigned URL, as TaskMedia does: a URL that
 * expired (or was refused) is exchanged for a fresh one once (api.tasks.presign), unnoticed.
 */
import { useEffect, useState } from 'react';
import { useApi } from '../../app/app-services.tsx';
import type { ObjectViewProps } from '../object-views.ts';
import { useWorkspace } from '../workspace-context.ts';
import { ImageWorkspace } from './ImageWorkspace.tsx';
import './image.css';

export function ImageView({ object, value, projectId }: ObjectViewProps) {
  const ws = useWorkspace();
  const [page, setPage] = useState(0);
  // valueList: one image at a time, its regions carrying item_index (Label Studio's pager).
  const multi = value.kind === 'list';
  const items = value.kind === 'list' ? value.items : [value];
  const at = Math.min(page, Math.max(0, items.length - 1));
  const item = items[at];
  if (!item || item.kind !== 'url') return <p className="muted">This task has no image for {object.name}.</p>;
  const go = (to: number) => {
    ws.selectRegion(null);
    setPage(to);
  };
  return (
    <>
      {multi && items.length > 1 && (
        <nav className="image-pager" aria-label={`Images of ${object.name}`}>
          <button type="button" disabled={at === 0} onClick={() => go(at - 1)} aria-label="Previous image">
            ‹
          </button>
          <span data-testid="image-page">
            Image {at + 1} of {items.length}
          </span>
          <button
            type="button"
            disabled={at + 1 >= items.length}
            onClick={() => go(at + 1)}
            aria-label="Next image"
          >
            ›
          </button>
        </nav>
      )}
      <LoadedImage
        key={`${at}:${item.url}`}
        object={object}
        projectId={projectId}
        url={item.url}
        source={item.source}
        {...(multi ? { itemIndex: at } : {})}
      />
    </>
  );
}

/**
 * How long an image may take before the view says it is not arriving: Chromium itself would wait
 * minutes on a stalled connection (a hung VPN), and a spinner must not wait forever.
 */
export const IMAGE_WAIT_MS = 15_000;

function LoadedImage({
  object,
  projectId,
  url: given,
  source,
  itemIndex,
}: {
  object: ObjectViewProps['object'];
  projectId: string;
  url: string;
  source: string | undefined;
  itemIndex?: number;
}) {
  const api = useApi();
  const [url, setUrl] = useState(given);
  const [renewed, setRenewed] = useState(0);
  const [failed, setFailed] = useState(false);
  const [image, setImage] = useState<HTMLImageElement | null>(null);
  // The attempt whose wait ran out (the same attempt loading later still shows the image).
  const [attempt, setAttempt] = useState(0);
  const [slowAttempt, setSlowAttempt] = useState(-1);
  const slow = slowAttempt === attempt && !image && !failed;

  useEffect(() => {
    if (image || failed) return;
    const timer = setTimeout(() => setSlowAttempt(attempt), IMAGE_WAIT_MS);
    return () => clearTimeout(timer);
  }, [attempt, image, failed]);

  const renew = async () => {
    if (!source || renewed > 0) return setFailed(true);
    const fresh = await api.tasks.presign({ projectId, uri: source });
    if (fresh.ok) {
      setRenewed((n) => n + 1);
      setUrl(fresh.value.url);
    } else setFailed(true);
  };
  // Asked again: a fresh URL where main can sign one (a request for the same URL could join the
  // stalled one), the element made anew, and waited for as long again.
  const tryAgain = async () => {
    const fresh = source ? await api.tasks.presign({ projectId, uri: source }) : null;
    if (fresh?.ok) setUrl(fresh.value.url);
    setAttempt((n) => n + 1);
  };

  return (
    <>
      <img
        key={attempt}
        className="task-image"
        hidden
        style={{ display: 'none' }}
        alt=""
        src={url}
        data-renewed={renewed}
        onLoad={(e) => setImage(e.currentTarget)}
        onError={() => void renew()}
      />
      {failed ? (
        <p className="error" role="alert">
          The image for {object.name} could not be loaded.
        </p>
      ) : image ? (
        <ImageWorkspace
          object={object}
          image={image}
          size={{ width: image.naturalWidth, height: image.naturalHeight }}
          renewed={renewed}
          {...(itemIndex !== undefined ? { itemIndex } : {})}
        />
      ) : slow ? (
        <p className="error" role="alert" data-testid="image-slow">
          The image for {object.name} has not arrived after {IMAGE_WAIT_MS / 1000} s: S3 is not answering (the
          VPN or a proxy may be stuck). Your work on this task is kept.{' '}
          <button type="button" onClick={() => void tryAgain()}>
            Try again
          </button>
        </p>
      ) : (
        <p className="muted" data-testid="image-loading">
          Loading the image…
        </p>
      )}
    </>
  );
}
