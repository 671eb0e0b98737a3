import { LAB_BUCKET, ROLES, TEAM_PREFIXES, type LabRole } from '../organization.ts';
import { brushProject, pagesProject } from './image-projects.ts';
import { callLevelsProject } from './levels-project.ts';
import { drawScene, type Scene, type Shape } from './png.ts';
import { supportDialoguesProject, webNerProject } from './text-projects.ts';
import { makeClip } from './wav.ts';

/**
 * The sample organization's projects: Label Studio configs written for the lab in the style of
 * Label Studio's gallery templates (bounding boxes, polygons, keypoints, NER, classification,
 * audio segments with transcription), their tasks, and generated media, under one prefix per team.
 */
export interface SampleProject {
  id: string;
  title: string;
  team: keyof typeof TEAM_PREFIXES;
  bucket: string;
  /** The project's root prefix. */
  prefix: string;
  /** Where Label Studio's source storage would scan: task files or, in 'files' mode, media. */
  sourcePrefix: string;
  /** Where annotations go back (`<task id>.json`). */
  targetPrefix: string;
  importMode: 'tasks' | 'files';
  labelConfig: string;
  allowedRoleArns: string[];
  taskCount: number;
}

export interface SampleFile {
  key: string;
  body: Buffer;
  contentType: string;
}

const json = (value: unknown): Buffer => Buffer.from(`${JSON.stringify(value, null, 2)}\n`);
const pct = (value: number, total: number): number => Math.round((value / total) * 10000) / 100;

function rolesFor(team: keyof typeof TEAM_PREFIXES): LabRole[] {
  return Object.values(ROLES).filter((role) => role.readablePrefixes.includes(TEAM_PREFIXES[team]));
}

function boxOf(shape: Shape): { x: number; y: number; width: number; height: number } {
  if (shape.kind === 'rectangle') return shape;
  if (shape.kind === 'circle')
    return { x: shape.cx - shape.r, y: shape.cy - shape.r, width: shape.r * 2, height: shape.r * 2 };
  const xs = shape.points.map((p) => p[0]);
  const ys = shape.points.map((p) => p[1]);
  return {
    x: Math.min(...xs),
    y: Math.min(...ys),
    width: Math.max(...xs) - Math.min(...xs),
    height: Math.max(...ys) - Math.min(...ys),
  };
}

function polygonOf(shape: Shape): [number, number][] {
  if (shape.kind === 'triangle') return shape.points;
  if (shape.kind === 'rectangle') {
    const { x, y, width, height } = shape;
    return [
      [x, y],
      [x + width, y],
      [x + width, y + height],
      [x, y + height],
    ];
  }
  return Array.from({ length: 12 }, (_, i): [number, number] => [
    shape.cx + shape.r * Math.cos((i * Math.PI) / 6),
    shape.cy + shape.r * Math.sin((i * Math.PI) / 6),
  ]);
}

function imageResult(
  scene: Scene,
  id: string,
  type: string,
  value: Record<string, unknown>,
): Record<string, unknown> {
  return {
    id,
    from_name: 'label',
    to_name: 'image',
    type,
    original_width: scene.width,
    original_height: scene.height,
    image_rotation: 0,
    value,
  };
}

const SHAPE_LABELS = `
    <Label value="Square" background="blue"/>
    <Label value="Circle" background="green"/>
    <Label value="Triangle" background="orange"/>`;

interface Builder {
  project: SampleProject;
  files: SampleFile[];
}

function project(
  team: keyof typeof TEAM_PREFIXES,
  id: string,
  title: string,
  importMode: 'tasks' | 'files',
  labelConfig: string,
  source: string,
): SampleProject {
  const prefix = `${TEAM_PREFIXES[team]}${id}/`;
  return {
    id,
    title,
    team,
    bucket: LAB_BUCKET,
    prefix,
    sourcePrefix: `${prefix}${source}`,
    targetPrefix: `${prefix}annotations/`,
    importMode,
    labelConfig: labelConfig.trim(),
    allowedRoleArns: rolesFor(team).map((r) => r.arn),
    taskCount: 0,
  };
}

function boxesProject(): Builder {
  const p = project(
    'vision',
    'shapes-boxes',
    'Shapes: bounding boxes',
    'tasks',
    `
<View>
  <Image name="image" value="$image" zoom="true"/>
  <RectangleLabels name="label" toName="image">${SHAPE_LABELS}
  </RectangleLabels>
</View>`,
    'tasks/',
  );
  const files: SampleFile[] = [];
  const tasks = [1, 2, 3, 4].map((seed) => {
    const scene = drawScene(seed);
    const key = `${p.prefix}media/scene-${seed}.png`;
    files.push({ key, body: scene.png, contentType: 'image/png' });
    const result = scene.shapes.map((shape, i) => {
      const box = boxOf(shape);
      return imageResult(scene, `s${seed}-${i}`, 'rectanglelabels', {
        x: pct(box.x, scene.width),
        y: pct(box.y, scene.height),
        width: pct(box.width, scene.width),
        height: pct(box.height, scene.height),
        rotation: 0,
        rectanglelabels: [shape.label],
      });
    });
    return {
      id: seed,
      data: { image: `s3://${p.bucket}/${key}` },
      predictions: [{ model_version: 'lab-ground-truth', score: 1, result }],
    };
  });
  files.push({ key: `${p.sourcePrefix}tasks.json`, body: json(tasks), contentType: 'application/json' });
  return { project: { ...p, taskCount: tasks.length }, files };
}

function polygonsProject(): Builder {
  const p = project(
    'vision',
    'shapes-polygons',
    'Shapes: polygons (files mode)',
    'files',
    `
<View>
  <Header value="Outline every shape"/>
  <Image name="image" value="$image" zoom="true"/>
  <PolygonLabels name="label" toName="image" strokeWidth="3" pointSize="small" opacity="0.9">${SHAPE_LABELS}
  </PolygonLabels>
</View>`,
    'images/',
  );
  const files = [5, 6, 7].map((seed) => ({
    key: `${p.sourcePrefix}scene-${seed}.png`,
    body: drawScene(seed).png,
    contentType: 'image/png',
  }));
  return { project: { ...p, taskCount: files.length }, files };
}

function keypointsProject(): Builder {
  const p = project(
    'vision',
    'shapes-keypoints',
    'Shapes: keypoints (JSONL)',
    'tasks',
    `
<View>
  <KeyPointLabels name="label" toName="image">
    <Label value="Corner" background="red"/>
    <Label value="Center" background="green"/>
  </KeyPointLabels>
  <Image name="image" value="$image"/>
</View>`,
    'tasks/',
  );
  const files: SampleFile[] = [];
  const lines = [8, 9].map((seed) => {
    const scene = drawScene(seed);
    const key = `${p.prefix}media/scene-${seed}.png`;
    files.push({ key, body: scene.png, contentType: 'image/png' });
    const result = scene.shapes.flatMap((shape, i) => {
      const points: [number, number, string][] =
        shape.kind === 'circle'
          ? [[shape.cx, shape.cy, 'Center']]
          : polygonOf(shape).map(([x, y]): [number, number, string] => [x, y, 'Corner']);
      return points.map(([x, y, label], j) =>
        imageResult(scene, `k${seed}-${i}-${j}`, 'keypointlabels', {
          x: pct(x, scene.width),
          y: pct(y, scene.height),
          width: 1,
          keypointlabels: [label],
        }),
      );
    });
    return JSON.stringify({
      data: { image: `s3://${p.bucket}/${key}` },
      predictions: [{ model_version: 'lab-ground-truth', result }],
    });
  });
  files.push({
    key: `${p.sourcePrefix}tasks.jsonl`,
    body: Buffer.from(`${lines.join('\n')}\n`),
    contentType: 'application/x-ndjson',
  });
  return { project: { ...p, taskCount: lines.length }, files };
}

const NEWS: { text: string; entities: [string, 'Person' | 'Organization' | 'Location'][] }[] = [
  {
    text: 'Ada Lovelace met Charles Babbage in London to discuss the Analytical Engine.',
    entities: [
      ['Ada Lovelace', 'Person'],
      ['Charles Babbage', 'Person'],
      ['London', 'Location'],
    ],
  },
  {
    text: 'The Federation Lab opened an office in Lisbon, says Grace Hopper.',
    entities: [
      ['Federation Lab', 'Organization'],
      ['Lisbon', 'Location'],
      ['Grace Hopper', 'Person'],
    ],
  },
  {
    text: 'Acme Robotics hired 40 engineers in Nairobi and Montréal this spring.',
    entities: [
      ['Acme Robotics', 'Organization'],
      ['Nairobi', 'Location'],
      ['Montréal', 'Location'],
    ],
  },
];

function nerProject(): Builder {
  const p = project(
    'language',
    'news-ner',
    'News: named entities',
    'tasks',
    `
<View>
  <Labels name="label" toName="text">
    <Label value="Person" background="red"/>
    <Label value="Organization" background="darkorange"/>
    <Label value="Location" background="blue"/>
  </Labels>
  <Text name="text" value="$text" granularity="word"/>
  <Relations>
    <Relation value="met"/>
    <Relation value="works in"/>
  </Relations>
  <TextArea name="note" toName="text" perRegion="true" placeholder="Why this entity?" rows="1"/>
</View>`,
    'tasks/',
  );
  const files = NEWS.map((item, i) => {
    const result = item.entities.map(([span, label], j) => {
      const start = item.text.indexOf(span);
      return {
        id: `n${i}-${j}`,
        from_name: 'label',
        to_name: 'text',
        type: 'labels',
        value: { start, end: start + span.length, text: span, labels: [label] },
      };
    });
    const task = {
      id: 100 + i,
      data: { text: item.text },
      predictions: [{ model_version: 'lab-ground-truth', result }],
    };
    return {
      key: `${p.sourcePrefix}${String(i + 1).padStart(4, '0')}.json`,
      body: json(task),
      contentType: 'application/json',
    };
  });
  return { project: { ...p, taskCount: files.length }, files };
}

function sentimentProject(): Builder {
  const p = project(
    'language',
    'review-sentiment',
    'Reviews: sentiment',
    'tasks',
    `
<View>
  <Text name="text" value="$review"/>
  <Choices name="sentiment" toName="text" choice="single-radio" showInline="true">
    <Choice value="Positive"/>
    <Choice value="Negative"/>
    <Choice value="Neutral"/>
  </Choices>
</View>`,
    'tasks/',
  );
  const reviews = [
    'The annotation tool saved my afternoon: fast, and it never lost a label.',
    'Sign-in failed twice behind the proxy and I lost my work.',
    'It opens images. It closes images.',
    'Keyboard shortcuts everywhere — I labelled 300 boxes before lunch!',
  ];
  const tasks = reviews.map((review, i) => ({ id: 200 + i, data: { review } }));
  return {
    project: { ...p, taskCount: tasks.length },
    files: [{ key: `${p.sourcePrefix}tasks.json`, body: json(tasks), contentType: 'application/json' }],
  };
}

function audioProject(): Builder {
  const p = project(
    'language',
    'call-segments',
    'Calls: segments and transcription',
    'tasks',
    `
<View>
  <Labels name="labels" toName="audio">
    <Label value="Speech"/>
    <Label value="Noise"/>
  </Labels>
  <Audio name="audio" value="$audio"/>
  <TextArea name="transcription" toName="audio" rows="2" editable="true" perRegion="true" required="true"/>
</View>`,
    'tasks/',
  );
  const clips = [
    makeClip(
      [
        { label: 'Speech', start: 0.5, end: 2.2, transcript: 'hello from the lab' },
        { label: 'Noise', start: 2.8, end: 3.6 },
      ],
      4,
    ),
    makeClip(
      [
        { label: 'Noise', start: 0.2, end: 0.9 },
        { label: 'Speech', start: 1.4, end: 3.4, transcript: 'please label this segment' },
      ],
      4,
    ),
  ];
  const files: SampleFile[] = [];
  const tasks = clips.map((clip, i) => {
    const key = `${p.prefix}media/call-${i + 1}.wav`;
    files.push({ key, body: clip.wav, contentType: 'audio/wav' });
    const result = clip.segments.flatMap((segment, j) => {
      const id = `a${i}-${j}`;
      const region = {
        id,
        from_name: 'labels',
        to_name: 'audio',
        type: 'labels',
        original_length: clip.durationSeconds,
        value: { start: segment.start, end: segment.end, channel: 0, labels: [segment.label] },
      };
      const text = segment.transcript
        ? [
            {
              id,
              from_name: 'transcription',
              to_name: 'audio',
              type: 'textarea',
              value: { start: segment.start, end: segment.end, channel: 0, text: [segment.transcript] },
            },
          ]
        : [];
      return [region, ...text];
    });
    return {
      id: 300 + i,
      data: { audio: `s3://${p.bucket}/${key}` },
      predictions: [{ model_version: 'lab-ground-truth', result }],
    };
  });
  files.push({ key: `${p.sourcePrefix}tasks.json`, body: json(tasks), contentType: 'application/json' });
  return { project: { ...p, taskCount: tasks.length }, files };
}

/**
 * The vision team's classification project: every control of the first workspace issue (choices,
 * taxonomy, comment, rating) on scenes, across two task files (a JSON array and JSONL) whose tasks
 * carry Label Studio ids, so annotations land as `<id>.json`.
 */
function classificationProject(): Builder {
  const p = project(
    'vision',
    'scene-review',
    'Scenes: classify and rate',
    'tasks',
    `
<View>
  <Header value="Scene $title"/>
  <Image name="image" value="$image"/>
  <Header value="Which shape is largest?"/>
  <Choices name="largest" toName="image" choice="single-radio" required="true" showInline="true">
    <Choice value="Square"/>
    <Choice value="Circle"/>
    <Choice value="Triangle"/>
  </Choices>
  <Header value="Topics"/>
  <Taxonomy name="topic" toName="image">
    <Choice value="Geometry">
      <Choice value="Overlapping shapes"/>
      <Choice value="Separate shapes"/>
    </Choice>
    <Choice value="Colour">
      <Choice value="Warm"/>
      <Choice value="Cool"/>
    </Choice>
  </Taxonomy>
  <Header value="Comment"/>
  <TextArea name="comment" toName="image" rows="2" placeholder="Anything unusual?" maxSubmissions="1"/>
  <Header value="Image quality"/>
  <Rating name="quality" toName="image" maxRating="5"/>
</View>`,
    'tasks/',
  );
  const files: SampleFile[] = [];
  const task = (seed: number) => {
    const key = `${p.prefix}media/scene-${seed}.png`;
    files.push({ key, body: drawScene(seed).png, contentType: 'image/png' });
    return { id: 500 + seed, data: { image: `s3://${p.bucket}/${key}`, title: `#${seed}` } };
  };
  const first = [11, 12, 13].map(task);
  const second = [14, 15].map(task);
  // A model's guess on one task: the annotator can start from it ("start from this prediction").
  Object.assign(first[2]!, {
    predictions: [
      {
        model_version: 'lab-classifier',
        score: 0.87,
        result: [
          {
            id: 'pred-513',
            from_name: 'largest',
            to_name: 'image',
            type: 'choices',
            value: { choices: ['Square'] },
          },
        ],
      },
    ],
  });
  files.push({ key: `${p.sourcePrefix}batch-1.json`, body: json(first), contentType: 'application/json' });
  files.push({
    key: `${p.sourcePrefix}batch-2.jsonl`,
    body: Buffer.from(`${second.map((t) => JSON.stringify(t)).join('\n')}\n`),
    contentType: 'application/x-ndjson',
  });
  return { project: { ...p, taskCount: first.length + second.length }, files };
}

/**
 * HyperText and dialogue projects (text-projects.ts) and call levels (levels-project.ts, the view-only
 * example: no time-series editor yet), in the language team.
 */
function textProjects(): Builder[] {
  const language = (id: string, title: string, config: string, source: string) =>
    project('language', id, title, 'tasks', config, source);
  return [webNerProject(language), supportDialoguesProject(language), callLevelsProject(language)];
}

/** Brush masks and multi-image pages (image-projects.ts), in the vision team. */
function imageProjects(): Builder[] {
  const vision = (id: string, title: string, config: string, source: string) =>
    project('vision', id, title, 'tasks', config, source);
  return [brushProject(vision), pagesProject(vision)];
}

export function buildSampleProjects(): { projects: SampleProject[]; files: SampleFile[] } {
  const builders = [
    boxesProject(),
    polygonsProject(),
    keypointsProject(),
    ...imageProjects(),
    nerProject(),
    sentimentProject(),
    audioProject(),
    classificationProject(),
    ...textProjects(),
  ];
  const files = builders.flatMap((b) => [
    ...b.files,
    {
      key: `${b.project.prefix}config.xml`,
      body: Buffer.from(`${b.project.labelConfig}\n`),
      contentType: 'application/xml',
    },
  ]);
  return { projects: builders.map((b) => b.project), files };
}
