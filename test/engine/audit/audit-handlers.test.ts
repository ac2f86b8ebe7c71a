import { copyFileSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditHandlers } from '../../../engine/api/handlers/audit.js';
import { hostPathToLocal } from '../../../lab/host-paths.js';
import { hostTreeLayout } from '../../../lab/trees/tree-layout.js';
import { ApiError } from '../../../shared/contract/errors.js';
import { auditOperations } from '../../../shared/contract/ops/audit.js';
import { parseProjectText, serializeProject } from '../../../shared/project/parse.js';
import type { AuditLab } from './audit-lab.js';
import { startAuditLab } from './audit-lab.js';
import { runDeps } from './run-deps.js';

// Addresses: 127.0.91.70-72 (this file only).
let lab: AuditLab;

beforeAll(async () => {
  lab = await startAuditLab({
    linux: 1,
    windows: 1,
    backend: 'emulated',
    version: '4.4',
    drift: ['certificate'],
    addressBase: '127.0.91.70',
  });
}, 120_000);
afterAll(async () => {
  await lab.stop();
}, 60_000);

describe('audit.run', () => {
  it('audits the project file, pins accepted keys into it, and returns output the contract accepts', async () => {
    const handlers = auditHandlers(runDeps(lab.password).deps);
    const output = await handlers['audit.run'](
      auditOperations['audit.run'].input.parse({ path: lab.lab.file.projectPath, balancerConf: lab.balancerConf }),
    );
    expect(auditOperations['audit.run'].output.safeParse(output).success).toBe(true);
    expect(output.projectSaved).toBe(true);
    expect(output.pinned).toHaveLength(2);
    expect(JSON.parse(readFileSync(lab.lab.file.projectPath, 'utf8')).hostKeys).toHaveLength(2);
    expect(output.report.verdict).toBe('drift');
    const drifted = output.report.findings.findings
      .filter((finding) => finding.status === 'drift')
      .map((finding) => `${finding.instance}/${finding.requirement}`);
    expect(drifted).toEqual(['ct-win-1/req1']);
    // Pinned now: a second run asks nothing and saves nothing.
    const { deps, reviews } = runDeps(lab.password);
    const again = await auditHandlers(deps)['audit.run']({ path: lab.lab.file.projectPath });
    expect(reviews).toHaveLength(0);
    expect(again.projectSaved).toBe(false);
  }, 60_000);

  it('refuses bad input before any handler runs', () => {
    expect(auditOperations['audit.run'].input.safeParse({ path: ' ' }).success).toBe(false);
    expect(auditOperations['audit.run'].input.safeParse({ path: 'a.ctha.json', balancerConf: '' }).success).toBe(false);
    expect(auditOperations['balancer.read'].input.safeParse({}).success).toBe(false);
  });
});

describe('balancer.read', () => {
  it('reads a local kl_balancer.conf', async () => {
    const output = await auditHandlers(runDeps(lab.password).deps)['balancer.read']({ file: lab.balancerConf });
    expect(auditOperations['balancer.read'].output.safeParse(output).success).toBe(true);
    expect(output.facts?.instances.map((instance) => instance.host)).toEqual(['127.0.91.71', '127.0.91.72']);
  });

  it('refuses a project without a Balancer, and reads the Balancer host over SSH when the project has one', async () => {
    const handlers = auditHandlers(runDeps(lab.password).deps);
    await expect(handlers['balancer.read']({ path: lab.lab.file.projectPath })).rejects.toBeInstanceOf(ApiError);
    await expect(handlers['balancer.read']({ path: lab.lab.file.projectPath })).rejects.toThrow(/has no balancer/);
    const linux = lab.lab.file.hosts[0]?.instance;
    const first = lab.project.instances[0];
    if (!linux || !first) throw new Error('no Linux instance');
    copyFileSync(lab.balancerConf, hostPathToLocal(linux, `${hostTreeLayout(linux).binDir}/kl_balancer.conf`));
    const withBalancer = join(lab.dir, 'with-balancer.ctha.json');
    const pinned = parseProjectText(readFileSync(lab.lab.file.projectPath, 'utf8'));
    if (!pinned.ok) throw new Error('the pinned project is invalid');
    writeFileSync(
      withBalancer,
      serializeProject({
        ...pinned.project,
        balancer: {
          name: 'balancer',
          host: first.host,
          port: first.port,
          os: 'linux',
          user: first.user,
          auth: first.auth,
          privilege: first.privilege,
        },
      }),
    );
    const output = await handlers['balancer.read']({ path: withBalancer });
    expect(output.error).toBeUndefined();
    expect(output.source).toBe('balancer:/opt/kaspersky/ktfs/bin/kl_balancer.conf');
    expect(output.facts?.balancer.cybertracePort).toBe(9998);
  }, 60_000);
});
