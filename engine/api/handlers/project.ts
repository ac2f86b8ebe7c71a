// The engine's handlers of the project file: `project.validate`, `project.open`, `project.save` (no host is touched).
import type { OperationHandlers } from '../../../shared/contract/api.js';
import { parseProjectText } from '../../../shared/project/parse.js';
import { readProjectFile, writeProjectFile } from '../../project/project-file.js';

/** The project handlers, as the engine's OperationHandlers types them. */
export type ProjectHandlers = Pick<OperationHandlers, 'project.validate' | 'project.open' | 'project.save'>;

/** Creates the project handlers: validation of text, reading and atomic writing of project files. */
export function createProjectHandlers(): ProjectHandlers {
  return {
    'project.validate': async ({ text }) => {
      const result = parseProjectText(text);
      return result.ok ? { ok: true, project: result.project } : { ok: false, issues: [...result.issues] };
    },
    'project.open': async ({ path }) => readProjectFile(path),
    'project.save': async ({ path, project }) => writeProjectFile(path, project),
  };
}
