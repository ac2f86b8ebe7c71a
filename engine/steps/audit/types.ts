// What an audit holds in memory (for plan and apply in the same run) besides what it reports.
import type { BalancerFacts, PortCheck } from '../../../shared/contract/ops/audit.js';
import type { Project } from '../../../shared/project/schema.js';
import type { ClusterFindings } from '../../../shared/requirements/finding.js';
import type { RequirementId } from '../../../shared/requirements/ids.js';
import type { Observation } from '../../../shared/requirements/observation.js';
import type { InputPort } from '../../cybertrace/balancer/port-checks.js';
import type { BalancerReading } from '../../cybertrace/balancer/read-balancer.js';
import type { Discovery } from '../../cybertrace/discovery/types.js';
import type { InstanceConfig, ObserveContext } from '../../cybertrace/model/types.js';
import type { RunMember, RunStage } from '../run/run-types.js';

/** Options of an audit. */
export interface AuditOptions {
  /** A local kl_balancer.conf; otherwise the project's Balancer host is read over SSH when the run opened it. */
  readonly balancerConf?: string;
  /** The time waivers are judged at (default: now). */
  readonly now?: Date;
}

/** Why an instance could not be audited at all. */
export interface InstanceAuditFailure {
  readonly stage: RunStage | 'discovery' | 'model';
  readonly reason: string;
}

/** One instance as audited: its run member, discovery, model and observations (all unknown with the reason on failure). */
export interface InstanceAudit {
  readonly name: string;
  readonly member?: RunMember;
  readonly discovery?: Discovery;
  /** The model of both configs; a file the XML layer refused is absent from it, with the reason in refusedFiles. */
  readonly config?: InstanceConfig;
  readonly observations: Record<RequirementId, Observation>;
  readonly failure?: InstanceAuditFailure;
  /** Files the XML layer refused (DOCTYPE, not well-formed...): never parsed further and never written. */
  readonly refusedFiles: readonly { readonly path: string; readonly reason: string }[];
  /** InputSettings/ConnectionString's port, for the Balancer check. */
  readonly inputPort: InputPort;
}

/** kl_balancer.conf as the audit used it. */
export interface BalancerAudit {
  readonly reading?: BalancerReading;
  /** Where service alerts must go (ObserveContext.balancer), or why that is unknown. */
  readonly alertTarget: { readonly value?: NonNullable<ObserveContext['balancer']>; readonly evidence: string };
  readonly portChecks: readonly PortCheck[];
  /** Hosts kl_balancer.conf lists that no project instance has. */
  readonly notInProject: readonly string[];
  readonly facts?: BalancerFacts;
}

/** The audit's overall verdict: consistent only when every finding is match, attested or waived. */
export type AuditVerdict = 'consistent' | 'drift' | 'unknown';

/** A whole audit in memory: per-instance details for plan and apply, the findings, the Balancer checks. */
export interface ClusterAudit {
  readonly project: Project;
  readonly instances: readonly InstanceAudit[];
  readonly findings: ClusterFindings;
  readonly balancer: BalancerAudit;
  readonly verdict: AuditVerdict;
  readonly startedAt: string;
  readonly finishedAt: string;
}
