// The wizard's Balancer section (renderer/audit/BalancerChecks.tsx) shows the Balancer checks of the audit in the store.
import { createElement } from 'react';
import { describe, expect, it } from 'vitest';
import { AuditStep } from '../../../renderer/audit/AuditStep.js';
import { elementByTestId, renderWithState } from '../../renderer/static-render.js';
import { sampleProject } from '../../renderer/fake-api.js';
import { auditWithBalancer } from './balancer-audit-fixture.js';

const PATH = '/p/x.ctha.json';

describe('Balancer checks in the audit step', () => {
  it('shows each check with its state, the stale stored certificate per instance, and the leftover file', () => {
    const base = auditWithBalancer();
    const certs = base.balancer.facts?.host?.instanceCerts ?? [];
    const report = auditWithBalancer({
      instanceCerts: certs.map((cert, index) => (index === 0 ? { ...cert, certSha256: 'd'.repeat(64) } : cert)),
    });
    const html = renderWithState(createElement(AuditStep), {
      auditStatus: 'done',
      auditReport: report,
      auditPath: PATH,
      path: PATH,
      draft: { ...sampleProject(), alerts: 'balancer' },
    });
    expect(elementByTestId(html, 'balancer-checks')?.attributes['data-verdict']).toBe('drift');
    expect(elementByTestId(html, 'balancer-check-certs')?.attributes['data-state']).toBe('drift');
    const stale = elementByTestId(html, 'balancer-check-certs-ct1');
    expect(stale?.attributes['data-state']).toBe('stale');
    expect(stale?.text).toContain('HTTP 500');
    expect(elementByTestId(html, 'balancer-check-certs')?.text).toContain('10.9.9.9_9999.pem');
    expect(elementByTestId(html, 'balancer-check-license')?.attributes['data-state']).toBe('match');
    expect(elementByTestId(html, 'balancer-check-service')?.text).toContain('cybertrace_balancer.service is running');
  });

  it('shows no Balancer checks when no kl_balancer.conf was read', () => {
    const report = { ...auditWithBalancer(), balancer: { alertTarget: { evidence: 'none' }, portChecks: [], notInProject: [] } };
    const html = renderWithState(createElement(AuditStep), { auditStatus: 'done', auditReport: report, auditPath: PATH, path: PATH });
    expect(elementByTestId(html, 'balancer-checks')).toBeUndefined();
    expect(elementByTestId(html, 'audit-balancer')?.text).toContain('No Balancer was read');
  });
});
