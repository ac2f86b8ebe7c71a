// The audit verdict's one rule (shared/report/audit-verdict.ts), used by the engine's report and the wizard's re-decision.
import { describe, expect, it } from 'vitest';
import type { PortCheck } from '../../../shared/contract/ops/audit.js';
import { verdictOf } from '../../../shared/report/audit-verdict.js';
import type { Finding } from '../../../shared/requirements/finding.js';

const finding = (status: Finding['status']): Finding => ({ status }) as Finding;
const port = (state: PortCheck['state']): PortCheck => ({ instance: 'a', host: '10.0.0.1', state, evidence: 'e' });

describe('verdictOf', () => {
  it('consistent only when every finding settled, every port matches and the Balancer host holds', () => {
    expect(verdictOf([finding('match'), finding('attested'), finding('waived')], [port('match')], 'consistent')).toBe('consistent');
    expect(verdictOf([finding('match')], [port('match')])).toBe('consistent');
  });

  it('drift wins over unknown, from any of the three sources', () => {
    expect(verdictOf([finding('drift'), finding('unknown')], [])).toBe('drift');
    expect(verdictOf([finding('match')], [port('mismatch'), port('unknown')])).toBe('drift');
    expect(verdictOf([finding('unknown')], [port('match')], 'drift')).toBe('drift');
  });

  it('unknown when nothing drifts but something could not be shown', () => {
    expect(verdictOf([finding('unknown')], [port('match')])).toBe('unknown');
    expect(verdictOf([finding('match')], [port('not-listed')])).toBe('unknown');
    expect(verdictOf([finding('match')], [port('match')], 'unknown')).toBe('unknown');
  });
});
