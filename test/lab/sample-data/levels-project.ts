/**
 * The language team's view-only example: call audio levels as a time series (TimeSeries + a
 * Channel, TimeSeriesLabels for crosstalk and silence, in the style of Label Studio's "Activity
 * Recognition" template). This version has no time-series editor, so the project is listed
 * "View only" and its tasks open read-only with the predictions to look at. The CSVs are files in
 * S3 (`valueType="url"`, read by main).
 */
import type { SampleFile, SampleProject } from './projects.ts';

/** Makes a language-team project in 'tasks' mode (projects.ts's `project`, bound). */
type ProjectOf = (id: string, title: string, labelConfig: string, source: string) => SampleProject;

const json = (value: unknown): Buffer => Buffer.from(`${JSON.stringify(value, null, 2)}\n`);

/** Loudness (dBFS) every 0.5 s of a 4 s call, and where two people spoke at once. */
const CALLS = [
  { levels: [-60, -22, -18, -15, -9, -8, -20, -58], crosstalk: [2, 3] as const },
  { levels: [-55, -57, -21, -19, -17, -10, -9, -40], crosstalk: [2.5, 3.5] as const },
];

export function callLevelsProject(project: ProjectOf): { project: SampleProject; files: SampleFile[] } {
  const p = project(
    'call-levels',
    'Calls: audio levels over time',
    `
<View>
  <TimeSeries name="ts" valueType="url" value="$csv" sep="," timeColumn="time">
    <Channel column="level" units="dBFS" legend="Level"/>
  </TimeSeries>
  <TimeSeriesLabels name="label" toName="ts">
    <Label value="Crosstalk" background="red"/>
    <Label value="Silence" background="gray"/>
  </TimeSeriesLabels>
</View>`,
    'tasks/',
  );
  const files: SampleFile[] = [];
  const tasks = CALLS.map((call, i) => {
    const key = `${p.prefix}media/levels-${i + 1}.csv`;
    const rows = call.levels.map((level, j) => `${j * 0.5},${level}`);
    files.push({ key, body: Buffer.from(`time,level\n${rows.join('\n')}\n`), contentType: 'text/csv' });
    const [start, end] = call.crosstalk;
    return {
      id: 900 + i,
      data: { csv: `s3://${p.bucket}/${key}` },
      predictions: [
        {
          model_version: 'lab-levels',
          result: [
            {
              id: `l${i}`,
              from_name: 'label',
              to_name: 'ts',
              type: 'timeserieslabels',
              value: { start, end, instant: false, timeserieslabels: ['Crosstalk'] },
            },
          ],
        },
      ],
    };
  });
  files.push({ key: `${p.sourcePrefix}tasks.json`, body: json(tasks), contentType: 'application/json' });
  return { project: { ...p, taskCount: tasks.length }, files };
}
