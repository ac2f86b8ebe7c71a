// One wizard session made of the samples, shared by the report tests.
import type { SessionFacts } from '../../../renderer/report/session-evidence.js';
import { sampleProject } from '../fake-api.js';
import { sampleApplyReport } from './apply-sample.js';
import { sampleAuditReport } from './audit-sample.js';
import { samplePlan } from './plan-sample.js';
import { sampleProbeResult } from './probe-sample.js';

// The sample apply and plan name ct1..ct3; this project has them all, so every record can be checked against it.
/** The sample project with a third instance, ct3. */
export function threeInstanceProject() {
  const project = sampleProject();
  return { ...project, instances: [...project.instances, { ...project.instances[0]!, name: 'ct3', host: '10.0.0.13' }] };
}

/** A session with every step run: pre-checks, an audit, one apply with its plan, a probe. */
export function sampleSession(patch: Partial<SessionFacts> = {}): SessionFacts {
  const audit = sampleAuditReport();
  return {
    engineer: 'Erika Engineer',
    project: threeInstanceProject(),
    prechecks: [{ check: 'reachable', instance: 'ct1', status: 'pass', severity: 'blocker', evidence: 'ok' }],
    audit,
    auditStale: false,
    applies: [{ report: sampleApplyReport(), plan: samplePlan() }],
    probe: sampleProbeResult(),
    probeStale: false,
    ...patch,
  };
}
