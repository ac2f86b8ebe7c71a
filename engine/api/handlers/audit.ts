// Handlers of `audit.run` and `balancer.read` (shared/contract/ops/audit.ts), in the style of create-engine.ts.
import type { z } from 'zod';
import { ApiError } from '../../../shared/contract/errors.js';
import type { auditOperations } from '../../../shared/contract/ops/audit.js';
import { readBalancerFile, readBalancerOverSsh } from '../../cybertrace/balancer/read-balancer.js';
import { readProjectFile } from '../../project/project-file.js';
import { savePinnedKeys } from '../../project/save-pinned-keys.js';
import { runAuditOnce } from '../../steps/audit/run-audit.js';
import { openClusterRun } from '../../steps/run/open-cluster-run.js';
import { cancellableRun } from '../../steps/run/cancellable-run.js';
import type { ClusterRunDeps } from '../../steps/run/run-types.js';

type Ops = typeof auditOperations;
/** The handler of one of these operations: validated input in, output to be validated out. */
type Handler<K extends keyof Ops> = (input: z.output<Ops[K]['input']>) => Promise<z.output<Ops[K]['output']>>;

/** The handlers of the audit operations, answering prompts through `deps.ask` (the engine's PromptBroker). */
export function auditHandlers(deps: ClusterRunDeps): {
  readonly 'audit.run': Handler<'audit.run'>;
  readonly 'balancer.read': Handler<'balancer.read'>;
} {
  return {
    'audit.run': async ({ path, balancerConf }) => {
      const opened = await readProjectFile(path);
      // Keys accepted in a run cancelled after its logins are still pinned (the engineer reviewed them); a run
      // cancelled while logging in ends before this (openClusterRun) and pins nothing: its keys are asked again.
      const { run, saved } = await cancellableRun(deps, 'The audit', async (runDeps) => {
        const audited = await runAuditOnce(opened.project, runDeps, balancerConf === undefined ? {} : { balancerConf });
        return { run: audited, saved: await savePinnedKeys(opened, audited.accepted) };
      });
      return { report: run.report, pinned: [...run.accepted], projectSaved: saved.projectSaved };
    },
    'balancer.read': async (input) => {
      if ('file' in input) {
        const reading = await readBalancerFile(input.file);
        return reading.ok
          ? { source: reading.facts.source, facts: reading.facts, pinned: [], projectSaved: false }
          : { source: reading.source, error: reading.error, pinned: [], projectSaved: false };
      }
      const opened = await readProjectFile(input.path);
      if (opened.project.balancer === undefined)
        throw new ApiError({
          code: 'invalid-input',
          message: `${opened.path} has no balancer: add the Balancer host to the project, or read a local kl_balancer.conf ({ file })`,
        });
      const run = await openClusterRun(opened.project, deps, { balancer: true, instances: [] });
      try {
        const host = run.balancer;
        const reading =
          host === undefined
            ? undefined
            : host.ok
              ? await readBalancerOverSsh(host)
              : {
                  ok: false as const,
                  source: host.instance.name,
                  error: `the Balancer host could not be opened (${host.stage}): ${host.reason}`,
                };
        const saved = { pinned: [...run.accepted], projectSaved: (await savePinnedKeys(opened, run.accepted)).projectSaved };
        if (reading === undefined) return { source: opened.project.balancer.name, error: 'the Balancer host was not opened', ...saved };
        return reading.ok
          ? { source: reading.facts.source, facts: reading.facts, ...saved }
          : { source: reading.source, error: run.redactor.redact(reading.error), ...saved };
      } finally {
        await run.close();
      }
    },
  };
}
