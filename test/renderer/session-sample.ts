// A full wizard session built from the step samples, shared by the session tests (engine handlers and store logic).
import type { WizardSession } from '../../shared/contract/ops/session.js';
import { sampleApplyReport } from './samples/apply-sample.js';
import { sampleAuditReport } from './samples/audit-sample.js';
import { samplePlan } from './samples/plan-sample.js';
import { sampleProbeResult } from './samples/probe-sample.js';
import { sampleBuiltReport } from './samples/report-sample.js';

/** A session of `projectPath` saved on the Audit step with every step's result, each at its own time. */
export function sampleWizardSession(projectPath: string, patch: Partial<WizardSession> = {}): WizardSession {
  return {
    format: 'ctha-wizard-session',
    schemaVersion: 1,
    projectPath,
    step: 'audit',
    savedAt: '2026-12-07T13:05:00.000Z',
    engineer: 'Erika Engineer',
    prechecks: {
      at: '2026-12-07T12:58:00.000Z',
      path: projectPath,
      results: [{ check: 'reachable', instance: 'ct1', status: 'pass', severity: 'blocker', evidence: 'ok' }],
      transcript: [],
      startedAt: '2026-12-07T12:57:50.000Z',
      finishedAt: '2026-12-07T12:58:00.000Z',
    },
    audit: { at: '2026-12-07T13:02:00.000Z', path: projectPath, report: sampleAuditReport(), stale: false, balancerConf: '' },
    plan: { at: '2026-12-07T13:03:00.000Z', path: projectPath.replace(/\.ctha\.json$/, '.plan.json'), balancerConf: '' },
    applies: [{ at: '2026-12-07T13:04:00.000Z', report: sampleApplyReport(), plan: samplePlan() }],
    probe: { at: '2026-12-07T13:04:30.000Z', result: sampleProbeResult(), stale: false },
    report: { at: '2026-12-07T13:04:50.000Z', built: sampleBuiltReport() },
    reportOutDir: '/r/out',
    ...patch,
  };
}
