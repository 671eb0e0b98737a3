/**
 * Main-thread CPU per frame from a Chromium trace: the thread time (not wall time) of the renderer's
 * main-thread tasks, bucketed by the animation frame they follow. Thread time does not count the
 * waits of a busy machine, so the figure is the page's own cost per frame.
 */
import type { Browser, Page } from 'playwright-core';

type TraceEvent = {
  name: string;
  ph: string;
  pid: number;
  tid: number;
  ts: number;
  dur?: number;
  tdur?: number;
  args?: { name?: string };
};

/** Runs `work` under a trace; returns its result and the CPU ms of each frame in it. */
export async function withFrameCpu<T>(
  browser: Browser,
  page: Page,
  work: () => Promise<T>,
): Promise<{ result: T; cpu: number[] }> {
  await browser.startTracing(page, { categories: ['devtools.timeline', 'toplevel'] });
  const result = await work();
  const trace = JSON.parse((await browser.stopTracing()).toString()) as { traceEvents: TraceEvent[] };
  const events = trace.traceEvents;
  const main = events.find(
    (e) => e.ph === 'M' && e.name === 'thread_name' && e.args?.name === 'CrRendererMain',
  );
  if (!main) return { result, cpu: [] };
  const mine = (e: TraceEvent) => e.pid === main.pid && e.tid === main.tid && e.ph === 'X';
  const frames = events.filter((e) => mine(e) && e.name === 'FireAnimationFrame').map((e) => e.ts);
  frames.sort((a, b) => a - b);
  const cpu = frames.map(() => 0);
  for (const e of events) {
    if (!mine(e) || e.name !== 'ThreadControllerImpl::RunTask' || e.tdur === undefined) continue;
    // The frame this task belongs to: the last animation frame that started before it ended.
    let lo = 0;
    let hi = frames.length - 1;
    const end = e.ts + (e.dur ?? 0);
    if (frames.length === 0 || end < (frames[0] as number)) continue;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if ((frames[mid] as number) <= end) lo = mid;
      else hi = mid - 1;
    }
    cpu[lo] = (cpu[lo] as number) + e.tdur / 1000;
  }
  // The first bucket holds what came before the first frame measured.
  return { result, cpu: cpu.slice(1) };
}
