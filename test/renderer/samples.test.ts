import { describe, expect, it } from 'vitest';
import { operations } from '../../shared/contract/operations.js';
import { ApplyReportSchema } from '../../shared/plan/apply-report.js';
import { PlanDocumentSchema } from '../../shared/plan/plan-document.js';
import { sampleApplyReport } from './samples/apply-sample.js';
import { sampleAuditReport } from './samples/audit-sample.js';
import { samplePlan } from './samples/plan-sample.js';
import { sampleProbeResult } from './samples/probe-sample.js';
import { sampleBuiltReport, sampleFailedVerification } from './samples/report-sample.js';

// The renderer tests feed these to the store as if the engine sent them; each must be what the contract lets through.
describe('renderer test samples fit the contract', () => {
  it('the audit report parses as an audit.run report', () => {
    const parsed = operations['audit.run'].output.parse({ report: sampleAuditReport(), pinned: [], projectSaved: false });
    expect(parsed.report.verdict).toBe('drift');
    expect(parsed.report.counts).toEqual({ match: 12, drift: 2, unknown: 4, attested: 0, waived: 0 });
  });

  it('the plan parses as a plan document with one group of two instances', () => {
    const plan = PlanDocumentSchema.parse(samplePlan());
    expect(plan.groups.map((group) => group.instances)).toEqual([['ct2', 'ct3']]);
  });

  it('the apply report and the probe result parse', () => {
    expect(ApplyReportSchema.parse(sampleApplyReport()).instances).toHaveLength(3);
    expect(operations['probe.run'].output.parse(sampleProbeResult()).failed).toBe(1);
  });

  it('the built report and the verification parse', () => {
    expect(operations['report.build'].output.parse(sampleBuiltReport()).files).toHaveLength(4);
    expect(operations['report.verify'].output.parse(sampleFailedVerification()).failure?.code).toBe('pdf-not-whole-file');
  });
});
