// The one place where host keys accepted in a run are pinned into the project file and the file is saved.
import type { PinnedHostKey, Project } from '../../shared/project/schema.js';
import { pinKeys } from '../ssh/host-keys/pin-keys.js';
import type { OpenedProject } from './project-file.js';
import { writeProjectFile } from './project-file.js';

/** What saving accepted keys did: the project as it now stands, the file's digest, and whether it was written. */
export interface SavedPins {
  readonly project: Project;
  /** Keys this call added to the project's hostKeys (already pinned ones are not repeated). */
  readonly pinned: readonly PinnedHostKey[];
  readonly projectSaved: boolean;
  /** SHA-256 of the project file as it now stands on disk. */
  readonly sha256: string;
}

/**
 * Pins the accepted keys into the opened project and writes it when that added any; nothing is written
 * otherwise. A conflicting pin throws (pinKeys): a changed key is never replaced as a side effect.
 */
export async function savePinnedKeys(opened: OpenedProject, accepted: readonly PinnedHostKey[]): Promise<SavedPins> {
  const project = pinKeys(opened.project, accepted);
  const pinned = project.hostKeys.slice(opened.project.hostKeys.length);
  if (pinned.length === 0) return { project: opened.project, pinned: [], projectSaved: false, sha256: opened.sha256 };
  const written = await writeProjectFile(opened.path, project);
  return { project, pinned, projectSaved: true, sha256: written.sha256 };
}
