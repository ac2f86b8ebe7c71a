// The report's first line: did the cluster end up commissioned, and if not, why.
import { z } from 'zod';
import type { PrecheckResult } from '../prechecks/catalogue.js';
import type { RequirementId } from '../requirements/ids.js';
import { REQUIREMENT_IDS, REQUIREMENT_TITLES } from '../requirements/ids.js';
import type { BalancerApplyRecord } from './balancer-apply-record.js';
import { balancerApplyFailures } from './balancer-apply-record.js';
import type { ChangeRecord } from './change-record.js';
import type { EvidenceBalancer } from './evidence-balancer.js';
import { balancerVerdictItems } from './evidence-balancer.js';
import type { EvidenceFinding } from './finding.js';
import type { ProbeRecord } from './probe-record.js';

/** `pass`: every requirement met (or attested/waived) and every probe passed; `fail`: something is wrong; `incomplete`: something was not established. */
export const VerdictOutcomeSchema = z.enum(['pass', 'fail', 'incomplete']);

/** The verdict with its reasons, worst first. */
export const VerdictSchema = z.strictObject({
  outcome: VerdictOutcomeSchema,
  summary: z.string(),
  reasons: z.array(z.string()),
});

/** The report's verdict. */
export type Verdict = z.output<typeof VerdictSchema>;

/** What the verdict is decided from. */
export interface VerdictInput {
  readonly instances: readonly { readonly name: string }[];
  readonly findings: readonly EvidenceFinding[];
  readonly probes: readonly ProbeRecord[];
  readonly prechecks: readonly PrecheckResult[];
  readonly changes: readonly ChangeRecord[];
  /** The Balancer section, when the audit read one: its drift fails, its unknowns are gaps. */
  readonly balancer?: EvidenceBalancer | undefined;
  /** The applies' Balancer parts: one rolled back, failed or cut short fails, as an instance's change does. */
  readonly balancerApplies?: readonly BalancerApplyRecord[] | undefined;
}

// The alerts-to-Balancer item is optional (DESIGN.md section 2): its absence does not make a report incomplete.
const MANDATORY: readonly RequirementId[] = REQUIREMENT_IDS.filter((id) => id !== 'alerts');

/** Decides the verdict: any drift, failed probe, failed blocker pre-check or failed change fails; anything unknown or missing is incomplete. */
export function computeVerdict(input: VerdictInput): Verdict {
  const failures: string[] = [];
  const gaps: string[] = [];
  for (const finding of input.findings) {
    const what = `${finding.requirement} (${REQUIREMENT_TITLES[finding.requirement]}) on ${finding.instance}`;
    if (finding.status === 'drift') failures.push(`${what}: differs from the reference${finding.detail ? ` (${finding.detail})` : ''}`);
    if (finding.status === 'unknown') gaps.push(`${what}: could not be established${finding.detail ? ` (${finding.detail})` : ''}`);
  }
  for (const instance of input.instances) {
    for (const requirement of MANDATORY) {
      if (!input.findings.some((finding) => finding.requirement === requirement && finding.instance === instance.name)) {
        gaps.push(`${requirement} (${REQUIREMENT_TITLES[requirement]}) on ${instance.name}: no finding recorded`);
      }
    }
    const probes = input.probes.filter((probe) => probe.instance === instance.name);
    if (probes.length === 0) gaps.push(`probe on ${instance.name}: not run`);
    // The last probe of an instance counts: an engineer may probe again after fixing something.
    const last = probes.at(-1);
    if (last?.status === 'fail') failures.push(`probe on ${instance.name} failed: ${last.detail}`);
  }
  for (const result of input.prechecks) {
    if (result.status === 'fail' && result.severity === 'blocker')
      failures.push(`pre-check ${result.check}${result.instance ? ` on ${result.instance}` : ''} failed: ${result.evidence}`);
  }
  for (const change of input.changes) {
    if (change.outcome !== 'applied')
      failures.push(`change of ${change.path} on ${change.instance} ${change.outcome === 'failed' ? 'failed' : 'was rolled back'}`);
  }
  failures.push(...balancerApplyFailures(input.balancerApplies));
  const balancer = balancerVerdictItems(input.balancer);
  failures.push(...balancer.failures);
  gaps.push(...balancer.gaps);
  const attested = input.findings.filter((finding) => finding.status === 'attested').length;
  const waived = input.findings.filter((finding) => finding.status === 'waived').length;
  const byEngineer = attested + waived > 0 ? `; ${attested} attested and ${waived} waived by the engineer` : '';
  if (failures.length > 0) {
    return {
      outcome: 'fail',
      summary: `NOT commissioned: ${failures.length} problem(s)${gaps.length > 0 ? ` and ${gaps.length} gap(s)` : ''}`,
      reasons: [...failures, ...gaps],
    };
  }
  if (gaps.length > 0)
    return { outcome: 'incomplete', summary: `Incomplete: ${gaps.length} item(s) not established${byEngineer}`, reasons: gaps };
  return {
    outcome: 'pass',
    summary: `Commissioned: all ${MANDATORY.length} requirements hold on all ${input.instances.length} instance(s) and every probe passed${byEngineer}`,
    reasons: [],
  };
}
