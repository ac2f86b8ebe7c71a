// The verdict the Report step predicts is the builder's rule on the session's evidence, and every reason
// leads to the step that fixes it (issue 13 item 9: never "Complete" while the report would be INCOMPLETE).
import { describe, expect, it } from 'vitest';
import { predictVerdict, stepForReason } from '../../renderer/report/predicted-verdict.js';
import { sampleAuditReport } from './samples/audit-sample.js';
import { sampleSession } from './samples/session-sample.js';

describe('predictVerdict', () => {
  it('predicts FAIL for the sample session (a drift, a failed probe, a rolled-back change), each reason with its step', () => {
    const predicted = predictVerdict(sampleSession());
    if (!predicted.ok) throw new Error(predicted.problems.join('; '));
    expect(predicted.verdict.outcome).toBe('fail');
    const steps = new Set(predicted.fixes.map((fix) => fix.step));
    expect(steps).toContain('plan'); // req8 differs on ct2
    expect(steps).toContain('probe'); // ct2's probe failed
    expect(steps).toContain('apply'); // ct3's change was rolled back
    expect(predicted.fixes.find((fix) => fix.step === 'apply')?.reason).toMatch(/^change of .* on ct3 was rolled back$/);
  });

  it('predicts INCOMPLETE, not complete, when a requirement is unknown and everything else passes', () => {
    const audit = sampleAuditReport();
    const findings = audit.findings.findings.map((finding) => ({
      ...finding,
      status: finding.requirement === 'req3' ? ('unknown' as const) : ('match' as const),
    }));
    const probe = {
      ...sampleSession().probe!,
      results: sampleSession().probe!.results.map((result) => ({ ...result, ok: true, status: 'pass' as const })),
    };
    const predicted = predictVerdict(sampleSession({ audit: { ...audit, findings: { ...audit.findings, findings } }, applies: [], probe }));
    if (!predicted.ok) throw new Error(predicted.problems.join('; '));
    expect(predicted.verdict.outcome).toBe('incomplete');
    expect(predicted.fixes.length).toBeGreaterThan(0);
    expect(predicted.fixes.every((fix) => fix.step === 'audit' || fix.step === 'probe')).toBe(true);
    expect(predicted.fixes.some((fix) => fix.step === 'audit' && fix.reason.startsWith('req3'))).toBe(true);
  });

  it('says why no report can be built when the session has no engineer name', () => {
    const predicted = predictVerdict(sampleSession({ engineer: '' }));
    expect(predicted.ok).toBe(false);
    if (!predicted.ok) expect(predicted.problems.join('\n')).toMatch(/engineer/);
  });

  it("maps the builder's sentences to steps", () => {
    expect(stepForReason('probe on ct1: not run')).toBe('probe');
    expect(stepForReason('pre-check reachable on ct1 failed: refused')).toBe('prechecks');
    expect(stepForReason('change of /x on ct1 failed')).toBe('apply');
    expect(stepForReason('req8 (Finished events) on ct2: differs from the reference')).toBe('plan');
    expect(stepForReason('req3 (Feeds) on ct1: could not be established')).toBe('audit');
    expect(stepForReason('req1 (x) on ct1: no finding recorded')).toBe('audit');
  });
});
