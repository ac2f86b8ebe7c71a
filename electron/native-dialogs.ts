// The desktop app's answer to `files.choose`: the operating system's own open, save and folder dialogs.
import type { BrowserWindow, Dialog, FileFilter } from 'electron';
import type { ChooseRequest } from '../shared/contract/ops/files.js';

/** Filters from suffixes: ".ctha.json" offers "*.ctha.json"-ish names through the last extension Electron understands. */
function filters(suffixes: readonly string[]): FileFilter[] {
  if (suffixes.length === 0) return [];
  // Electron matches extensions without dots ("json"); a double suffix is matched by its last part.
  const extensions = [...new Set(suffixes.map((suffix) => suffix.split('.').filter(Boolean).at(-1) ?? ''))].filter(Boolean);
  return [
    { name: suffixes.join(', '), extensions },
    { name: 'All files', extensions: ['*'] },
  ];
}

/** A chooser over Electron's dialog module, attached to the window that asked (modal to it). */
export function nativeChooser(
  dialog: Pick<Dialog, 'showOpenDialog' | 'showSaveDialog'>,
  window: () => BrowserWindow | undefined,
): (request: ChooseRequest) => Promise<string | undefined> {
  return async (request) => {
    const parent = window();
    const base = { title: request.title, ...(request.startAt === undefined ? {} : { defaultPath: request.startAt }) };
    if (request.mode === 'save') {
      const options = {
        ...base,
        ...(request.defaultName === undefined || request.startAt !== undefined ? {} : { defaultPath: request.defaultName }),
        filters: filters(request.suffixes),
        properties: ['createDirectory', 'showOverwriteConfirmation'] as ('createDirectory' | 'showOverwriteConfirmation')[],
      };
      const answer = parent === undefined ? await dialog.showSaveDialog(options) : await dialog.showSaveDialog(parent, options);
      return answer.canceled || answer.filePath === undefined || answer.filePath === '' ? undefined : answer.filePath;
    }
    const options = {
      ...base,
      filters: request.mode === 'folder' ? [] : filters(request.suffixes),
      properties: (request.mode === 'folder' ? ['openDirectory', 'createDirectory'] : ['openFile']) as (
        'openDirectory' | 'createDirectory' | 'openFile'
      )[],
    };
    const answer = parent === undefined ? await dialog.showOpenDialog(options) : await dialog.showOpenDialog(parent, options);
    return answer.canceled ? undefined : answer.filePaths[0];
  };
}
