import { compareObservation, comparableKey, offTargetDetail } from './compare/compare-observation.js';
import type { Comparison } from './compare/comparer.js';
import { alertsMode } from './compare/switched-text.js';
import type { RequirementContext } from './context.js';
import { attestationFor, waiverFor, type AttestationEntry, type WaiverEntry } from './decisions.js';
import type { ClusterFindings, Finding, FindingGroup } from './finding.js';
import { REQUIREMENT_IDS, type RequirementId } from './ids.js';
import { compareStrings, type JsonValue } from './json.js';
import { unknown, type Observation } from './observation.js';

/** What evaluateCluster needs from the project (a validated Project fits). */
export interface ClusterProject {
  readonly instances: readonly { readonly name: string }[];
  readonly referenceInstance: string;
  readonly reqRuleName: string;
  readonly waivers: readonly WaiverEntry[];
  readonly attestations: readonly AttestationEntry[];
}

/** What evaluateCluster needs besides the project: the time waivers are judged at, and the Balancer's alert target. */
export interface EvaluateOptions {
  readonly now: Date;
  /** Balancer's address and cybertrace_port (from kl_balancer.conf or the engineer); the alerts item is unknown without it. */
  readonly balancer?: RequirementContext['balancer'];
  /** The project's alerts setting (`project.alerts ?? 'not-required'`); absent: judged as `balancer`. */
  readonly alerts?: RequirementContext['alerts'];
}

/** Observations of every requirement, per instance name. */
export type ClusterObservations = Readonly<Record<string, Partial<Record<RequirementId, Observation>>>>;

/**
 * Turns the cluster's observations into findings: each instance against the reference (and the
 * documented values), then the project's attestations (unknown becomes attested) and waivers in force
 * at `now` (drift or unknown becomes waived). Groups instances whose compared values are identical.
 * Throws when an observation names an instance the project does not have.
 */
export function evaluateCluster(observations: ClusterObservations, project: ClusterProject, options: EvaluateOptions): ClusterFindings {
  const names = project.instances.map((instance) => instance.name);
  const stray = Object.keys(observations).filter((name) => !names.includes(name));
  if (stray.length > 0) throw new Error(`observations for instances the project does not have: ${stray.join(', ')}`);
  const ctx: RequirementContext = {
    reqRuleName: project.reqRuleName,
    ...(options.balancer ? { balancer: options.balancer } : {}),
    ...(options.alerts ? { alerts: options.alerts } : {}),
  };
  const observed = (name: string, id: RequirementId): Observation => observations[name]?.[id] ?? unknown(`${name} was not audited`);

  const findings: Finding[] = [];
  const requirements: ClusterFindings['requirements'] = [];
  for (const id of REQUIREMENT_IDS) {
    const reference = observed(project.referenceInstance, id);
    for (const name of names) {
      const instance = observed(name, id);
      const isReference = name === project.referenceInstance;
      const comparison = notJudged(
        id,
        isReference ? compareReference(id, reference, ctx) : compareObservation(id, reference, instance, ctx),
        ctx,
      );
      findings.push(decide({ id, name, isReference, instance, reference, comparison }, project, options.now));
    }
    const off = offTargetDetail(id, reference, ctx);
    requirements.push({
      requirement: id,
      groups: groupInstances(id, names, project.referenceInstance, observed),
      ...(off === undefined ? {} : { referenceOffTarget: off }),
    });
  }
  return { referenceInstance: project.referenceInstance, evaluatedAt: options.now.toISOString(), findings, requirements };
}

/** The reference against itself: only the documented values (and unreadable parts) can make it anything but a match. */
function compareReference(id: RequirementId, reference: Observation, ctx: RequirementContext): Comparison {
  const off = offTargetDetail(id, reference, ctx);
  if (off !== undefined) return { status: 'drift', detail: `the reference itself is off the documented value: ${off}` };
  const self = compareObservation(id, reference, reference, ctx);
  return self.status === 'match' ? { status: 'match', detail: 'reference instance' } : self;
}

// An optional item the project does not require is reported, never judged: an unreadable one is not a gap.
function notJudged(id: RequirementId, comparison: Comparison, ctx: RequirementContext): Comparison {
  if (id !== 'alerts' || alertsMode(ctx) !== 'not-required' || comparison.status !== 'unknown') return comparison;
  return { status: 'match', detail: `not required (project alerts: not-required), not judged; not read: ${comparison.detail}` };
}

interface Judged {
  readonly id: RequirementId;
  readonly name: string;
  readonly isReference: boolean;
  readonly instance: Observation;
  readonly reference: Observation;
  readonly comparison: Comparison;
}

function decide(judged: Judged, project: ClusterProject, now: Date): Finding {
  const { id, name, instance, reference, comparison } = judged;
  const base: Finding = {
    requirement: id,
    instance: name,
    isReference: judged.isReference,
    status: comparison.status,
    compared: comparison.status,
    observed: valueOf(instance),
    reference: valueOf(reference),
    detail: comparison.detail,
    evidence: instance.state === 'known' ? [...instance.evidence] : [],
    ...(instance.state === 'known' && instance.note !== undefined ? { note: instance.note } : {}),
    verifiedBy: 'tool',
  };
  return applyStatements(base, project, now);
}

/**
 * The engineer's statements applied to a finding as the tool compared it: a match stands; an unknown is
 * attested first; a waiver in force covers drift or unknown; an expired one is only mentioned. Also used by
 * the wizard to decide the audit on screen again right after a statement is saved (no host is re-read).
 */
export function applyStatements(base: Finding, project: Pick<ClusterProject, 'attestations' | 'waivers'>, now: Date): Finding {
  if (base.status === 'match') return base;
  const attestation = base.status === 'unknown' ? attestationFor(project.attestations, base.requirement, base.instance) : undefined;
  if (attestation) {
    return {
      ...base,
      status: 'attested',
      detail: `${base.detail}; attested by ${attestation.engineer}: ${attestation.note}`,
      attestation: { ...attestation },
      verifiedBy: 'engineer',
    };
  }
  const { active, expired } = waiverFor(project.waivers, base.requirement, base.instance, now);
  if (active) {
    return {
      ...base,
      status: 'waived',
      detail: `${base.detail}; waived by ${active.engineer}: ${active.justification}`,
      waiver: withoutUndefined(active),
      verifiedBy: 'engineer',
    };
  }
  if (expired) return { ...base, detail: `${base.detail}; the waiver by ${expired.engineer} expired ${expired.expires ?? ''}` };
  return base;
}

function groupInstances(
  id: RequirementId,
  names: readonly string[],
  referenceName: string,
  observed: (name: string, id: RequirementId) => Observation,
): FindingGroup[] {
  const groups = new Map<string, { value: JsonValue | null; instances: string[] }>();
  for (const name of names) {
    const observation = observed(name, id);
    const key = comparableKey(id, observation) ?? 'unknown';
    const group = groups.get(key) ?? { value: key === 'unknown' ? null : valueOf(observation), instances: [] };
    group.instances.push(name);
    groups.set(key, group);
  }
  // The reference's group first, unreadable instances last, otherwise by size then key: the same input always lists the same way.
  const rank = (group: FindingGroup): number => (group.includesReference ? 0 : group.key === 'unknown' ? 2 : 1);
  return [...groups.entries()]
    .map(([key, group]) => ({
      key,
      value: group.value,
      instances: group.instances,
      includesReference: group.instances.includes(referenceName),
    }))
    .sort((a, b) => rank(a) - rank(b) || b.instances.length - a.instances.length || compareStrings(a.key, b.key));
}

function valueOf(observation: Observation): JsonValue | null {
  return observation.state === 'known' ? observation.value : null;
}

// The project's optional `expires` may be present as undefined; the finding schema is strict about it.
function withoutUndefined<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
}
