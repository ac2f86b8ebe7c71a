// The plan's Balancer section without a lab: the wizard's views (plan and apply report), the CLI lines, and
// the consistency rules on a Windows Balancer (backslashes, case, the project's licence folder allowed exactly).
import { createHash } from 'node:crypto';
import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { balancerApplyLines } from '../../../engine/steps/apply/apply-text.js';
import { compareRederived, planWrites } from '../../../engine/steps/apply/rederive.js';
import { checkPlanConsistency } from '../../../engine/steps/plan/plan-consistency.js';
import { balancerPlanLines } from '../../../engine/steps/plan/plan-text.js';
import { BalancerApplyView } from '../../../renderer/apply/BalancerApplyView.js';
import { BalancerChangesView } from '../../../renderer/plan/BalancerChangesView.js';
import { planSummary as planSummaryText } from '../../../renderer/plan/plan-view.js';
import type { BalancerApplyReport } from '../../../shared/plan/apply-report.js';
import { planSummary } from '../../../shared/plan/group-diffs.js';
import type { PlanDocument, PlannedBalancer } from '../../../shared/plan/plan-document.js';
import { elementByTestId } from '../../renderer/static-render.js';

const sha = (text: string): string => createHash('sha256').update(text).digest('hex');
const DIR = 'C:\\Program Files\\Kaspersky Lab\\Balancer';
const LIC = 'D:\\Keys';
const conf =
  '<Configuration>\r\n  <Instances>\r\n    <Instance matching_port="9999">10.0.0.2</Instance>\r\n  </Instances>\r\n</Configuration>\r\n';

function balancer(): PlannedBalancer {
  return {
    host: 'bal.example',
    os: 'windows',
    balancerDir: DIR,
    allowedPaths: [LIC],
    endpoint: { host: '10.0.0.9', port: 9999 },
    replaceStaleCerts: false,
    changes: [
      {
        kind: 'listing',
        path: `${DIR}\\bin\\kl_balancer.conf`,
        relativePath: 'bin/kl_balancer.conf',
        beforeSha256: 'a'.repeat(64),
        afterSha256: sha(conf),
        reason: 'Balancer must list every instance (REFERENCE 3.3)',
        needsConfirmation: true,
        unifiedDiff: '@@ -1,2 +1,3 @@\n   <Instances>\n+    <Instance matching_port="9999">10.0.0.2</Instance>\n',
        afterBase64: Buffer.from(conf).toString('base64'),
      },
      {
        kind: 'license',
        path: LIC,
        relativePath: LIC,
        beforeSha256: null,
        afterSha256: 'b'.repeat(64),
        reason: 'same licence key file (REFERENCE 3.1 item 4)',
        from: 'ct1',
        needsConfirmation: false,
        unifiedDiff: `licence key created: LAB1.key, 300 bytes, sha256 ${'b'.repeat(64)}\n`,
        afterBase64: '',
        sensitive: { size: 300, sha256: 'b'.repeat(64) },
      },
    ],
    problems: ["ct2: Balancer's stored certificate 10.0.0.3_9999.pem is stale; not planned: plan with --replace-stale-balancer-certs"],
  };
}

function plan(section: PlannedBalancer): PlanDocument {
  const instances: PlanDocument['instances'] = [
    {
      name: 'ct1',
      os: 'windows',
      host: 'ct1.example',
      serviceDir: 'C:\\CT',
      status: 'planned',
      readiness: null,
      filesRead: [],
      directoriesRead: [],
      changes: [],
      refusals: [],
    },
  ];
  return {
    planFormatVersion: 1,
    project: { name: 'p', path: '/p/x.ctha.json', sha256: 'c'.repeat(64) },
    createdAt: '2026-01-01T00:00:00Z',
    toolVersion: 't',
    referenceInstance: 'ct1',
    requirements: ['req1'],
    instances,
    groups: [],
    balancer: section,
    summary: planSummary(instances, section),
  };
}

describe('the Balancer section', () => {
  it('is consistent on Windows: inside the folder (any case), or exactly the project licence folder', () => {
    expect(() => checkPlanConsistency(plan(balancer()), 'p')).not.toThrow();
    const upper = balancer();
    Object.assign(upper.changes[0] ?? {}, { path: `${DIR.toUpperCase()}\\BIN\\KL_BALANCER.CONF`, relativePath: 'BIN/KL_BALANCER.CONF' });
    expect(() => checkPlanConsistency(plan(upper), 'p')).not.toThrow();
    const below = balancer();
    Object.assign(below.changes[1] ?? {}, { path: `${LIC}\\LAB1.key`, relativePath: `${LIC}\\LAB1.key` });
    expect(() => checkPlanConsistency(plan(below), 'p')).toThrow(
      /changes\[1\] \(D:\\Keys\\LAB1\.key\) field path may not be written: .*outside the Balancer folder/,
    );
    const slash = balancer();
    Object.assign(slash.changes[0] ?? {}, { path: `${DIR}/bin/kl_balancer.conf` });
    expect(() => checkPlanConsistency(plan(slash), 'p')).toThrow(/uses "\/" instead of "\\"/);
    const other = balancer();
    Object.assign(other.changes[0] ?? {}, { path: `${DIR}\\bin\\other.conf`, relativePath: 'bin/other.conf' });
    expect(() => checkPlanConsistency(plan(other), 'p')).toThrow(/the instance list is kl_balancer\.conf/);
    const bare = balancer();
    delete (bare.changes[1] as { sensitive?: unknown }).sensitive;
    expect(() => checkPlanConsistency(plan(bare), 'p')).toThrow(/changes\[1\].*recorded by size and SHA-256 only/);
  });

  it('is shown in the wizard and the CLI: order, reasons, the diff, a key as size and digest, what was held back', () => {
    const html = renderToStaticMarkup(createElement(BalancerChangesView, { balancer: balancer() }));
    expect(elementByTestId(html, 'plan-balancer')?.attributes['data-changes']).toBe('2');
    expect(elementByTestId(html, 'plan-balancer-order')?.text).toMatch(/after every instance.*stopped.*must answer on 10\.0\.0\.9:9999/);
    expect(elementByTestId(html, 'plan-balancer-change-0')?.attributes['data-kind']).toBe('listing');
    expect(elementByTestId(html, 'plan-balancer-diff-0')?.text).toContain('+    <Instance matching_port="9999">10.0.0.2</Instance>');
    expect(elementByTestId(html, 'plan-balancer-summary-1')?.text).toContain(`300 bytes, sha256 ${'b'.repeat(64)}`);
    expect(elementByTestId(html, 'plan-balancer-problems')?.text).toContain('--replace-stale-balancer-certs');
    expect(renderToStaticMarkup(createElement(BalancerChangesView, { balancer: undefined }))).toBe('');
    expect(planSummaryText(plan(balancer()))).toContain('2 Balancer file change(s), applied after the instances.');
    const lines = balancerPlanLines(balancer());
    expect(lines[0]).toBe(`== Balancer bal.example (${DIR}) ==`);
    expect(lines).toContain(`Allowed outside the Balancer folder (project balancer.licenseDir): ${LIC}`);
    expect(lines.join('\n')).toMatch(/-- D:\\Keys: licence key copied from ct1\n {3}why: same licence key file/);
  });

  it('the apply report shows the Balancer outcome, its steps and files', () => {
    const result: BalancerApplyReport = {
      host: 'bal.example',
      outcome: 'rolled-back',
      message: 'Balancer started but does not answer on 10.0.0.9:9999; every file was put back',
      files: [
        {
          path: `${DIR}\\bin\\kl_balancer.conf`,
          kind: 'edit',
          beforeSha256: 'a'.repeat(64),
          afterSha256: 'd'.repeat(64),
          backupPath: `${DIR}\\bin\\kl_balancer.conf.ctha-backup-1`,
          status: 'restored',
          original: 'backup',
        },
      ],
      steps: ['stop: sc.exe stop KasperskyBalancerService: exit 0', 'answers on 10.0.0.9:9999: no'],
      startedAt: '2026-01-01T00:00:00Z',
      durationMs: 1200,
    };
    const html = renderToStaticMarkup(createElement(BalancerApplyView, { result }));
    expect(elementByTestId(html, 'apply-balancer')?.attributes['data-outcome']).toBe('rolled-back');
    expect(elementByTestId(html, 'apply-balancer')?.text).toContain('ROLLED BACK');
    expect(elementByTestId(html, 'apply-balancer')?.text).toContain('kl_balancer.conf.ctha-backup-1');
    expect(elementByTestId(html, 'apply-balancer-steps')?.text).toContain('answers on 10.0.0.9:9999: no');
    expect(balancerApplyLines(result)).toEqual([
      'ROLLED BACK  Balancer bal.example: Balancer started but does not answer on 10.0.0.9:9999; every file was put back',
      `  restored    ${DIR}\\bin\\kl_balancer.conf, backup ${DIR}\\bin\\kl_balancer.conf.ctha-backup-1`,
      '  stop: sc.exe stop KasperskyBalancerService: exit 0',
      '  answers on 10.0.0.9:9999: no',
    ]);
  });

  it('at apply the re-derived section must equal the saved one; what is applied is the re-derivation', () => {
    const saved = plan(balancer());
    const live = plan(balancer());
    Object.assign(live.balancer?.problems ?? [], ['a live note']);
    expect(compareRederived(saved, live, 'p').applied.balancer?.problems).toEqual(['a live note']);
    expect(planWrites({ ...saved, summary: { ...saved.summary, balancerChanges: 0 } })).toBe(true);
    const digest = plan(balancer());
    Object.assign(digest.balancer?.changes[1] ?? {}, { afterSha256: 'e'.repeat(64), sensitive: { size: 300, sha256: 'e'.repeat(64) } });
    expect(() => compareRederived(saved, digest, 'p')).toThrow(
      /Balancer: field changes\[1\]\.afterSha256: the plan says "b{64}", re-derived from the live hosts "e{64}"/,
    );
    const size = plan(balancer());
    Object.assign(size.balancer?.changes[1] ?? {}, { sensitive: { size: 301, sha256: 'b'.repeat(64) } });
    expect(() => compareRederived(saved, size, 'p')).toThrow(
      /Balancer: field changes\[1\]\.byteLength: the plan says 300, re-derived from the live hosts 301/,
    );
    const choice = plan({ ...balancer(), replaceStaleCerts: true });
    expect(() => compareRederived(saved, choice, 'p')).toThrow(/Balancer: field replaceStaleCerts: the plan says false/);
    const unread = plan(balancer());
    delete unread.balancer;
    expect(() => compareRederived(saved, unread, 'p')).toThrow(/the Balancer host bal\.example could not be read again/);
    // Nothing planned on the Balancer, or nothing left to change there: nothing is written, nothing refused.
    expect(compareRederived(plan({ ...balancer(), changes: [] }), unread, 'p').applied.balancer?.changes).toEqual([]);
    const done = compareRederived(saved, plan({ ...balancer(), changes: [] }), 'p');
    expect(done.applied.balancer?.changes).toEqual([]);
    expect(done.applied.summary.balancerChanges).toBe(0);
    // ...but not when the live plan failed there: that is a difference, not "already applied".
    const failed = plan({ ...balancer(), changes: [], problems: ["the Balancer's changes could not be planned: timeout"] });
    expect(() => compareRederived(saved, failed, 'p')).toThrow(
      /Balancer: field changeCount: the plan says 2, re-derived from the live hosts 0/,
    );
    // A plan made without the section applies nothing on the Balancer, whatever the live hosts would plan.
    const old = plan(balancer());
    delete old.balancer;
    expect(compareRederived({ ...old, summary: planSummary(old.instances) }, live, 'p').applied.balancer).toBeUndefined();
  });
});
