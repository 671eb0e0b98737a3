/** The application menu and the DevTools switch, as the shell installs them (main/shell/main.ts). */
import { describe, expect, it } from 'vitest';
import { appMenuTemplate, devToolsEnabled, type MenuItemTemplate } from './app-menu.ts';

const outline = (items: MenuItemTemplate[]): unknown[] =>
  items.map((item) =>
    item.submenu
      ? { [item.label ?? item.role ?? '?']: outline(item.submenu) }
      : (item.role ?? item.label ?? item.type),
  );

function menu(platform: NodeJS.Platform, devTools = false) {
  const exported: string[] = [];
  const template = appMenuTemplate({
    platform,
    appName: 'Federated Annotator',
    devTools,
    exportDiagnostics: () => exported.push('diagnostics'),
  });
  return { template, exported };
}

describe('application menu', () => {
  it('Windows and Linux: File, Edit (clipboard), View (zoom), Window, Help (diagnostics, About)', () => {
    expect(outline(menu('win32').template)).toEqual([
      { File: ['quit'] },
      { Edit: ['cut', 'copy', 'paste', 'separator', 'selectAll'] },
      { View: ['resetZoom', 'zoomIn', 'zoomOut', 'separator', 'togglefullscreen'] },
      { Window: ['minimize', 'close'] },
      { Help: ['Export diagnostics…', 'separator', 'about'] },
    ]);
    expect(outline(menu('linux').template)).toEqual(outline(menu('win32').template));
  });

  it('macOS: the app menu first (About, Hide, Quit), About not repeated in Help', () => {
    const [appMenu, ...rest] = outline(menu('darwin').template);
    expect(appMenu).toEqual({
      'Federated Annotator': ['about', 'separator', 'hide', 'hideOthers', 'unhide', 'separator', 'quit'],
    });
    expect(rest).toContainEqual({ Window: ['minimize', 'zoom', 'separator', 'front'] });
    expect(rest).toContainEqual({ Help: ['Export diagnostics…'] });
  });

  it('offers no reload; undo/redo only on macOS, where text fields undo through the menu alone', () => {
    const linux = JSON.stringify(menu('linux', true).template);
    for (const role of ['reload', 'forceReload', 'undo', 'redo']) expect(linux).not.toContain(`"${role}"`);
    const mac = menu('darwin', true).template;
    expect(JSON.stringify(mac)).not.toContain('"reload"');
    expect(outline(mac)).toContainEqual({
      Edit: ['undo', 'redo', 'separator', 'cut', 'copy', 'paste', 'separator', 'selectAll'],
    });
  });

  it('"Export diagnostics…" calls the app', () => {
    const { template, exported } = menu('linux');
    const help = template.find((item) => item.label === 'Help')!;
    help.submenu!.find((item) => item.label === 'Export diagnostics…')!.click!();
    expect(exported).toEqual(['diagnostics']);
  });
});

describe('DevTools', () => {
  it('are off in a packaged build unless IT allows them; always on in a development build', () => {
    expect(devToolsEnabled({ devToolsAllowed: false }, true)).toBe(false);
    expect(devToolsEnabled({ devToolsAllowed: true }, true)).toBe(true);
    expect(devToolsEnabled({ devToolsAllowed: false }, false)).toBe(true);
  });

  it('appear in View only when enabled', () => {
    const view = (devTools: boolean) =>
      menu('linux', devTools)
        .template.find((item) => item.label === 'View')!
        .submenu!.map((i) => i.role);
    expect(view(true)).toContain('toggleDevTools');
    expect(view(false)).not.toContain('toggleDevTools');
  });
});
