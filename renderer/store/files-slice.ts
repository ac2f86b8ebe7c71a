// Choosing files and folders (issue 13 item 4): the desktop app's own dialog through files.choose, else the
// page's chooser over files.list; and the recent-projects list.
import type { StateCreator } from 'zustand/vanilla';
import type { CthaApi } from '../../shared/contract/api.js';
import type { BrowseRequest, ListFolder } from '../files/browse-request.js';
import type { RecentStorage } from '../files/recent-projects.js';
import { pageStorage, readRecent, rememberRecent } from '../files/recent-projects.js';
import type { AppState } from './app-state.js';
import { describeError } from './errors.js';

/** The file choosing of the wizard. */
export type FilesSlice = Readonly<{
  /** The page's chooser while it is open (browser mode); undefined otherwise. */
  chooser: { readonly id: number; readonly request: BrowseRequest } | undefined;
  /** Project files opened or saved lately, newest first. */
  recentProjects: readonly string[];
  /** Asks for a path; resolves undefined when the person cancels. */
  browse: (request: BrowseRequest) => Promise<string | undefined>;
  /** Lists a folder for the page's chooser. */
  listFolder: ListFolder;
  /** Ends the open chooser with a path, or undefined for Cancel. */
  settleChooser: (path: string | undefined) => void;
  /** Puts a project path at the top of the recent list. */
  rememberProject: (path: string) => void;
}>;

/** Creates the files slice; `storage` keeps the recent list (the page's local storage by default). */
export function createFilesSlice(api: CthaApi, storage: RecentStorage = pageStorage()): StateCreator<AppState, [], [], FilesSlice> {
  return (set, get) => {
    let pending: ((path: string | undefined) => void) | undefined;
    let next = 0;
    const settle = (path: string | undefined): void => {
      const resolve = pending;
      pending = undefined;
      set({ chooser: undefined });
      resolve?.(path);
    };
    return {
      chooser: undefined,
      recentProjects: readRecent(storage),
      browse: async (request) => {
        try {
          const native = await api['files.choose']({ ...request, suffixes: [...(request.suffixes ?? [])] });
          if (native.supported) return native.path;
        } catch (error) {
          set({ notice: { kind: 'error', text: `Could not open the file dialog: ${describeError(error).message}` } });
          return undefined;
        }
        // One chooser at a time: a second Browse cancels the first.
        if (pending !== undefined) settle(undefined);
        next += 1;
        set({ chooser: { id: next, request } });
        return new Promise((resolve) => (pending = resolve));
      },
      listFolder: (input) => api['files.list'](input),
      settleChooser: settle,
      rememberProject: (path) => {
        if (get().recentProjects[0] === path) return;
        set({ recentProjects: rememberRecent(storage, path) });
      },
    };
  };
}
