/**
 * The vision team's mask and multi-image projects, in the style of Label Studio's gallery
 * ("Semantic Segmentation with Masks"; a `valueList` image object with ellipses): brush masks on the
 * shape scenes, the second task carrying a ground-truth prediction whose `rle` is made exactly as
 * Label Studio's editor makes it (@thi.ng/rle-pack's encode of the RGBA read-back, R = G = B = A);
 * and pages of two or three scenes per task, labelled with ellipses, `rotateControl` on.
 */
import { encode as rlePackEncode } from '@thi.ng/rle-pack';
import { drawScene, type Scene, type Shape } from './png.ts';
import type { SampleFile, SampleProject } from './projects.ts';

export interface ImageBuilder {
  project: SampleProject;
  files: SampleFile[];
}

/** Makes a vision-team project in 'tasks' mode (projects.ts's `project`, bound). */
type ProjectOf = (id: string, title: string, labelConfig: string, source: string) => SampleProject;

const json = (value: unknown): Buffer => Buffer.from(`${JSON.stringify(value, null, 2)}\n`);

export const MASK_LABELS = `
    <Label value="Square" background="rgba(0, 0, 255, 0.7)"/>
    <Label value="Circle" background="rgba(0, 160, 0, 0.7)"/>
    <Label value="Triangle" background="rgba(255, 140, 0, 0.7)"/>`;

/** Whether pixel (x, y) is inside `shape` (its centre, as png.ts paints). */
function inside(shape: Shape, x: number, y: number): boolean {
  if (shape.kind === 'rectangle')
    return x >= shape.x && x < shape.x + shape.width && y >= shape.y && y < shape.y + shape.height;
  if (shape.kind === 'circle') return (x + 0.5 - shape.cx) ** 2 + (y + 0.5 - shape.cy) ** 2 <= shape.r ** 2;
  const [a, b, c] = shape.points;
  const side = (p: [number, number], q: [number, number]) =>
    (q[0] - p[0]) * (y + 0.5 - p[1]) - (q[1] - p[1]) * (x + 0.5 - p[0]);
  const s1 = side(a!, b!);
  const s2 = side(b!, c!);
  const s3 = side(c!, a!);
  return (s1 >= 0 && s2 >= 0 && s3 >= 0) || (s1 <= 0 && s2 <= 0 && s3 <= 0);
}

/** Label Studio's editor's bytes for a mask: RGBA, every channel 255 where painted, rle-pack'd. */
export function labStudioRle(scene: Scene, shape: Shape): number[] {
  const rgba = new Uint8Array(scene.width * scene.height * 4);
  for (let y = 0; y < scene.height; y++)
    for (let x = 0; x < scene.width; x++)
      if (inside(shape, x, y)) rgba.fill(255, (y * scene.width + x) * 4, (y * scene.width + x) * 4 + 4);
  return Array.from(rlePackEncode(rgba, rgba.length));
}

export function brushProject(project: ProjectOf): ImageBuilder {
  const p = project(
    'shapes-masks',
    'Shapes: brush masks',
    `
<View>
  <Image name="image" value="$image" zoom="true"/>
  <BrushLabels name="tag" toName="image">${MASK_LABELS}
  </BrushLabels>
</View>`,
    'tasks/',
  );
  const files: SampleFile[] = [];
  const tasks = [11, 12].map((seed, i) => {
    const scene = drawScene(seed);
    const key = `${p.prefix}media/scene-${seed}.png`;
    files.push({ key, body: scene.png, contentType: 'image/png' });
    const task: Record<string, unknown> = { id: 700 + i, data: { image: `s3://${p.bucket}/${key}` } };
    if (i === 1)
      task['predictions'] = [
        {
          model_version: 'lab-ground-truth',
          result: scene.shapes.slice(0, 2).map((shape, j) => ({
            id: `m${seed}-${j}`,
            from_name: 'tag',
            to_name: 'image',
            type: 'brushlabels',
            original_width: scene.width,
            original_height: scene.height,
            image_rotation: 0,
            value: { format: 'rle', rle: labStudioRle(scene, shape), brushlabels: [shape.label] },
          })),
        },
      ];
    return task;
  });
  files.push({ key: `${p.sourcePrefix}tasks.json`, body: json(tasks), contentType: 'application/json' });
  return { project: { ...p, taskCount: tasks.length }, files };
}

export function pagesProject(project: ProjectOf): ImageBuilder {
  const p = project(
    'shapes-pages',
    'Shapes: pages of ellipses',
    `
<View>
  <Image name="pages" valueList="$pages" zoom="true" rotateControl="true"/>
  <EllipseLabels name="round" toName="pages">
    <Label value="Circle" background="green"/>
    <Label value="Other" background="purple"/>
  </EllipseLabels>
</View>`,
    'tasks/',
  );
  const files: SampleFile[] = [];
  const tasks = [
    [21, 22],
    [23, 24, 25],
  ].map((seeds, i) => {
    const pages = seeds.map((seed) => {
      const key = `${p.prefix}media/page-${seed}.png`;
      files.push({ key, body: drawScene(seed).png, contentType: 'image/png' });
      return `s3://${p.bucket}/${key}`;
    });
    return { id: 800 + i, data: { pages, title: `Pages ${seeds.join(', ')}` } };
  });
  files.push({ key: `${p.sourcePrefix}tasks.json`, body: json(tasks), contentType: 'application/json' });
  return { project: { ...p, taskCount: tasks.length }, files };
}
