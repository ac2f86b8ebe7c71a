// The engine's handler of `report.run` (contract: shared/contract/ops/report-run.ts): verify a cluster and sign what was found.
import type { z } from 'zod';
import type { reportRunOperations } from '../../../shared/contract/ops/report-run.js';
import { assembleEvidence } from '../../../shared/report/assemble-evidence.js';
import { readProjectFile } from '../../project/project-file.js';
import { savePinnedKeys } from '../../project/save-pinned-keys.js';
import { buildReport } from '../../report/build-report.js';
import type { ProductStoreFactory } from '../../report/identity/resolve-identity.js';
import { resolveIdentity } from '../../report/identity/resolve-identity.js';
import { runVerification, verificationRunFacts } from '../../report/verification-run.js';
import { checkOutputFolder } from '../../report/write-bundle-dir.js';
import { cancellableRun } from '../../steps/run/cancellable-run.js';
import type { ClusterRunDeps } from '../../steps/run/run-types.js';
import { pairApplyReports } from './pair-applies.js';
import { asApiErrors } from './report.js';

type Op = (typeof reportRunOperations)['report.run'];
/** The handler of `report.run`, typed from its contract entry. */
export type ReportRunHandlers = { readonly 'report.run': (input: z.output<Op['input']>) => Promise<z.output<Op['output']>> };

/** What the report run needs: the engine's run deps (prompts, events) and where the product identity is kept. */
export interface ReportRunDeps {
  readonly run: ClusterRunDeps;
  readonly productStore?: ProductStoreFactory;
}

/**
 * Creates the `report.run` handler. Everything that can be refused is refused before any host is
 * contacted: the output folder, the project, the apply reports and their plans, the signing identity
 * (its passphrase is asked first, so a wrong one does not waste the run).
 */
export function createReportRunHandler(deps: ReportRunDeps): ReportRunHandlers {
  return {
    'report.run': async (input) =>
      asApiErrors(async () => {
        await checkOutputFolder(input.outDir);
        const opened = await readProjectFile(input.path);
        const applies = pairApplyReports(input.applies, input.plans, opened.project.name);
        const resolved = await resolveIdentity(
          input.identity,
          input.engineer,
          async ({ path }) => (await deps.run.ask<'passphrase'>({ kind: 'passphrase', keyPath: path })).secret,
          deps.productStore,
        );
        // Cancelled, nothing is signed: the run ends with the `cancelled` error before the report is built.
        const run = await cancellableRun(deps.run, 'The report run', (runDeps) =>
          runVerification(opened.project, runDeps, {
            deadlineMs: input.deadlineMs,
            ...(input.fallbackPort === undefined ? {} : { fallbackPort: input.fallbackPort }),
            ...(input.indicator === undefined ? {} : { indicator: input.indicator }),
            ...(input.balancerConf === undefined ? {} : { balancerConf: input.balancerConf }),
          }),
        );
        // The evidence states the project as it now stands, newly pinned keys included.
        const saved = await savePinnedKeys(opened, run.accepted);
        const evidence = assembleEvidence(
          verificationRunFacts(run, { engineer: input.engineer, projectSha256: saved.sha256, applies, plans: input.plans }),
        );
        const built = await buildReport({
          evidence,
          signer: resolved.identity,
          outDir: input.outDir,
          knownSecrets: [...input.knownSecrets, ...run.secrets, ...resolved.passphrases],
        });
        return {
          project: opened.path,
          pinned: [...run.accepted],
          projectSaved: saved.projectSaved,
          prechecks: [...run.prechecks],
          audit: { verdict: run.audit.verdict, counts: run.audit.counts },
          endpoints: [...run.endpoints],
          ...(run.probe === undefined ? {} : { probe: run.probe }),
          built: { ...built, files: [...built.files], identityCreated: resolved.created, warnings: [...resolved.warnings] },
        };
      }),
  };
}
