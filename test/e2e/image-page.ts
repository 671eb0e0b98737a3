/**
 * The image journeys' shared moves in Chromium: where a natural pixel is on the page (from the
 * camera the view publishes on its box, at any zoom, pan and rotation), drags and clicks there, the
 * number of regions drawn, opening a project's first task, and the annotation the lab's S3 holds.
 */
import { GetObjectCommand, ListObjectsV2Command, type S3Client } from '@aws-sdk/client-s3';
import type { Page } from 'playwright-core';
import { expect } from 'vitest';
import type { Lab } from '../lab/lab.ts';
import { openProject } from '../support/annotator-app.ts';

export interface Item {
  id: string;
  type: string;
  from_name: string;
  to_name: string;
  origin?: string;
  original_width?: number;
  original_height?: number;
  image_rotation?: number;
  item_index?: number;
  value: Record<string, unknown>;
}

/**
 * The one annotation written under a project's target prefix (files-mode tasks have no id to name
 * it), once it is there: a submit's notice can come before its upload has finished.
 */
export async function writtenAnnotation(
  lab: Lab,
  admin: S3Client,
  projectId: string,
  key?: string,
): Promise<Item[]> {
  const project = lab.projects.find((p) => p.id.endsWith(projectId))!;
  const read = async (): Promise<Item[] | null> => {
    let objectKey = key ? `${project.targetPrefix}${key}` : undefined;
    if (!objectKey) {
      const listed = await admin.send(
        new ListObjectsV2Command({ Bucket: lab.s3.bucket, Prefix: project.targetPrefix }),
      );
      const keys = (listed.Contents ?? []).map((o) => o.Key!).filter((k) => !k.includes('/.claims/'));
      if (keys.length === 0) return null;
      expect(keys).toHaveLength(1);
      objectKey = keys[0]!;
    }
    try {
      const object = await admin.send(new GetObjectCommand({ Bucket: lab.s3.bucket, Key: objectKey }));
      const doc = JSON.parse(await object.Body!.transformToString()) as {
        annotations: { result: Item[] }[];
      };
      expect(doc.annotations).toHaveLength(1);
      return doc.annotations[0]!.result;
    } catch (error) {
      if ((error as Error).name === 'NoSuchKey' || error instanceof SyntaxError) return null;
      throw error;
    }
  };
  let result: Item[] | null = null;
  await expect.poll(async () => (result = await read()) !== null, { timeout: 15_000 }).toBe(true);
  return result!;
}

/** Where natural pixel (x, y) of the image is on the page, from the camera the view publishes. */
export async function at(page: Page, x: number, y: number): Promise<{ x: number; y: number }> {
  const box = page.getByTestId('image-canvas');
  const [rect, camera] = await Promise.all([
    box.boundingBox(),
    box.evaluate((el: HTMLElement) => ({
      zoom: Number(el.dataset['zoom']),
      panX: Number(el.dataset['panX']),
      panY: Number(el.dataset['panY']),
      rotation: Number(el.dataset['rotation'] ?? 0),
    })),
  ]);
  // The camera's matrix (model/camera.ts): a clockwise quarter turn, exact.
  const turns: Record<number, [number, number]> = { 0: [1, 0], 90: [0, 1], 180: [-1, 0], 270: [0, -1] };
  const [cos, sin] = turns[camera.rotation] ?? [1, 0];
  const z = camera.zoom;
  return {
    x: rect!.x + camera.panX + z * (cos * x - sin * y),
    y: rect!.y + camera.panY + z * (sin * x + cos * y),
  };
}

export async function drag(page: Page, from: [number, number], to: [number, number]): Promise<void> {
  const a = await at(page, ...from);
  const b = await at(page, ...to);
  await page.mouse.move(a.x, a.y);
  await page.mouse.down();
  await page.mouse.move((a.x + b.x) / 2, (a.y + b.y) / 2, { steps: 4 });
  await page.mouse.move(b.x, b.y, { steps: 4 });
  await page.mouse.up();
}

export async function click(page: Page, x: number, y: number): Promise<void> {
  const p = await at(page, x, y);
  await page.mouse.click(p.x, p.y);
}

export const regionCount = (page: Page) =>
  page.getByTestId('image-canvas').evaluate((el: HTMLElement) => Number(el.dataset['regions']));

export async function openFirstTask(page: Page, project: string): Promise<void> {
  await openProject(page, project);
  await page.getByTestId('task-list').getByRole('button').first().click();
  await cameraReady(page);
}

/** The camera is published once the box has its size. */
export async function cameraReady(page: Page): Promise<void> {
  await expect.poll(() => page.getByTestId('image-canvas').count(), { timeout: 15_000 }).toBe(1);
  await expect
    .poll(() => page.getByTestId('image-canvas').evaluate((el: HTMLElement) => Number(el.dataset['zoom'])))
    .toBeGreaterThan(0);
}

/** 320 × 240 natural pixels (the lab's scenes): percent of x and y. */
export const px = (x: number) => (x / 320) * 100;
export const py = (y: number) => (y / 240) * 100;
