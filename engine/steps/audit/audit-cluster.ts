// The audit over an open run: every instance in parallel, then one evaluation of the whole cluster.
import { evaluateCluster } from '../../../shared/requirements/evaluate-cluster.js';
import { verdictOf } from '../../../shared/report/audit-verdict.js';
import type { ObserveContext } from '../../cybertrace/model/types.js';
import { observeContext } from './observe-context.js';
import type { ClusterRun } from '../run/run-types.js';
import { auditInstance } from './audit-instance.js';
import { alertTargetOf, balancerAudit, readRunBalancer } from './balancer-audit.js';
import type { AuditOptions, ClusterAudit, InstanceAudit } from './types.js';

/**
 * Audits every instance of an open run in parallel (discovery, model, observations), reads
 * kl_balancer.conf alongside, and evaluates the cluster against the project's reference instance with
 * its waivers and attestations. Sessions stay open: plan and apply may follow in the same run.
 */
export async function auditCluster(run: ClusterRun, options: AuditOptions = {}): Promise<ClusterAudit> {
  const startedAt = new Date().toISOString();
  const project = run.project;
  const balancer = readRunBalancer(run, options.balancerConf).then((reading) => ({
    reading,
    alertTarget: alertTargetOf(reading, project.balancer?.host),
  }));
  const ctx = balancer.then(({ alertTarget }): ObserveContext => observeContext(project, alertTarget.value));
  const tally = run.progress.tally('audit', run.members.length);
  const instances = await Promise.all(
    run.members.map(async (outcome) => {
      tally.start(outcome.instance.name);
      const audit = await auditInstance(outcome, ctx);
      tally.end(
        audit.name,
        audit.failure === undefined,
        audit.failure ? `${audit.failure.stage}: ${audit.failure.reason}` : auditedDetail(audit),
      );
      return audit;
    }),
  );
  const { reading, alertTarget } = await balancer;
  const findings = evaluateCluster(Object.fromEntries(instances.map((audit) => [audit.name, audit.observations])), project, {
    now: options.now ?? new Date(),
    ...(alertTarget.value ? { balancer: alertTarget.value } : {}),
    alerts: project.alerts ?? 'not-required',
  });
  const balancerPart = balancerAudit(reading, alertTarget, project.instances, instances);
  return {
    project,
    instances,
    findings,
    balancer: balancerPart,
    verdict: verdictOf(findings.findings, balancerPart.portChecks),
    startedAt,
    finishedAt: new Date().toISOString(),
  };
}

/** What a finished instance audit read, for its progress line. */
function auditedDetail(audit: InstanceAudit): string {
  const refused = audit.refusedFiles.length > 0 ? `, ${audit.refusedFiles.length} file(s) refused` : '';
  return `${Object.keys(audit.observations).length} requirement(s) observed${refused}`;
}
