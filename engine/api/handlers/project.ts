// The engine's handlers of the project file and the pre-checks: `project.validate|open|save`, `prechecks.run`.
import type { OperationHandlers } from '../../../shared/contract/api.js';
import { parseProjectText } from '../../../shared/project/parse.js';
import { runPrechecks } from '../../prechecks/run-prechecks.js';
import { readProjectFile, writeProjectFile } from '../../project/project-file.js';
import { savePinnedKeys } from '../../project/save-pinned-keys.js';
import type { ClusterRunDeps } from '../../steps/run/run-types.js';

/** The project handlers, as the engine's OperationHandlers types them. */
export type ProjectHandlers = Pick<OperationHandlers, 'project.validate' | 'project.open' | 'project.save' | 'prechecks.run'>;

/** Creates the project and pre-check handlers; accepted host keys are pinned and saved through savePinnedKeys. */
export function createProjectHandlers(deps: ClusterRunDeps): ProjectHandlers {
  return {
    'project.validate': async ({ text }) => {
      const result = parseProjectText(text);
      return result.ok ? { ok: true, project: result.project } : { ok: false, issues: [...result.issues] };
    },
    'project.open': async ({ path }) => readProjectFile(path),
    'project.save': async ({ path, project }) => writeProjectFile(path, project),
    'prechecks.run': async ({ path }) => {
      const opened = await readProjectFile(path);
      const run = await runPrechecks(opened.project, deps);
      const saved = await savePinnedKeys(opened, run.accepted);
      return { results: run.results, pinned: [...run.accepted], projectSaved: saved.projectSaved, transcript: run.transcript.map((entry) => ({ ...entry }) as Record<string, unknown> & typeof entry) };
    },
  };
}
