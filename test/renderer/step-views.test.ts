import { createElement } from 'react';
import { describe, expect, it } from 'vitest';
import { ApplyStep } from '../../renderer/apply/ApplyStep.js';
import { AuditStep } from '../../renderer/audit/AuditStep.js';
import { PrecheckStep } from '../../renderer/components/PrecheckStep.js';
import { RequirementStep } from '../../renderer/components/RequirementStep.js';
import { Sidebar } from '../../renderer/components/Sidebar.js';
import { PlanStep } from '../../renderer/plan/PlanStep.js';
import { ProbeStep } from '../../renderer/probe/ProbeStep.js';
import { ReportStep } from '../../renderer/report/ReportStep.js';
import { sampleApplyReport } from './samples/apply-sample.js';
import { sampleAuditReport } from './samples/audit-sample.js';
import { samplePlan } from './samples/plan-sample.js';
import { sampleProbeResult } from './samples/probe-sample.js';
import { sampleBuiltReport, sampleFailedVerification } from './samples/report-sample.js';
import { elementByTestId, renderWithState } from './static-render.js';
import { sampleProject } from './fake-api.js';
import type { PrecheckResult } from '../../shared/prechecks/catalogue.js';

const PATH = '/p/x.ctha.json';

describe('Audit step view', () => {
  it('before any audit: the run button and an empty state, no grid', () => {
    const html = renderWithState(createElement(AuditStep), {});
    expect(elementByTestId(html, 'audit-run')?.text).toBe('Run audit');
    expect(elementByTestId(html, 'audit-empty')?.text).toContain('Not audited yet');
    expect(elementByTestId(html, 'audit-cell-req1-0')).toBeUndefined();
  });

  it('every cell carries its status as an attribute and as a word; groups and reasons are shown', () => {
    const html = renderWithState(createElement(AuditStep), { auditStatus: 'done', auditReport: sampleAuditReport(), auditPath: PATH });
    const drift = elementByTestId(html, 'audit-cell-req8-1');
    expect(drift?.attributes['data-status']).toBe('drift');
    expect(drift?.text).toContain('DRIFT');
    expect(drift?.text).toContain('group B');
    expect(drift?.text).toContain('FinishedEventFormat disabled');
    expect(drift?.text).toContain('"enabled": "false"');
    const match = elementByTestId(html, 'audit-cell-req1-1');
    expect(match?.attributes['data-status']).toBe('match');
    expect(match?.text).toContain('MATCH');
    expect(match?.text).toContain('group A');
    const unknown = elementByTestId(html, 'audit-cell-alerts-0');
    expect(unknown?.attributes['data-status']).toBe('unknown');
    expect(unknown?.text).toContain('Balancer unknown: no kl_balancer.conf was read');
    expect(elementByTestId(html, 'audit-groups-req8')?.text).toBe('A: ct1B: ct2');
    expect(elementByTestId(html, 'audit-groups-alerts')?.text).toBe('A (not read): ct1, ct2');
    expect(elementByTestId(html, 'audit-column-0')?.text).toBe('ct1reference');
    expect(elementByTestId(html, 'audit-verdict')?.attributes['data-verdict']).toBe('drift');
    expect(elementByTestId(html, 'audit-verdict')?.text).toContain('match 12 · drift 2 · unknown 4 · attested 0 · waived 0');
  });

  it('discovery facts per instance, unknowns with their reason', () => {
    const html = renderWithState(createElement(AuditStep), { auditStatus: 'done', auditReport: sampleAuditReport(), auditPath: PATH });
    expect(elementByTestId(html, 'audit-fact-control-1')?.text).toContain('sc');
    expect(elementByTestId(html, 'audit-fact-servicedir-0')?.text).toBe(
      '/opt/kaspersky/ktfs (detected)found kl_feed_service.conf under it',
    );
    expect(elementByTestId(html, 'audit-fact-version-0')?.text).toBe('UNKNOWNthe host does not state the version');
    expect(elementByTestId(html, 'audit-fact-layout-1')?.text).toContain('4.x');
    expect(elementByTestId(html, 'audit-fact-inputport-1')?.text).toBe('UNKNOWNConnectionString has no port');
    expect(elementByTestId(html, 'audit-balancer')?.text).toContain('No Balancer was read');
  });

  it('Balancer port checks, when present, each with a word', () => {
    const report = sampleAuditReport();
    const balancer = {
      source: '/etc/kl_balancer.conf',
      alertTarget: { value: { host: '10.0.0.5', cybertracePort: 9997 }, evidence: 'Balancer element and cybertrace_port' },
      portChecks: [
        { instance: 'ct1', host: '10.0.0.11', state: 'match' as const, balancerPort: 9999, inputPort: 9999, evidence: 'same port' },
        { instance: 'ct2', host: '10.0.0.12', state: 'not-listed' as const, evidence: 'no Instance for 10.0.0.12' },
      ],
      notInProject: ['10.0.0.13'],
    };
    const html = renderWithState(createElement(AuditStep), { auditStatus: 'done', auditReport: { ...report, balancer }, auditPath: PATH });
    expect(elementByTestId(html, 'audit-port-1')?.attributes['data-state']).toBe('not-listed');
    expect(elementByTestId(html, 'audit-port-1')?.text).toContain('NOT LISTED');
    expect(elementByTestId(html, 'audit-balancer')?.text).toContain('10.0.0.5:9997');
    expect(elementByTestId(html, 'audit-balancer')?.text).toContain('not in the project: 10.0.0.13');
  });

  it('says so when an apply changed hosts after the audit', () => {
    const html = renderWithState(createElement(AuditStep), {
      auditStatus: 'done',
      auditReport: sampleAuditReport(),
      auditPath: PATH,
      auditStale: true,
    });
    expect(elementByTestId(html, 'audit-stale')?.text).toContain('Run the audit again');
  });
});

describe('Pre-checks step view', () => {
  it("gives the project's Balancer host a column of its own, its checks up to privilege", () => {
    const project = sampleProject();
    const balancer = {
      name: 'lb',
      host: '10.0.0.5',
      port: 22,
      os: 'linux' as const,
      user: 'ops',
      auth: { method: 'password' as const },
      privilege: 'sudo' as const,
    };
    const result = (check: PrecheckResult['check'], instance: string, status: PrecheckResult['status']): PrecheckResult => ({
      check,
      instance,
      status,
      severity: 'blocker',
      evidence: `${check} on ${instance}`,
    });
    const results = [
      ...['ct1', 'ct2'].map((name) => result('reachable', name, 'pass')),
      result('reachable', 'lb', 'pass'),
      result('privilege', 'lb', 'fail'),
    ];
    const html = renderWithState(createElement(PrecheckStep), {
      draft: { ...project, balancer } as typeof project,
      precheckStatus: 'done',
      precheckResults: results,
    });
    expect(html).toContain('Balancer (lb)');
    expect(elementByTestId(html, 'precheck-reachable-balancer')?.attributes['data-status']).toBe('pass');
    expect(elementByTestId(html, 'precheck-privilege-balancer')?.attributes['data-status']).toBe('fail');
    expect(elementByTestId(html, 'precheck-same-version')).toBeUndefined();
    expect(html).toContain('Not a Balancer check');
    // Without Balancer results (an older run, or no Balancer host) there is no such column.
    expect(renderWithState(createElement(PrecheckStep), { precheckStatus: 'done', precheckResults: results.slice(0, 2) })).not.toContain(
      'Balancer (',
    );
  });
});

describe('Requirement step view', () => {
  it('shows each instance\'s finding for that requirement once audited, and "not audited" before', () => {
    const before = renderWithState(createElement(RequirementStep, { requirement: 'req8' }), {});
    expect(elementByTestId(before, 'requirement-finding-1')?.attributes['data-status']).toBe('not-audited');
    expect(elementByTestId(before, 'requirement-not-audited')).toBeDefined();
    const after = renderWithState(createElement(RequirementStep, { requirement: 'req8' }), {
      auditReport: sampleAuditReport(),
      auditPath: PATH,
    });
    expect(elementByTestId(after, 'requirement-finding-1')?.attributes['data-status']).toBe('drift');
    expect(elementByTestId(after, 'requirement-finding-0')?.text).toContain('MATCH');
    expect(elementByTestId(after, 'column-0')?.text).toBe('ct1reference');
  });

  it("an audit of another project file is not shown as this one's", () => {
    const html = renderWithState(createElement(RequirementStep, { requirement: 'req8' }), {
      auditReport: sampleAuditReport(),
      auditPath: '/p/other.ctha.json',
    });
    expect(elementByTestId(html, 'requirement-finding-1')?.attributes['data-status']).toBe('not-audited');
    expect(elementByTestId(html, 'requirement-not-audited')?.text).toContain('another project file');
  });
});

describe('Plan step view', () => {
  it('groups with their instances, the diff lines typed, CR made visible, the semantic diff and refusals', () => {
    const html = renderWithState(createElement(PlanStep), { planStatus: 'done', plan: samplePlan(), planPath: '/p/x.plan.json' });
    const group = elementByTestId(html, 'plan-group-0');
    expect(group?.text).toContain('ct2, ct3');
    expect(group?.text).toContain('etc/kl_feed_service.conf');
    expect(group?.text).toContain('service restart');
    expect(group?.text).toContain('OutputSettings/FinishedEventFormat');
    expect(html).toContain(
      '<div class="diff-line diff-add">+    &lt;FinishedEventFormat enabled=&quot;true&quot;&gt;%REQ% LookupFinished&lt;/FinishedEventFormat&gt;<span class="cr-mark" title="carriage return">\u240d</span></div>',
    );
    expect(html).toContain('this file has CRLF line endings');
    expect(elementByTestId(html, 'plan-group-1')).toBeUndefined();
    expect(elementByTestId(html, 'plan-refusal-2-req3')?.text).toContain('the OSINT feed "osint-x" is missing on ct3');
    expect(elementByTestId(html, 'plan-summary')?.text).toContain('2 file change(s) on 2 instance(s), in 1 group(s)');
    expect(elementByTestId(html, 'plan-unchanged')?.text).toBe('No change needed on: ct1.');
    expect(elementByTestId(html, 'plan-path')?.text).toBe('/p/x.plan.json');
  });

  it('a plan with nothing to change says so', () => {
    const plan = samplePlan();
    const empty = {
      ...plan,
      instances: plan.instances.map((instance) => ({ ...instance, changes: [], refusals: [] })),
      groups: [],
      summary: { changes: 0, instancesWithChanges: 0, refusals: 0, errors: 0 },
    };
    const html = renderWithState(createElement(PlanStep), { planStatus: 'done', plan: empty, planPath: '/p/x.plan.json' });
    expect(elementByTestId(html, 'plan-summary')?.text).toContain('Nothing to change');
    expect(elementByTestId(html, 'plan-no-refusals')).toBeDefined();
  });
});

describe('Apply step view', () => {
  it('without a plan: an empty state pointing to Plan, no run button', () => {
    const html = renderWithState(createElement(ApplyStep), {});
    expect(elementByTestId(html, 'apply-no-plan')).toBeDefined();
    expect(elementByTestId(html, 'apply-run')).toBeUndefined();
  });

  it('with a plan: the button stays unavailable until the confirmation is ticked, and while the apply runs', () => {
    // aria-disabled, not disabled: a focused button that becomes disabled drops the keyboard focus to <body>.
    const unconfirmed = renderWithState(createElement(ApplyStep), { plan: samplePlan(), planPath: '/p/x.plan.json' });
    expect(elementByTestId(unconfirmed, 'apply-run')?.attributes['aria-disabled']).toBe('true');
    expect(elementByTestId(unconfirmed, 'apply-run')?.attributes).not.toHaveProperty('disabled');
    expect(elementByTestId(unconfirmed, 'apply-preview')?.text).toContain('stopped and started');
    const confirmed = renderWithState(createElement(ApplyStep), { plan: samplePlan(), planPath: '/p/x.plan.json', applyConfirmed: true });
    expect(elementByTestId(confirmed, 'apply-run')?.attributes['aria-disabled']).toBe('false');
    const running = renderWithState(createElement(ApplyStep), {
      plan: samplePlan(),
      planPath: '/p/x.plan.json',
      applyConfirmed: true,
      applyStatus: 'running',
    });
    expect(elementByTestId(running, 'apply-run')?.attributes['aria-disabled']).toBe('true');
  });

  it('shows the mode (rolling by default, the reference last; parallel only when picked) and the readiness deadline in effect with its source', () => {
    const plan = samplePlan();
    const rolling = renderWithState(createElement(ApplyStep), { plan, planPath: '/p/x.plan.json' });
    expect(elementByTestId(rolling, 'apply-mode')?.attributes['data-mode']).toBe('rolling');
    expect(elementByTestId(rolling, 'apply-mode-rolling')?.attributes).toHaveProperty('checked');
    expect(elementByTestId(rolling, 'apply-mode-parallel')?.attributes).not.toHaveProperty('checked');
    expect(elementByTestId(rolling, 'apply-mode')?.text).toContain(`the reference ${plan.referenceInstance} last`);
    expect(elementByTestId(rolling, 'apply-run')?.text).toBe('Apply, rolling');
    expect(elementByTestId(rolling, 'apply-deadline')?.attributes['data-source']).toBe('default');
    expect(elementByTestId(rolling, 'apply-deadline')?.text).toContain('5 min (300000 ms), the default');

    const project = {
      schemaVersion: 1 as const,
      name: 'c',
      referenceInstance: 'ct1',
      reqRuleName: 'REQ',
      hostKeys: [],
      waivers: [],
      attestations: [],
      readyDeadlineMs: 90_000,
      instances: [],
    };
    const fromProject = renderWithState(createElement(ApplyStep), {
      draft: project,
      plan,
      planPath: '/p/x.plan.json',
      applyMode: 'parallel',
    });
    expect(elementByTestId(fromProject, 'apply-mode')?.attributes['data-mode']).toBe('parallel');
    expect(elementByTestId(fromProject, 'apply-run')?.text).toBe('Apply in parallel');
    expect(elementByTestId(fromProject, 'apply-deadline')?.text).toContain("1 min 30 s (90000 ms), the project file's readyDeadlineMs");
    const forRun = renderWithState(createElement(ApplyStep), {
      draft: project,
      plan,
      planPath: '/p/x.plan.json',
      applyReadyDeadlineMs: 20_000,
    });
    expect(elementByTestId(forRun, 'apply-deadline')?.attributes['data-source']).toBe('run');
    expect(elementByTestId(forRun, 'apply-deadline')?.text).toContain('20 s (20000 ms), set for this run');
  });

  it('the report per instance: outcome, digests, backups and rollback', () => {
    const project = {
      schemaVersion: 1 as const,
      name: 'c',
      referenceInstance: 'ct1',
      reqRuleName: 'REQ',
      hostKeys: [],
      waivers: [],
      attestations: [],
      instances: ['ct1', 'ct2', 'ct3'].map((name, index) => ({
        name,
        host: `10.0.0.${index + 1}`,
        port: 22,
        os: 'linux' as const,
        user: 'admin',
        auth: { method: 'agent' as const },
        privilege: 'sudo' as const,
      })),
    };
    const html = renderWithState(createElement(ApplyStep), {
      draft: project,
      plan: samplePlan(),
      planPath: '/p/x.plan.json',
      applyStatus: 'done',
      applyReport: sampleApplyReport(),
    });
    expect(elementByTestId(html, 'apply-instance-1')?.attributes['data-outcome']).toBe('applied');
    expect(elementByTestId(html, 'apply-instance-1')?.text).toContain(`${'1'.repeat(64)}→ ${'2'.repeat(64)}`);
    expect(elementByTestId(html, 'apply-instance-1')?.text).toContain('kl_feed_service.conf.ctha-backup-20250501T100600Z');
    expect(elementByTestId(html, 'apply-instance-1')?.text).toContain('PONG after 900 ms');
    expect(elementByTestId(html, 'apply-instance-2')?.attributes['data-outcome']).toBe('rolled-back');
    expect(elementByTestId(html, 'apply-failure-2')?.text).toContain(
      'Failed at “start service”: systemctl start cybertrace.service exited 1',
    );
    expect(elementByTestId(html, 'apply-instance-2')?.text).toContain('restored to the original (checked)');
    expect(elementByTestId(html, 'apply-instance-0')?.text).toContain('NOTHING TO CHANGE');
    expect(elementByTestId(html, 'apply-summary')?.text).toContain('applied 1 · nothing to change 1 · rolled back 1');
    // Instances appear in project order whatever order the engine reported them in.
    expect(html.indexOf('data-testid="apply-instance-0"')).toBeLessThan(html.indexOf('data-testid="apply-instance-2"'));
    // The rollback is said first, above the summary, with its reason.
    expect(elementByTestId(html, 'apply-problems')?.text).toContain('ct3: ROLLED BACK');
    expect(html.indexOf('data-testid="apply-problems"')).toBeLessThan(html.indexOf('data-testid="apply-summary"'));
  });

  it('keeps the backups of an earlier run visible after a later no-op apply of the same project', () => {
    const project = {
      schemaVersion: 1 as const,
      name: 'c',
      referenceInstance: 'ct1',
      reqRuleName: 'REQ',
      hostKeys: [],
      waivers: [],
      attestations: [],
      instances: ['ct1', 'ct2', 'ct3'].map((name, index) => ({
        name,
        host: `10.0.0.${index + 1}`,
        port: 22,
        os: 'linux' as const,
        user: 'admin',
        auth: { method: 'agent' as const },
        privilege: 'sudo' as const,
      })),
    };
    const first = sampleApplyReport();
    const noop = {
      ...first,
      changed: false,
      startedAt: '2025-05-01T11:00:00.000Z',
      instances: first.instances.map((instance) => ({ ...instance, outcome: 'unchanged' as const, files: [] })),
    };
    const runs = [
      { report: first, plan: samplePlan() },
      { report: noop, plan: samplePlan() },
    ];
    const html = renderWithState(createElement(ApplyStep), {
      draft: project,
      path: first.project.path,
      plan: samplePlan(),
      planPath: '/p/x.plan.json',
      applyStatus: 'done',
      applyReport: noop,
      applyRuns: runs,
    });
    expect(elementByTestId(html, 'apply-problems')).toBeUndefined();
    const earlier = elementByTestId(html, 'apply-earlier-run-0');
    expect(earlier?.text).toContain('kl_feed_service.conf.ctha-backup-20250501T100600Z');
    expect(earlier?.text).toContain('restored to the original (checked)');
    // Only runs of the open project are listed.
    const other = renderWithState(createElement(ApplyStep), {
      draft: project,
      path: '/elsewhere/other.ctha.json',
      plan: samplePlan(),
      planPath: '/p/x.plan.json',
      applyStatus: 'done',
      applyReport: noop,
      applyRuns: runs,
    });
    expect(elementByTestId(other, 'apply-earlier-runs')).toBeUndefined();
  });
});

describe('Probe step view', () => {
  it('per instance PASS/FAIL with latencies and the specific reason', () => {
    const html = renderWithState(createElement(ProbeStep), { probeStatus: 'done', probeResult: sampleProbeResult() });
    const pass = elementByTestId(html, 'probe-instance-0');
    expect(pass?.attributes['data-ok']).toBe('true');
    expect(pass?.text).toContain('PASS');
    expect(pass?.text).toContain('3.2 ms');
    expect(pass?.text).toContain('22 ms');
    const fail = elementByTestId(html, 'probe-instance-1');
    expect(fail?.attributes['data-ok']).toBe('false');
    expect(elementByTestId(html, 'probe-failure-1')?.attributes['data-kind']).toBe('id-prefix');
    expect(fail?.text).toContain('EventFormat lacks %REQ% in front (requirement 7)');
    expect(elementByTestId(html, 'probe-summary')?.text).toContain('1 of 2 instance(s) failed.');
  });

  it('before a run: where each instance will be probed, and an empty state', () => {
    const html = renderWithState(createElement(ProbeStep), { auditReport: sampleAuditReport(), auditPath: PATH, probePort: '9000' });
    expect(elementByTestId(html, 'probe-targets')?.text).toContain('10.0.0.11:9999');
    expect(elementByTestId(html, 'probe-targets')?.text).toContain('10.0.0.12:9000');
    expect(elementByTestId(html, 'probe-empty')?.text).toContain('Not probed yet');
  });
});

describe('Report step view', () => {
  it('the session evidence with its gaps, and the form without any passphrase field', () => {
    const html = renderWithState(createElement(ReportStep), { auditReport: sampleAuditReport(), auditPath: PATH });
    expect(elementByTestId(html, 'report-gaps')?.attributes['data-gaps']).toBe('3');
    expect(elementByTestId(html, 'report-gaps')?.text).toContain('No engineer name');
    // Without an engineer no report can be built, and the predicted verdict says so rather than guessing one.
    expect(elementByTestId(html, 'report-predicted-verdict')?.attributes['data-outcome']).toBe('none');
    expect(elementByTestId(html, 'report-evidence-json')?.text).toContain('"evidenceFormatVersion": 1');
    expect(elementByTestId(html, 'report-build')?.text).toBe('Build signed report');
    // The session's evidence is signed as it is: there is no evidence file to give.
    expect(elementByTestId(html, 'report-evidence-path')).toBeUndefined();
    expect(html).toContain('Signs the evidence of this session shown above');
    expect(html).not.toMatch(/type="password"/);
    expect(elementByTestId(html, 'report-p12-path')).toBeUndefined();
  });

  it('a built report with its verdict, files and signer; a verification with each check', () => {
    const html = renderWithState(createElement(ReportStep), {
      reportBuilt: sampleBuiltReport(),
      verifyResult: sampleFailedVerification(),
      reportIdentity: 'p12',
    });
    expect(elementByTestId(html, 'report-built')?.attributes['data-outcome']).toBe('incomplete');
    expect(elementByTestId(html, 'report-built')?.text).toContain('INCOMPLETE Incomplete: 3 item(s) not established');
    expect(elementByTestId(html, 'report-built')?.text).toContain('report.pdf87.9 KB');
    expect(elementByTestId(html, 'report-built')?.text).toContain("by this computer's clock");
    expect(elementByTestId(html, 'report-verify-result')?.attributes['data-ok']).toBe('false');
    expect(elementByTestId(html, 'report-verify-result')?.text).toContain('NOT verified: bytes were appended to report.pdf after signing');
    expect(elementByTestId(html, 'report-check-bundle-files')?.attributes['data-ok']).toBe('true');
    expect(elementByTestId(html, 'report-check-pdf-signature')?.attributes['data-ok']).toBe('false');
    expect(elementByTestId(html, 'report-check-pdf-signature')?.text).toContain('FAILED');
    expect(elementByTestId(html, 'report-p12-path')).toBeDefined();
  });
});

describe('Sidebar', () => {
  it('labels each requirement step with its audit tally in words, while the audit is current', () => {
    const before = renderWithState(createElement(Sidebar), {});
    expect(elementByTestId(before, 'step-req8')?.text).toBe('Requirement 8');
    const after = renderWithState(createElement(Sidebar), { auditReport: sampleAuditReport(), auditPath: PATH });
    expect(elementByTestId(after, 'step-req8')?.text).toBe('Requirement 81 drift');
    expect(elementByTestId(after, 'step-req1')?.text).toBe('Requirement 1settled');
    expect(elementByTestId(after, 'step-plan')?.text).toBe('Plan');
    const stale = renderWithState(createElement(Sidebar), { auditReport: sampleAuditReport(), auditPath: PATH, auditStale: true });
    expect(elementByTestId(stale, 'step-req8')?.text).toBe('Requirement 8');
  });
});
