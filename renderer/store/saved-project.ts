import type { AppState } from './app-state.js';

/**
 * The saved project file a run works on, or the sentence telling the engineer why there is none: the
 * engine reads the file on disk, so running on unsaved edits would check something other than what is shown.
 */
export function savedProjectPath(
  state: Pick<AppState, 'path' | 'dirty' | 'draft'>,
  what: string,
): { ok: true; path: string } | { ok: false; message: string } {
  if (state.draft === undefined) return { ok: false, message: `Open a project first: ${what} on a saved project file.` };
  if (state.path === '' || state.dirty) return { ok: false, message: `Save the project first: ${what} on the saved project file.` };
  return { ok: true, path: state.path };
}
