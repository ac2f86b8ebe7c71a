import type { MenuItemConstructorOptions } from 'electron';
import { Menu } from 'electron';

/**
 * The application menu. Electron's default menu carries Reload, Force Reload and Toggle Developer Tools;
 * a release build shows none of them (a reload would also drop the wizard's unsaved state).
 */
export function applicationMenuTemplate(release: boolean, platform: NodeJS.Platform = process.platform): MenuItemConstructorOptions[] {
  const view: MenuItemConstructorOptions[] = [
    ...(release ? [] : ([{ role: 'reload' }, { role: 'forceReload' }, { role: 'toggleDevTools' }, { type: 'separator' }] as const)),
    { role: 'resetZoom' },
    { role: 'zoomIn' },
    { role: 'zoomOut' },
    { type: 'separator' },
    { role: 'togglefullscreen' },
  ];
  return [
    ...(platform === 'darwin' ? [{ role: 'appMenu' } as const] : []),
    { role: 'fileMenu' },
    // Copy and paste of host names and fingerprints must keep working, so the edit roles stay.
    { role: 'editMenu' },
    { label: 'View', submenu: view },
    { role: 'windowMenu' },
  ];
}

/** Replaces Electron's default menu with applicationMenuTemplate(). */
export function setupMenu(release: boolean): void {
  Menu.setApplicationMenu(Menu.buildFromTemplate(applicationMenuTemplate(release)));
}
