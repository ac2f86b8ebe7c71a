import type { BrowserWindow, Dialog } from 'electron';
import { describe, expect, it } from 'vitest';
import { nativeChooser } from '../../electron/native-dialogs.js';
import { createFileHandlers } from '../../engine/api/handlers/files.js';
import { ChooseRequestSchema } from '../../shared/contract/ops/files.js';

// files.choose on the desktop: Electron's own dialogs, modal to the asking window; the browser has none.
function fakeDialog(answer: { canceled: boolean; filePaths?: string[]; filePath?: string }) {
  const calls: { method: string; args: unknown[] }[] = [];
  const dialog = {
    showOpenDialog: async (...args: unknown[]) => {
      calls.push({ method: 'showOpenDialog', args });
      return { canceled: answer.canceled, filePaths: answer.filePaths ?? [] };
    },
    showSaveDialog: async (...args: unknown[]) => {
      calls.push({ method: 'showSaveDialog', args });
      return { canceled: answer.canceled, ...(answer.filePath === undefined ? {} : { filePath: answer.filePath }) };
    },
  } as unknown as Pick<Dialog, 'showOpenDialog' | 'showSaveDialog'>;
  return { dialog, calls };
}
const WINDOW = { id: 1 } as unknown as BrowserWindow;
const request = (input: unknown) => ChooseRequestSchema.parse(input);

describe('native dialogs for files.choose', () => {
  it('opens a file with the suffixes as a filter, modal to the window', async () => {
    const { dialog, calls } = fakeDialog({ canceled: false, filePaths: ['/home/e/customer.ctha.json'] });
    const choose = nativeChooser(dialog, () => WINDOW);
    expect(
      await choose(request({ mode: 'open', title: 'Open a project file', suffixes: ['.ctha.json'], startAt: '/home/e/old.ctha.json' })),
    ).toBe('/home/e/customer.ctha.json');
    expect(calls).toEqual([
      {
        method: 'showOpenDialog',
        args: [
          WINDOW,
          {
            title: 'Open a project file',
            defaultPath: '/home/e/old.ctha.json',
            filters: [
              { name: '.ctha.json', extensions: ['json'] },
              { name: 'All files', extensions: ['*'] },
            ],
            properties: ['openFile'],
          },
        ],
      },
    ]);
  });

  it('chooses a folder, and saves with the proposed name; a cancel is no path', async () => {
    const folder = fakeDialog({ canceled: false, filePaths: ['/home/e/reports'] });
    expect(await nativeChooser(folder.dialog, () => undefined)(request({ mode: 'folder', title: 'Report folder' }))).toBe(
      '/home/e/reports',
    );
    expect(folder.calls[0]?.args).toEqual([{ title: 'Report folder', filters: [], properties: ['openDirectory', 'createDirectory'] }]);

    const save = fakeDialog({ canceled: false, filePath: '/home/e/new.ctha.json' });
    expect(
      await nativeChooser(save.dialog, () => WINDOW)(request({ mode: 'save', title: 'Save the project', defaultName: 'new.ctha.json' })),
    ).toBe('/home/e/new.ctha.json');
    expect(save.calls[0]?.args[1]).toMatchObject({
      defaultPath: 'new.ctha.json',
      properties: ['createDirectory', 'showOverwriteConfirmation'],
    });

    const cancelled = fakeDialog({ canceled: true });
    expect(await nativeChooser(cancelled.dialog, () => WINDOW)(request({ mode: 'open', title: 'Open' }))).toBeUndefined();
  });

  it('files.choose says unsupported without a chooser (the browser), and passes the answer through with one', async () => {
    expect(await createFileHandlers(undefined, undefined)['files.choose'](request({ mode: 'open', title: 'Open' }))).toEqual({
      supported: false,
    });
    const { dialog } = fakeDialog({ canceled: false, filePaths: ['/home/e/x.ctha.json'] });
    const handlers = createFileHandlers(
      undefined,
      nativeChooser(dialog, () => WINDOW),
    );
    expect(await handlers['files.choose'](request({ mode: 'open', title: 'Open' }))).toEqual({
      supported: true,
      path: '/home/e/x.ctha.json',
    });
    const none = createFileHandlers(
      undefined,
      nativeChooser(fakeDialog({ canceled: true }).dialog, () => WINDOW),
    );
    expect(await none['files.choose'](request({ mode: 'open', title: 'Open' }))).toEqual({ supported: true });
  });
});
