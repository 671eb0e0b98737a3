/**
 * The language team's rich-text projects: named entities on web pages (HyperText whose HTML is a
 * file in S3, `valueType="url"`, read by main with the role's credentials) and support calls as
 * dialogues (Paragraphs `layout="dialogue"` with `nameKey`/`textKey`, ParagraphLabels, and the
 * call's audio by `audioUrl`, each turn carrying its `start`/`end` in seconds as Label Studio reads
 * them). Written in the style of Label Studio's gallery templates.
 */
import { makeClip } from './wav.ts';
import type { SampleFile, SampleProject } from './projects.ts';

export interface TextBuilder {
  project: SampleProject;
  files: SampleFile[];
}

/** Makes a language-team project in 'tasks' mode (projects.ts's `project`, bound). */
type ProjectOf = (id: string, title: string, labelConfig: string, source: string) => SampleProject;

const json = (value: unknown): Buffer => Buffer.from(`${JSON.stringify(value, null, 2)}\n`);

/** Web pages as HTML with markup an annotator meets: headings, inline tags inside names, lists, links. */
export const WEB_PAGES = [
  '<article><h1>Lab news</h1><p>Yesterday <b>Ada</b> Lovelace visited the <i>Federation Lab</i> in <a href="https://example.com/london">London</a>.</p>' +
    '<ul><li>Talk: engines</li><li>Host: Charles Babbage</li></ul></article>',
  '<article><h2>Hiring</h2><p>Acme Robotics opens an office in Nairobi.</p><p>Grace Hopper will lead it.</p></article>',
];

export function webNerProject(project: ProjectOf): TextBuilder {
  const p = project(
    'web-ner',
    'Web pages: named entities',
    `
<View>
  <HyperTextLabels name="ner" toName="page">
    <Label value="Person" background="red"/>
    <Label value="Organization" background="darkorange"/>
    <Label value="Location" background="blue" maxUsages="3"/>
  </HyperTextLabels>
  <HyperText name="page" value="$page" valueType="url"/>
</View>`,
    'tasks/',
  );
  const files: SampleFile[] = [];
  const tasks = WEB_PAGES.map((html, i) => {
    const key = `${p.prefix}media/page-${i + 1}.html`;
    files.push({ key, body: Buffer.from(html), contentType: 'text/html; charset=utf-8' });
    return { id: 700 + i, data: { page: `s3://${p.bucket}/${key}` } };
  });
  files.push({ key: `${p.sourcePrefix}tasks.json`, body: json(tasks), contentType: 'application/json' });
  return { project: { ...p, taskCount: tasks.length }, files };
}

/** Support calls: who spoke, what was said and when (seconds into the call's audio). */
export const CALLS = [
  [
    { speaker: 'Agent', phrase: 'Hello, how can I help?', start: 0.3, end: 1.3 },
    { speaker: 'Customer', phrase: 'My order is late.', start: 1.6, end: 2.6 },
    { speaker: 'Agent', phrase: 'Sorry! It ships today.', start: 2.9, end: 3.8 },
  ],
  [
    { speaker: 'Customer', phrase: 'Can I change my address?', start: 0.2, end: 1.4 },
    { speaker: 'Agent', phrase: 'Yes, I have changed it.', start: 1.8, end: 3.2 },
  ],
];

export function supportDialoguesProject(project: ProjectOf): TextBuilder {
  const p = project(
    'support-dialogues',
    'Support calls: dialogue intents',
    `
<View>
  <ParagraphLabels name="intent" toName="dialogue">
    <Label value="Question" background="#2f5bea"/>
    <Label value="Complaint" background="red"/>
    <Label value="Resolution" background="green"/>
  </ParagraphLabels>
  <Paragraphs name="dialogue" value="$dialogue" layout="dialogue" nameKey="speaker" textKey="phrase" audioUrl="$audio"/>
</View>`,
    'tasks/',
  );
  const files: SampleFile[] = [];
  const tasks = CALLS.map((turns, i) => {
    const clip = makeClip(
      turns.map((t) => ({ label: 'Speech' as const, start: t.start, end: t.end })),
      4,
    );
    const key = `${p.prefix}media/call-${i + 1}.wav`;
    files.push({ key, body: clip.wav, contentType: 'audio/wav' });
    return { id: 800 + i, data: { dialogue: turns, audio: `s3://${p.bucket}/${key}` } };
  });
  files.push({ key: `${p.sourcePrefix}tasks.json`, body: json(tasks), contentType: 'application/json' });
  return { project: { ...p, taskCount: tasks.length }, files };
}
