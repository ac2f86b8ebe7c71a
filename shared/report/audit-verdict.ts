// The audit's verdict, one rule for the engine's report and the wizard's re-decision after a statement.
import type { AuditReport, PortCheck } from '../contract/ops/audit.js';
import type { AlertsMode } from '../project/schema.js';
import type { Finding } from '../requirements/finding.js';
import { balancerChecks } from './balancer-checks.js';

/** consistent, drift or unknown. */
export type AuditVerdict = AuditReport['verdict'];

/**
 * drift when any finding drifts, Balancer sends to another port than an instance listens on, or a check of
 * the Balancer host drifts; unknown when nothing drifts but something could not be shown; consistent otherwise.
 * `side` is the Balancer host's own verdict (balancerChecks), absent when the host was not read.
 */
export function verdictOf(findings: readonly Finding[], portChecks: readonly PortCheck[], side?: AuditVerdict): AuditVerdict {
  if (findings.some((finding) => finding.status === 'drift') || portChecks.some((check) => check.state === 'mismatch') || side === 'drift')
    return 'drift';
  if (findings.some((finding) => finding.status === 'unknown') || portChecks.some((check) => check.state !== 'match') || side === 'unknown')
    return 'unknown';
  return 'consistent';
}

/** The verdict of an audit report with these findings: its port checks, and the Balancer host's checks when it was read. */
export function auditReportVerdict(
  report: Pick<AuditReport, 'balancer' | 'instances' | 'findings'>,
  findings: readonly Finding[],
  alerts: AlertsMode,
): AuditVerdict {
  const side = report.balancer.facts?.host === undefined ? undefined : balancerChecks(report, alerts).verdict;
  return verdictOf(findings, report.balancer.portChecks, side);
}
