// The engine's handler of `prechecks.run`: every pre-check on every instance, accepted keys pinned and saved.
import type { OperationHandlers } from '../../../shared/contract/api.js';
import { runPrechecks } from '../../prechecks/run-prechecks.js';
import { readProjectFile } from '../../project/project-file.js';
import { savePinnedKeys } from '../../project/save-pinned-keys.js';
import type { ClusterRunDeps } from '../../steps/run/run-types.js';

/** Creates the `prechecks.run` handler; accepted host keys are pinned and saved through savePinnedKeys. */
export function createPrecheckHandlers(deps: ClusterRunDeps): Pick<OperationHandlers, 'prechecks.run'> {
  return {
    'prechecks.run': async ({ path }) => {
      const opened = await readProjectFile(path);
      const run = await runPrechecks(opened.project, deps);
      const saved = await savePinnedKeys(opened, run.accepted);
      return {
        results: run.results,
        pinned: [...run.accepted],
        projectSaved: saved.projectSaved,
        transcript: run.transcript.map((entry) => ({ ...entry }) as Record<string, unknown> & typeof entry),
      };
    },
  };
}
