// An audit as one call: open the run, audit, close; what the contract handler and `ctha audit` use.
import type { AuditReport } from '../../../shared/contract/ops/audit.js';
import type { PinnedHostKey, Project } from '../../../shared/project/schema.js';
import { openClusterRun } from '../run/open-cluster-run.js';
import type { ClusterRunDeps, ClusterRunOptions } from '../run/run-types.js';
import { auditCluster } from './audit-cluster.js';
import { auditReport } from './audit-report.js';
import type { AuditOptions } from './types.js';

/** What one audit run produced: the report, and the project with any newly accepted keys pinned. */
export interface AuditRun {
  readonly report: AuditReport;
  readonly accepted: readonly PinnedHostKey[];
  readonly project: Project;
  /** The run's id in its progress events (a probe that follows in the same operation may report under it). */
  readonly runId: string;
}

/**
 * Opens a run over the project (the Balancer host too when the project has one and no local
 * kl_balancer.conf is given), audits it and closes every session.
 */
export async function runAuditOnce(
  project: Project,
  deps: ClusterRunDeps,
  options: AuditOptions & Pick<ClusterRunOptions, 'timeouts' | 'reviewWindowMs'> = {},
): Promise<AuditRun> {
  const run = await openClusterRun(project, deps, {
    ...options,
    balancer: options.balancerConf === undefined && project.balancer !== undefined,
  });
  try {
    const audit = await auditCluster(run, options);
    return {
      report: auditReport(audit, run.transcript.entries(), run.redactor),
      accepted: run.accepted,
      project: run.project,
      runId: run.runId,
    };
  } finally {
    await run.close();
  }
}
