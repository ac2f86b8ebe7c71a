// The audit as plain data for the contract, the CLI's --json and the report: no bytes, only facts and digests.
import type { AuditReport } from '../../../shared/contract/ops/audit.js';
import { auditReportVerdict } from '../../../shared/report/audit-verdict.js';
import { FINDING_STATUSES } from '../../../shared/requirements/finding.js';
import type { FindingStatus } from '../../../shared/requirements/finding.js';
import type { TranscriptEntry } from '../../ssh/transcript/entry.js';
import type { Redactor } from '../../ssh/transcript/redactor.js';
import type { ClusterAudit } from './types.js';

/** The json-safe report of an audit, with the run's transcript; every string passes the run's redactor. */
export function auditReport(audit: ClusterAudit, transcript: readonly TranscriptEntry[], redactor: Redactor): AuditReport {
  const counts = Object.fromEntries(FINDING_STATUSES.map((status) => [status, 0])) as Record<FindingStatus, number>;
  for (const finding of audit.findings.findings) counts[finding.status] += 1;
  const { reading, facts, alertTarget, portChecks, notInProject } = audit.balancer;
  const report: AuditReport = {
    project: audit.project.name,
    referenceInstance: audit.project.referenceInstance,
    verdict: audit.verdict,
    counts,
    startedAt: audit.startedAt,
    finishedAt: audit.finishedAt,
    findings: audit.findings,
    instances: audit.instances.map((instance) => ({
      instance: instance.name,
      audited: instance.failure === undefined,
      ...(instance.failure ? { failure: { ...instance.failure } } : {}),
      ...(instance.discovery ? { facts: instance.discovery.facts } : {}),
      refusedFiles: instance.refusedFiles.map((file) => ({ ...file })),
      inputPort: { ...instance.inputPort },
    })),
    balancer: {
      ...(reading ? { source: reading.ok ? reading.facts.source : reading.source } : {}),
      ...(facts ? { facts } : {}),
      ...(reading && !reading.ok ? { error: reading.error } : {}),
      alertTarget: alertTarget.value
        ? { value: { ...alertTarget.value }, evidence: alertTarget.evidence }
        : { evidence: alertTarget.evidence },
      portChecks: [...portChecks],
      notInProject: [...notInProject],
    },
    transcript: transcript.map((entry) => ({ ...entry })),
  };
  // The Balancer host's own checks (licence, stored certificates, service) count in the verdict when it was read.
  report.verdict = auditReportVerdict(report, audit.findings.findings, audit.project.alerts ?? 'not-required');
  // Defence in depth: a secret typed into a prompt must not reach a report through an error message.
  return redactor.redactData(report);
}
