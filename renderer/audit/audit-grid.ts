import type { AuditReport } from '../../shared/contract/ops/audit.js';
import type { Finding, FindingGroup } from '../../shared/requirements/finding.js';
import type { RequirementId } from '../../shared/requirements/ids.js';

/** The audited instances in the report's order (the project's order when it ran): the grid's columns. */
export function auditedInstances(report: AuditReport): string[] {
  return report.instances.map((instance) => instance.instance);
}

/** The finding of one requirement on one instance, if the report has it. */
export function findingAt(report: AuditReport, requirement: RequirementId, instance: string): Finding | undefined {
  return report.findings.findings.find((finding) => finding.requirement === requirement && finding.instance === instance);
}

/** One group of identical values with the letter the grid shows for it. */
export interface LabelledGroup extends FindingGroup {
  readonly label: string;
}

/**
 * The groups of one requirement, lettered A, B, ... in report order; the unknown group is lettered
 * too, since "these could not be read" is also something instances share.
 */
export function labelledGroups(report: AuditReport, requirement: RequirementId): LabelledGroup[] {
  const groups = report.findings.requirements.find((entry) => entry.requirement === requirement)?.groups ?? [];
  return groups.map((group, index) => ({ ...group, label: groupLetter(index) }));
}

/** The letter of the group an instance is in for one requirement, or undefined when it is in none. */
export function groupOf(groups: readonly LabelledGroup[], instance: string): LabelledGroup | undefined {
  return groups.find((group) => group.instances.includes(instance));
}

/** Whether the reference itself is off the documented value for a requirement, and why. */
export function referenceOffTarget(report: AuditReport, requirement: RequirementId): string | undefined {
  return report.findings.requirements.find((entry) => entry.requirement === requirement)?.referenceOffTarget;
}

// A..Z, then AA, AB...: clusters of more than 26 distinct values are unlikely but must not break labels.
function groupLetter(index: number): string {
  const letter = String.fromCharCode(65 + (index % 26));
  return index < 26 ? letter : `${groupLetter(Math.floor(index / 26) - 1)}${letter}`;
}

/** A requirement's findings in one short phrase for the step list: "2 drift", "1 unknown", "all match". */
export function requirementTally(
  report: AuditReport,
  requirement: RequirementId,
): { readonly text: string; readonly status: 'drift' | 'unknown' | 'match' } {
  const findings = report.findings.findings.filter((finding) => finding.requirement === requirement);
  const drift = findings.filter((finding) => finding.status === 'drift').length;
  const unknown = findings.filter((finding) => finding.status === 'unknown').length;
  if (drift > 0) return { text: `${drift} drift`, status: 'drift' };
  if (unknown > 0) return { text: `${unknown} unknown`, status: 'unknown' };
  return { text: 'settled', status: 'match' };
}
