// The audit on screen after the engineer attested, waived or removed a statement: the same findings, with the
// project's statements applied again by the audit's own rule (applyStatements in shared/requirements/evaluate-cluster.ts).
// No host is read.
import type { AuditReport } from '../../shared/contract/ops/audit.js';
import type { AlertsMode } from '../../shared/project/schema.js';
import { auditReportVerdict } from '../../shared/report/audit-verdict.js';
import type { AttestationEntry, WaiverEntry } from '../../shared/requirements/decisions.js';
import { applyStatements } from '../../shared/requirements/evaluate-cluster.js';
import type { Finding, FindingStatus } from '../../shared/requirements/finding.js';
import { FINDING_STATUSES } from '../../shared/requirements/finding.js';

/** The project's part that decides findings: its statements and its alerts setting. */
export interface StatementSource {
  readonly attestations: readonly AttestationEntry[];
  readonly waivers: readonly WaiverEntry[];
  readonly alerts?: AlertsMode | undefined;
}

/**
 * The report with every finding decided again from the tool's own comparison (`compared`, kept in each
 * finding) and the project's statements at `now`, as evaluateCluster decides them after an audit; the
 * counts and the verdict follow. The values, evidence and groups are the audit's: the hosts were not re-read.
 */
export function restateAudit(report: AuditReport, project: StatementSource, now: Date): AuditReport {
  const findings = report.findings.findings.map((finding) => applyStatements(toolVerdict(finding), project, now));
  const counts = Object.fromEntries(FINDING_STATUSES.map((status) => [status, 0])) as Record<FindingStatus, number>;
  for (const finding of findings) counts[finding.status] += 1;
  return {
    ...report,
    findings: { ...report.findings, findings, evaluatedAt: now.toISOString() },
    counts,
    verdict: auditReportVerdict(report, findings, project.alerts ?? 'not-required'),
  };
}

/**
 * The finding as the tool compared it, before any statement: the suffix the decision appended to the detail
 * is taken off again (attested by, waived by, or an expired waiver), so a new decision starts from the same text.
 */
export function toolVerdict(finding: Finding): Finding {
  const { attestation, waiver, ...rest } = finding;
  let detail = finding.detail;
  if (attestation !== undefined) detail = withoutSuffix(detail, `; attested by ${attestation.engineer}: ${attestation.note}`);
  if (waiver !== undefined) detail = withoutSuffix(detail, `; waived by ${waiver.engineer}: ${waiver.justification}`);
  const expired = detail.lastIndexOf('; the waiver by ');
  if (expired >= 0 && / expired [^;]*$/.test(detail.slice(expired))) detail = detail.slice(0, expired);
  return { ...rest, status: finding.compared, detail, verifiedBy: 'tool' };
}

/** A finding's reason for a screen that shows its attestation or waiver on a line of its own: the detail without that statement. */
export function reasonWithoutStatement(finding: Finding): string {
  return finding.attestation === undefined && finding.waiver === undefined ? finding.detail : toolVerdict(finding).detail;
}

function withoutSuffix(text: string, suffix: string): string {
  return text.endsWith(suffix) ? text.slice(0, text.length - suffix.length) : text;
}
