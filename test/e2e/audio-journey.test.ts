/**
 * Audio segments in real Chromium against the lab: the "Calls: segments and transcription" project.
 * The waveform's bytes come through main's same-origin media route (the lab's S3, like most
 * customers' buckets, answers no CORS for the app's origin); a segment drawn with the mouse and
 * labelled after, its transcript typed in the per-region TextArea, moved by a drag (one undo step);
 * one marked and labelled from the keyboard (Enter at the playhead, Enter again further on, a label
 * key, Shift+← on its end); one drawn with a label armed first, then deleted; Space plays and pauses.
 * Submitted → the lab's S3 holds Label Studio's audio regions (start/end in seconds, channel,
 * labels, original_length) and each transcript under its segment's id with the segment's place;
 * axe clean. (Channels: audio-channels.test.ts.)
 */
import { GetObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import type { Browser, Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { labOrganization } from '../lab/app-organization.ts';
import { type Lab } from '../lab/lab.ts';
import { openAnnotatorApp, openProject } from '../support/annotator-app.ts';
import { seriousAccessibilityProblems } from '../support/axe.ts';
import { useLabJourney } from '../support/lab-journey.ts';
import { screenshotPath } from '../support/screenshots.ts';

let browser: Browser;
let lab: Lab;
let dir: string;
let admin: S3Client;
const journey = useLabJourney('fa-audio-', (j) => ({ browser, lab, dir, admin } = j));

const CALLS = 'Calls: segments and transcription';
/** The first call is 4 s long (test/lab/sample-data/projects.ts). */
const DURATION = 4;

type Item = {
  id?: string;
  from_name?: string;
  to_name?: string;
  type: string;
  value?: Record<string, unknown>;
} & Record<string, unknown>;

async function resultOf(taskId: string): Promise<Item[]> {
  const project = lab.projects.find((p) => p.id.endsWith('call-segments'))!;
  const object = await admin.send(
    new GetObjectCommand({ Bucket: lab.s3.bucket, Key: `${project.targetPrefix}${taskId}.json` }),
  );
  const doc = JSON.parse(await object.Body!.transformToString()) as { annotations: { result: Item[] }[] };
  expect(doc.annotations).toHaveLength(1);
  return doc.annotations[0]!.result;
}

const status = (page: Page) => page.getByTestId('audio-status-audio').textContent();

/** The times a status line names: "Segment Speech: 0:01.00–0:02.00." → [1, 2]. */
function timesIn(text: string | null): [number, number] {
  const m = /(\d+):(\d\d\.\d\d)–(\d+):(\d\d\.\d\d)/.exec(text ?? '');
  if (!m) throw new Error(`no times in ${text}`);
  return [Number(m[1]) * 60 + Number(m[2]), Number(m[3]) * 60 + Number(m[4])];
}

describe('audio segments (Chromium + lab)', () => {
  it(
    "segments drawn, moved, marked by keyboard, labelled and transcribed; S3 gets Label Studio's shape",
    { timeout: 120_000 },
    async () => {
      const opened = await openAnnotatorApp({
        browser,
        lab,
        dir,
        name: 'calls',
        username: 'multi',
        role: lab.roles.languageAnnotator.name,
        organization: labOrganization(lab, { id: 'sandbox' }),
      });
      journey.track(opened);
      const { page, pageErrors } = opened;
      const fetched: string[] = [];
      page.on('request', (r) => {
        if (r.resourceType() === 'fetch') fetched.push(new URL(r.url()).pathname);
      });
      await openProject(page, CALLS);
      // The project is edited here now: not view only.
      expect(await page.getByTestId('view-only-note').count()).toBe(0);
      await page.getByTestId('label-all').click();
      await expect.poll(() => page.getByTestId('task-viewer').getAttribute('aria-label')).toBe('Task 300');

      // The waveform is drawn from bytes read through main (/media/…), not from the bucket.
      const view = page.locator('.audio-view[data-audio="audio"]');
      await expect.poll(() => view.getAttribute('data-waveform'), { timeout: 15_000 }).toBe('ready');
      expect(fetched.some((p) => p.startsWith('/media/'))).toBe(true);
      // Its peaks were computed off the window's thread.
      expect(await view.getAttribute('data-peaks')).toBe('worker');
      const presigned = await page.locator('audio.audio-player').getAttribute('src');
      expect(new URL(presigned!).origin).toBe(new URL(lab.s3.endpoint).origin);
      // …which answers no CORS for the app's origin: the window could not have read it itself.
      const preflight = await fetch(presigned!, {
        method: 'OPTIONS',
        headers: { origin: new URL(page.url()).origin, 'access-control-request-method': 'GET' },
      });
      expect(preflight.headers.get('access-control-allow-origin')).toBeNull();
      const painted = await page.evaluate(() => {
        const canvas = document.querySelector<HTMLCanvasElement>('.audio-wave')!;
        const data = canvas.getContext('2d')!.getImageData(0, 0, canvas.width, canvas.height).data;
        let inked = 0;
        for (let i = 3; i < data.length; i += 4) if (data[i]! > 0) inked++;
        return inked;
      });
      expect(painted).toBeGreaterThan(1000);

      const wave = page.getByTestId('audio-waveform-audio');
      const box = (await wave.boundingBox())!;
      const xOf = (t: number) => box.x + (t / DURATION) * box.width;
      const y = box.y + box.height * 0.6;

      // The task file's ground truth is drawn read-only when its tab is selected: its two segments.
      await page.getByRole('tab', { name: /Prediction: lab-ground-truth/ }).click();
      const groundTruth = page
        .getByRole('region', { name: 'Segments of audio' })
        .locator('button.region-name');
      await expect
        .poll(() => groundTruth.allTextContents())
        .toEqual(['Speech · Segment 0:00.50–0:02.20', 'Noise · Segment 0:02.80–0:03.60']);
      await page.getByRole('tab', { name: 'Your annotation' }).click();
      await expect.poll(() => groundTruth.count()).toBe(0);
      await expect.poll(() => view.getAttribute('data-waveform'), { timeout: 15_000 }).toBe('ready');
      // Switching tabs does not read the audio again: its waveform was read once.
      expect(fetched.filter((p) => p.startsWith('/media/'))).toHaveLength(1);

      // The labels say how segments are made here.
      expect(
        await page
          .getByText('Drag on the waveform and press a label, or press a label and then drag.')
          .count(),
      ).toBe(1);

      // Mouse, label after: drag 1.0 → 2.0 s, then the Speech key (1).
      await page.mouse.move(xOf(1), y);
      await page.mouse.down();
      await page.mouse.move(xOf(2), y, { steps: 6 });
      await page.mouse.up();
      await expect.poll(() => status(page)).toMatch(/^New segment 0:01\.\d\d–0:02\.\d\d: press a label\.$/);
      await page.keyboard.press('1');
      await expect.poll(() => status(page)).toMatch(/^Segment Speech: 0:01\.\d\d–0:02\.\d\d\.$/);
      const [drawnStart, drawnEnd] = timesIn(await status(page));

      // Its transcript, in the per-region TextArea.
      const transcript = page.getByRole('textbox', { name: 'transcription', exact: true });
      // Typed (Space in a text field is a space: nothing plays).
      await transcript.focus();
      await page.keyboard.type('hello from the lab');
      expect(await page.getByTestId('audio-play-audio').getAttribute('aria-pressed')).toBe('false');

      // Moved by a drag on its body (+0.5 s), then undone in one step, then moved again.
      const moveBy = async (dt: number) => {
        await page.mouse.move(xOf((drawnStart + drawnEnd) / 2), y);
        await page.mouse.down();
        await page.mouse.move(xOf((drawnStart + drawnEnd) / 2 + dt), y, { steps: 8 });
        await page.mouse.up();
      };
      await moveBy(0.5);
      await expect.poll(async () => timesIn(await status(page))[0]).toBeCloseTo(drawnStart + 0.5, 1);
      await page.keyboard.press('Control+z');
      await expect.poll(async () => timesIn(await status(page))).toEqual([drawnStart, drawnEnd]);
      await moveBy(0.5);
      await expect.poll(async () => timesIn(await status(page))[0]).toBeCloseTo(drawnStart + 0.5, 1);
      const [movedStart, movedEnd] = timesIn(await status(page));
      expect(movedEnd - movedStart).toBeCloseTo(drawnEnd - drawnStart, 6);

      // Keyboard: Escape deselects; the playhead to 2 s by arrows, Enter marks, Enter at 4 s ends it,
      // 2 = Noise, Shift+← trims its end, → its start.
      await wave.focus();
      await page.keyboard.press('Escape');
      await expect.poll(() => status(page)).toBe('');
      await page.keyboard.press('Home'); // not ours: nothing happens
      const seekTo = async (t: number) => {
        await page.evaluate((to) => {
          const a = document.querySelector<HTMLAudioElement>('audio.audio-player')!;
          a.currentTime = to;
        }, t);
      };
      await seekTo(0);
      for (let i = 0; i < 2; i++) await page.keyboard.press('ArrowRight');
      await expect.poll(() => wave.getAttribute('aria-valuenow')).toBe('2');
      await page.keyboard.press('Enter');
      await expect.poll(() => status(page)).toBe('New segment 0:02.00–0:03.00: press a label.');
      // On to the end (Shift+→: 5 s, held at the end), Enter again: the segment ends there.
      await page.keyboard.press('Shift+ArrowRight');
      await expect.poll(() => wave.getAttribute('aria-valuenow')).toBe('4');
      await page.keyboard.press('Enter');
      await expect.poll(() => status(page)).toBe('New segment 0:02.00–0:04.00: press a label.');
      await page.keyboard.press('2');
      await expect.poll(() => status(page)).toBe('Segment Noise: 0:02.00–0:04.00.');
      await page.keyboard.press('Shift+ArrowLeft');
      await expect.poll(() => status(page)).toBe('Segment Noise: 0:02.00–0:03.90.');
      await page.keyboard.press('ArrowRight');
      await expect.poll(() => status(page)).toBe('Segment Noise: 0:02.10–0:03.90.');

      const list = page.getByRole('region', { name: 'Segments of audio' });
      const rows = list.locator('button.region-name');
      // Label first (nothing selected): arm Noise, then drag 0.1 → 0.5 s: made at once; Delete removes it.
      await page.keyboard.press('Escape');
      const noiseLabel = page.locator('.ws-label-button', { hasText: 'Noise' });
      await noiseLabel.click();
      await expect.poll(() => noiseLabel.getAttribute('aria-pressed')).toBe('true');
      await page.mouse.move(xOf(0.1), y);
      await page.mouse.down();
      await page.mouse.move(xOf(0.5), y, { steps: 4 });
      await page.mouse.up();
      await expect.poll(() => status(page)).toMatch(/^Segment Noise: 0:00\.\d\d–0:00\.\d\d\.$/);
      await expect.poll(() => rows.count()).toBe(3);
      await page.keyboard.press('Delete');
      await expect.poll(() => rows.count()).toBe(2);
      await noiseLabel.click(); // disarmed
      await expect.poll(() => noiseLabel.getAttribute('aria-pressed')).toBe('false');

      // Space plays and pauses (outside text fields).
      await wave.focus();
      await page.keyboard.press('Space');
      const play = page.getByTestId('audio-play-audio');
      await expect.poll(() => play.getAttribute('aria-pressed')).toBe('true');
      await page.keyboard.press('Space');
      await expect.poll(() => play.getAttribute('aria-pressed')).toBe('false');
      // On a focused button Space presses that button, once (the view does not toggle as well).
      await play.focus();
      await page.keyboard.press('Space');
      await expect.poll(() => play.getAttribute('aria-pressed')).toBe('true');
      await page.keyboard.press('Space');
      await expect.poll(() => play.getAttribute('aria-pressed')).toBe('false');

      // The shortcuts sheet lists the audio view's own keys beside the table's.
      await page.keyboard.press('?');
      const sheet = page.getByRole('dialog', { name: 'Keyboard shortcuts' });
      await expect.poll(() => sheet.getByText('Play or pause the audio').count()).toBe(1);
      await page.keyboard.press('Escape');
      await expect.poll(() => sheet.isVisible()).toBe(false);

      // The transcript is required on every segment (required="true" perRegion): the Noise one's too.
      await rows.filter({ hasText: 'Noise' }).click();
      await expect.poll(() => status(page)).toMatch(/^Segment Noise/);
      await transcript.fill('[noise]');

      // The Speech segment selected from the region list shows its transcript again.
      await rows.filter({ hasText: 'Speech' }).first().click();
      await expect.poll(() => status(page)).toMatch(/^Segment Speech/);
      await expect.poll(() => page.getByText('hello from the lab').count()).toBeGreaterThan(0);
      await page.screenshot({ path: screenshotPath('audio-segments') });
      expect(await seriousAccessibilityProblems(page)).toEqual([]);

      await wave.focus();
      await page.keyboard.press('Control+Enter');
      await expect.poll(() => page.getByTestId('task-viewer').getAttribute('aria-label')).toBe('Task 301');
      // The next task's own recording plays (the view stays mounted; nothing of the last one carries).
      await expect
        .poll(async () => {
          const src = await page.locator('audio.audio-player').getAttribute('src');
          return src ? new URL(src, page.url()).pathname : null;
        })
        .not.toBe(new URL(presigned!).pathname);
      const result = await resultOf('300');
      const regions = result.filter((r) => r.type === 'labels');
      expect(regions).toHaveLength(2);
      const speech = regions.find((r) => (r.value?.labels as string[])[0] === 'Speech')!;
      const noise = regions.find((r) => (r.value?.labels as string[])[0] === 'Noise')!;
      expect(speech).toMatchObject({
        from_name: 'labels',
        to_name: 'audio',
        origin: 'manual',
        original_length: DURATION,
      });
      expect(Object.keys(speech.value!)).toEqual(['start', 'end', 'channel', 'labels']);
      expect(speech.value).toMatchObject({ channel: 0, labels: ['Speech'] });
      expect(speech.value!.start as number).toBeCloseTo(movedStart, 2);
      expect(speech.value!.end as number).toBeCloseTo(movedEnd, 2);
      expect(noise.value!.start as number).toBeCloseTo(2.1, 6);
      expect(noise.value!.end as number).toBeCloseTo(3.9, 6);
      for (const r of regions) expect(r.id).toMatch(/^[A-Za-z0-9]{10}$/);
      const place = (r: Item) => ({ start: r.value!.start, end: r.value!.end, channel: 0 });
      expect(result.filter((r) => r.type === 'textarea')).toEqual(
        expect.arrayContaining([
          expect.objectContaining({
            id: speech.id,
            from_name: 'transcription',
            to_name: 'audio',
            value: { ...place(speech), text: ['hello from the lab'] },
          }),
          expect.objectContaining({ id: noise.id, value: { ...place(noise), text: ['[noise]'] } }),
        ]),
      );
      expect(result.filter((r) => r.type === 'textarea')).toHaveLength(2);
      expect(pageErrors).toEqual([]);
    },
  );
});
