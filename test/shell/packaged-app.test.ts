/**
 * The built main bundle as a packaged app (the stand-in's app.isPackaged is true): DevTools are off in
 * every window the shell makes, the menu is the app's own without them, and Help → Export diagnostics
 * writes the zip and shows it in its folder. A development build (test/shell/main-bundle.test.ts) keeps
 * DevTools. No policy on this machine sets an update URL, so electron-updater is never loaded.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { missingHardening } from '../support/required-hardening.ts';

const root = path.resolve(import.meta.dirname, '../..');
type MenuItem = { label?: string; role?: string; submenu?: MenuItem[] };
type Report = {
  packaged: boolean;
  applicationMenu: MenuItem[] | null;
  shownInFolder: string[];
  windows: { options: { webPreferences: Record<string, unknown> } }[];
};

function probe(env: Record<string, string>): { report: Report; dir: string } {
  const dir = mkdtempSync(path.join(tmpdir(), 'fa-bundle-'));
  const out = path.join(dir, 'report.json');
  execFileSync(process.execPath, [path.join(root, 'test/support/electron-stand-in/probe-main-bundle.ts')], {
    env: { ...process.env, STAND_IN_REPORT: out, STAND_IN_USER_DATA: dir, ...env },
    stdio: ['ignore', 'ignore', 'inherit'],
    timeout: 60_000,
  });
  return { report: JSON.parse(readFileSync(out, 'utf8')) as Report, dir };
}

const roles = (items: MenuItem[]): string[] =>
  items.flatMap((item) => [...(item.role ? [item.role] : []), ...roles(item.submenu ?? [])]);

let report: Report;
let dir: string;
beforeAll(() => ({ report, dir } = probe({ STAND_IN_PACKAGED: '1' })));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('packaged app with an Electron stand-in', () => {
  it('turns DevTools off in every window, hardening kept', () => {
    expect(report.packaged).toBe(true);
    // The app window and the sign-in window the probe opens.
    expect(report.windows.length).toBeGreaterThanOrEqual(2);
    for (const window of report.windows) {
      expect(window.options.webPreferences.devTools).toBe(false);
      expect(missingHardening(window.options.webPreferences)).toEqual([]);
    }
  });

  it("sets the app's own menu, with no DevTools, reload or undo roles", () => {
    const menu = report.applicationMenu!;
    expect(menu.map((item) => item.label)).toEqual(['File', 'Edit', 'View', 'Window', 'Help']);
    expect(roles(menu)).toEqual(expect.arrayContaining(['copy', 'paste', 'zoomIn', 'resetZoom', 'about']));
    for (const role of ['toggleDevTools', 'reload', 'forceReload', 'undo', 'redo'])
      expect(roles(menu)).not.toContain(role);
  });

  it('Help → Export diagnostics writes the zip into the data folder and shows it', () => {
    expect(report.shownInFolder).toHaveLength(1);
    const [zip] = report.shownInFolder;
    expect(path.dirname(zip!)).toBe(path.join(dir, 'diagnostics'));
    expect(zip).toMatch(/\.zip$/);
    expect(statSync(zip!).size).toBeGreaterThan(100);
  });
});
