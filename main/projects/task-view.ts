/**
 * What the window gets for an opened task: the labeling config bound to this task's data (media as
 * presigned URLs, `valueType="url"` content read here with the role's credentials), the annotations
 * already made (in the target, and those the source task file carried), predictions, and the draft.
 * Object tags are handled by what they show, not by name lists spread over the code: one table.
 */
import { bindConfig } from '../../core/labeling/bind-config.ts';
import type { LabelingConfig, ObjectNode, ObjectValue } from '../../core/labeling/config-model.ts';
import type { TaskAnnotation, SourceAnnotation } from '../../preload/contract.ts';
import { AppError } from '../errors.ts';
import { createLogger } from '../log.ts';
import {
  annotationOwner,
  findS3Uris,
  isOwnedBy,
  looksLikeS3Uri,
  parseS3Uri,
  type Annotation,
  type ParsedTask,
} from '../tasks/index.ts';
import type { MediaPort } from '../media/media-service.ts';
import { assertAccess } from '../storage/scope.ts';
import type { ProjectServices } from './project-services.ts';

const log = createLogger('projects');

/** Object tags whose value is media the window loads by URL (straight from S3, presigned). */
const MEDIA_OBJECTS: ReadonlySet<string> = new Set(['Image', 'Audio', 'AudioPlus', 'Video', 'Pdf']);
/** Object tags whose `valueType="url"` content is read here and shown as text. */
const URL_CONTENT_OBJECTS: ReadonlySet<string> = new Set(['Text', 'HyperText', 'Paragraphs', 'TimeSeries']);
const MAX_URL_CONTENT_BYTES = 5 * 1024 * 1024;

/**
 * Binds the config to the task: s3:// references presigned first (and, with the media service, given
 * a same-origin `/media/` URL; a cached object is loaded from there only, so it opens offline), then
 * content by URL read through main.
 */
export async function bindTaskConfig(
  services: ProjectServices,
  config: LabelingConfig,
  task: ParsedTask,
  media?: MediaPort,
): Promise<LabelingConfig> {
  const urls = new Map<string, string>();
  const local = new Map<string, { url: string; cached: boolean }>();
  await Promise.all(
    findS3Uris(task.data).map(async (uri) => {
      try {
        const ref = parseS3Uri(uri);
        // The scope guard first: no id is minted for an object the project may not read.
        assertAccess([services.project], ref, 'read');
        const own = await media?.localUrl({ projectId: services.project.id, ...ref });
        if (own) local.set(uri, own);
        // A cached object needs no URL signed (offline, the credentials may be too close to expiry).
        if (!own?.cached) urls.set(uri, (await services.presigner.presign(ref)).url);
      } catch (error) {
        // Outside the project's scope or unreadable: the object shows what is missing, the rest opens.
        log.warn('could not presign a task reference:', error);
      }
    }),
  );
  const pendingText: { object: ObjectNode; uri: string }[] = [];
  const resolve = (value: unknown, object: ObjectNode): ObjectValue => {
    if (typeof value === 'string') {
      const wantsContent =
        URL_CONTENT_OBJECTS.has(object.tag) && object.attrs.valuetype?.toLowerCase() === 'url';
      if (wantsContent) {
        pendingText.push({ object, uri: value });
        return { kind: 'text', text: '' };
      }
      if (looksLikeS3Uri(value)) {
        const own = local.get(value);
        const url = own?.cached ? own.url : urls.get(value);
        if (!url) return { kind: 'missing', field: value };
        return { kind: 'url', url, source: value, ...(own ? { localUrl: own.url } : {}) };
      }
      if (MEDIA_OBJECTS.has(object.tag)) return { kind: 'url', url: value };
      return { kind: 'text', text: value };
    }
    if (value === null || value === undefined) return { kind: 'missing', field: object.valueTemplate };
    return { kind: 'json', json: value };
  };
  const bound = bindConfig(config, task.data, resolve);
  const texts = await Promise.all(pendingText.map(({ uri }) => readUrlContent(services, uri, media)));
  texts.forEach((text, i) => fill(bound, pendingText[i]!.object.id, text));
  return bound;
}

/** The content behind a `valueType="url"` value, read with the role's credentials (no bucket CORS needed). */
async function readUrlContent(services: ProjectServices, uri: string, media?: MediaPort): Promise<string> {
  if (!uri.startsWith('s3://'))
    throw new AppError(
      'TASK_URL_NOT_S3',
      `This task's text is at ${uri.slice(0, 80)}, which is not in S3; the app reads task content from the project's bucket only.`,
    );
  const ref = parseS3Uri(uri);
  // Only inside the project's own prefixes, as for presigned media: a task file must not make the
  // window show whatever else the role may read (another project's annotations, say).
  assertAccess([services.project], ref, 'read');
  // Kept offline by the prefetch.
  const cached = await media?.cachedBytes({ projectId: services.project.id, ...ref });
  if (cached) return cached.toString('utf8');
  const object = await services.s3.getText(
    { Bucket: ref.bucket, Key: ref.key },
    { maxBytes: MAX_URL_CONTENT_BYTES },
  );
  return object.text;
}

function fill(config: LabelingConfig, nodeId: string, text: string): void {
  const visit = (node: LabelingConfig['root']): void => {
    if (node.kind === 'object' && node.id === nodeId) node.value = { kind: 'text', text };
    if ('children' in node) node.children.forEach(visit);
  };
  visit(config.root);
}

export function annotationView(annotation: Annotation, me: string): TaskAnnotation {
  const by = annotationOwner(annotation);
  return {
    id: annotation.id ?? '',
    ...(by ? { completedBy: by } : {}),
    ...(typeof annotation.created_at === 'string' ? { createdAt: annotation.created_at } : {}),
    ...(typeof annotation.updated_at === 'string' ? { updatedAt: annotation.updated_at } : {}),
    mine: isOwnedBy(annotation, me),
    ...(annotation.was_cancelled === true ? { skipped: true } : {}),
    result: annotation.result ?? [],
  };
}

/** Annotations and predictions the source task file carried (an export used as input): shown and counted. */
export function sourceAnnotations(task: ParsedTask, stored: readonly Annotation[] = []): SourceAnnotation[] {
  const out: SourceAnnotation[] = [];
  // The target's export starts as a copy of the task, so the file's own annotations are there too:
  // those already listed as annotations are not shown twice.
  const inTarget = new Set(stored.map((a) => String(a.id)));
  const list = (key: string) => (Array.isArray(task.extra[key]) ? (task.extra[key] as unknown[]) : []);
  const entries = [
    ...list('annotations').map((a) => ['annotation', a] as const),
    // Label Studio's legacy name for annotations.
    ...list('completions').map((a) => ['annotation', a] as const),
    ...list('predictions').map((a) => ['prediction', a] as const),
  ];
  entries.forEach(([kind, entry], i) => {
    if (entry === null || typeof entry !== 'object') return;
    const item = entry as Record<string, unknown>;
    if (!Array.isArray(item.result)) return;
    if (kind === 'annotation' && item.id !== undefined && inTarget.has(String(item.id))) return;
    const by =
      kind === 'prediction'
        ? typeof item.model_version === 'string'
          ? item.model_version
          : 'prediction'
        : (annotationOwner(item as Annotation) ?? 'annotation in the task file');
    out.push({
      kind,
      id: typeof item.id === 'number' || typeof item.id === 'string' ? item.id : `${kind}-${i}`,
      label: by,
      ...(typeof item.score === 'number' ? { score: item.score } : {}),
      result: item.result as unknown[],
    });
  });
  return out;
}
