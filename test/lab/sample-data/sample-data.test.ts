import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { inflateSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { ROLES } from '../organization.ts';
import { drawScene } from './png.ts';
import { buildSampleProjects } from './projects.ts';
import { makeClip } from './wav.ts';

/** Reads back an 8-bit RGB PNG written by encodePng (filter type 0 rows). */
function decodeRgb(png: Buffer): {
  width: number;
  height: number;
  pixel: (x: number, y: number) => number[];
} {
  expect(png.subarray(0, 8)).toEqual(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));
  const width = png.readUInt32BE(16);
  const height = png.readUInt32BE(20);
  const idatLength = png.readUInt32BE(33);
  expect(png.subarray(37, 41).toString()).toBe('IDAT');
  const raw = inflateSync(png.subarray(41, 41 + idatLength));
  return {
    width,
    height,
    pixel: (x, y) => [...raw.subarray(y * (width * 3 + 1) + 1 + x * 3, y * (width * 3 + 1) + 4 + x * 3)],
  };
}

describe('generated media', () => {
  it('draws PNG scenes whose pixels match their ground truth', () => {
    const scene = drawScene(3);
    const image = decodeRgb(scene.png);
    expect([image.width, image.height]).toEqual([320, 240]);
    expect(scene.shapes.length).toBeGreaterThanOrEqual(3);
    for (const shape of scene.shapes) {
      const [x, y] =
        shape.kind === 'rectangle'
          ? [shape.x + shape.width / 2, shape.y + shape.height / 2]
          : shape.kind === 'circle'
            ? [shape.cx, shape.cy]
            : [shape.points[0]![0], shape.points[1]![1] - 3];
      expect(image.pixel(Math.floor(x), Math.floor(y))).toEqual(shape.color);
    }
    expect(drawScene(3).png.equals(scene.png)).toBe(true);
  });

  it('writes WAV clips with a PCM header and loud segments where the labels say', () => {
    const clip = makeClip([{ label: 'Speech', start: 0.5, end: 1 }], 2, 8000);
    expect(clip.wav.subarray(0, 4).toString()).toBe('RIFF');
    expect(clip.wav.subarray(8, 16).toString()).toBe('WAVEfmt ');
    expect(clip.wav.readUInt32LE(24)).toBe(8000);
    expect(clip.wav.readUInt32LE(40)).toBe(2 * 8000 * 2);
    const rms = (from: number, to: number): number => {
      let sum = 0;
      for (let i = from * 8000; i < to * 8000; i += 1) sum += clip.wav.readInt16LE(44 + i * 2) ** 2;
      return Math.sqrt(sum / ((to - from) * 8000));
    };
    expect(rms(0.6, 0.9)).toBeGreaterThan(20 * rms(1.2, 1.8));
  });
});

describe('sample projects', () => {
  const { projects, files } = buildSampleProjects();
  const file = (key: string) => files.find((f) => f.key === key);

  it('cover boxes, polygons, keypoints, NER, classification and audio, under two team prefixes', () => {
    const controls = projects.map(
      (p) =>
        /<(RectangleLabels|PolygonLabels|KeyPointLabels|BrushLabels|EllipseLabels|Choices|Labels|HyperTextLabels|ParagraphLabels|TimeSeriesLabels)\b/.exec(
          p.labelConfig,
        )?.[1],
    );
    expect(controls).toEqual([
      'RectangleLabels',
      'PolygonLabels',
      'KeyPointLabels',
      'BrushLabels',
      'EllipseLabels',
      'Labels',
      'Choices',
      'Labels',
      'Choices',
      'HyperTextLabels',
      'ParagraphLabels',
      'TimeSeriesLabels',
    ]);
    expect(projects.find((p) => p.id === 'scene-review')?.labelConfig).toMatch(
      /<Taxonomy [\s\S]*<TextArea [\s\S]*<Rating /,
    );
    expect(projects.find((p) => p.id === 'call-segments')?.labelConfig).toMatch(
      /<Audio [\s\S]*<TextArea [^>]*perRegion="true"/,
    );
    expect(new Set(projects.map((p) => p.prefix.split('/')[0]))).toEqual(
      new Set(['team-vision', 'team-language']),
    );
    for (const p of projects)
      expect(file(`${p.prefix}config.xml`)?.body.toString().trim()).toBe(p.labelConfig);
  });

  it('each project is readable only by the roles of its team', () => {
    for (const p of projects) {
      const readers = Object.values(ROLES).filter((r) =>
        r.readablePrefixes.some((prefix) => p.prefix.startsWith(prefix)),
      );
      expect(p.allowedRoleArns.sort()).toEqual(readers.map((r) => r.arn).sort());
      expect(p.allowedRoleArns.length).toBeGreaterThan(0);
    }
  });

  it('tasks parse as Label Studio tasks (JSON array, JSONL, one file per task) and reference media that exists', () => {
    for (const p of projects.filter((p) => p.importMode === 'tasks')) {
      const taskFiles = files.filter((f) => f.key.startsWith(p.sourcePrefix));
      const tasks = taskFiles.flatMap((f) => {
        const text = f.body.toString('utf8');
        if (f.key.endsWith('.jsonl'))
          return text
            .trim()
            .split('\n')
            .map((line) => JSON.parse(line) as { data: Record<string, unknown> });
        const parsed = JSON.parse(text) as unknown;
        return (Array.isArray(parsed) ? parsed : [parsed]) as { data: Record<string, unknown> }[];
      });
      expect(tasks).toHaveLength(p.taskCount);
      for (const task of tasks) {
        for (const field of p.labelConfig.matchAll(/value="[^"$]*\$(\w+)"/g))
          expect(task.data).toHaveProperty(field[1]!);
        for (const value of Object.values(task.data)) {
          if (typeof value === 'string' && value.startsWith('s3://'))
            expect(file(value.replace(`s3://${p.bucket}/`, ''))).toBeDefined();
        }
      }
    }
    const ner = JSON.parse(file('team-language/news-ner/tasks/0001.json')!.body.toString()) as {
      data: { text: string };
      predictions: { result: { value: { start: number; end: number; text: string } }[] }[];
    };
    for (const { value } of ner.predictions[0]!.result)
      expect(ner.data.text.slice(value.start, value.end)).toBe(value.text);
  });

  it('files-mode projects hold only media under their source prefix', () => {
    const polygons = projects.find((p) => p.importMode === 'files')!;
    const media = files.filter((f) => f.key.startsWith(polygons.sourcePrefix));
    expect(media.length).toBe(polygons.taskCount);
    expect(media.every((f) => f.contentType === 'image/png')).toBe(true);
  });

  // Label Studio's gallery is test data beside the repository (CI has it); the lab's own configs use
  // the same control/object tags as the gallery template each one imitates.
  const gallery = join(process.cwd(), '..', 'shared', 'data', 'label-studio-templates');
  it.skipIf(!existsSync(gallery))(
    'uses the same tags as the Label Studio gallery templates it imitates',
    () => {
      const tagsOf = (xml: string) =>
        new Set(
          [...xml.matchAll(/<([A-Z]\w+)/g)]
            .map((m) => m[1])
            .filter((t) => t !== 'View' && t !== 'Header' && t !== 'Label' && t !== 'Choice'),
        );
      const pairs: [string, string][] = [
        ['shapes-boxes', 'computer-vision/object-detection-with-bounding-boxes'],
        ['shapes-polygons', 'computer-vision/semantic-segmentation-with-polygons'],
        ['shapes-keypoints', 'computer-vision/keypoints'],
        ['call-segments', 'audio-speech-processing/automatic-speech-recognition-using-segments'],
        ['call-levels', 'time-series-analysis/activity-recognition'],
      ];
      for (const [id, template] of pairs) {
        const real = readFileSync(join(gallery, template, 'config.yml'), 'utf8');
        expect(tagsOf(projects.find((p) => p.id === id)!.labelConfig)).toEqual(tagsOf(real));
      }
    },
  );
});
