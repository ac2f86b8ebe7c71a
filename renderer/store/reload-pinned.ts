import type { AppState } from './app-state.js';

/**
 * After a run pinned host keys into the project file, reloads it so the editor shows what is saved, and
 * says so: the reload's own "Opened ..." notice would hide why the file changed.
 */
export async function reloadAfterPinning(
  get: () => AppState,
  set: (partial: Partial<AppState>) => void,
  path: string,
  run: { projectSaved: boolean; pinned: readonly unknown[] },
): Promise<void> {
  if (!run.projectSaved) return;
  await get().open(path);
  set({ notice: { kind: 'info', text: `${run.pinned.length} host key(s) pinned into ${path}; the project was reloaded.` } });
}
