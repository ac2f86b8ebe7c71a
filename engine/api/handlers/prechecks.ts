// The engine's handler of `prechecks.run`: every pre-check on every instance, accepted keys pinned and saved.
import type { OperationHandlers } from '../../../shared/contract/api.js';
import { runPrechecks } from '../../prechecks/run-prechecks.js';
import { readProjectFile } from '../../project/project-file.js';
import { savePinnedKeys } from '../../project/save-pinned-keys.js';
import { cancellableRun } from '../../steps/run/cancellable-run.js';
import type { ClusterRunDeps } from '../../steps/run/run-types.js';

/** Creates the `prechecks.run` handler; accepted host keys are pinned and saved through savePinnedKeys. */
export function createPrecheckHandlers(deps: ClusterRunDeps): Pick<OperationHandlers, 'prechecks.run'> {
  return {
    'prechecks.run': async ({ path }) => {
      const opened = await readProjectFile(path);
      // Keys accepted in a run cancelled after its logins are still pinned (the engineer reviewed them); a run
      // cancelled while logging in ends before this (openClusterRun) and pins nothing: its keys are asked again.
      const { run, saved } = await cancellableRun(deps, 'The pre-checks', async (runDeps) => {
        const checked = await runPrechecks(opened.project, runDeps);
        return { run: checked, saved: await savePinnedKeys(opened, checked.accepted) };
      });
      return {
        results: run.results,
        pinned: [...run.accepted],
        projectSaved: saved.projectSaved,
        transcript: run.transcript.map((entry) => ({ ...entry }) as Record<string, unknown> & typeof entry),
      };
    },
  };
}
