// `ctha plan` and `ctha apply` with a project that has a Balancer host (issue 14), as their command
// functions on an in-process emulated lab (127.0.251.10-11): the Balancer section in the text, the
// --replace-stale-balancer-certs flag, exit codes, and the apply report's Balancer lines. The lab's Balancer
// listens on matching_port while its unit is active, so the apply's answer check meets the lab's own Balancer.
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { runApply } from '../../cli/commands/apply.js';
import { runPlan } from '../../cli/commands/plan.js';
import type { PlanDocument } from '../../shared/plan/plan-document.js';
import type { AuditLab } from '../engine/audit/audit-lab.js';
import { acceptHostKeyFlags } from './accept-host-keys.js';
import { startBalancerLab } from '../engine/audit/balancer-lab.js';

const ENV = 'CTHA_BALANCER_FIX_CLI_PASSWORD';
let lab: AuditLab;
let projectPath: string;

async function capture(run: () => Promise<number>): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const outSpy = vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => ((stdout += String(chunk)), true));
  const errSpy = vi.spyOn(process.stderr, 'write').mockImplementation((chunk: string | Uint8Array) => ((stderr += String(chunk)), true));
  try {
    return { code: await run(), stdout, stderr };
  } finally {
    outSpy.mockRestore();
    errSpy.mockRestore();
  }
}

beforeAll(async () => {
  ({ lab, projectPath } = await startBalancerLab(
    {
      linux: 2,
      windows: 0,
      backend: 'emulated',
      version: '5.1',
      drift: ['balancer-license', 'balancer-cert-stale'],
      addressBase: '127.0.251.10',
    },
    'cli.ctha.json',
  ));
  process.env[ENV] = lab.password;
}, 120_000);
afterAll(async () => lab.stop(), 60_000);
afterEach(() => vi.restoreAllMocks());

describe('ctha plan and apply with a Balancer host', () => {
  it('plan shows the Balancer section; the stale certificate only with --replace-stale-balancer-certs; apply applies it last; exit codes follow', async () => {
    // The engineer checked each host's key on its console: the instances' and the Balancer's (the same host here).
    const balancerKey = lab.lab.file.hosts.find((host) => host.instance.name === lab.lab.file.balancer.host)?.hostKeyFingerprint ?? '';
    const flags = [
      '--password-env',
      ENV,
      '--accept-new-host-keys',
      ...acceptHostKeyFlags(lab.lab.file),
      '--accept-host-key',
      `balancer=${balancerKey}`,
    ];
    const without = await capture(() => runPlan([projectPath, ...flags]));
    expect(without.code, without.stderr).toBe(2);
    expect(without.stdout).toMatch(/== Balancer 127\.0\.251\.\d+ \(/);
    expect(without.stdout).toContain('licence key copied from ct-linux-1');
    expect(without.stdout).not.toContain('stored instance certificate replaced');
    expect(without.stdout).toMatch(/Not planned on the Balancer:\n {2}ct-linux-2: .*--replace-stale-balancer-certs/);

    const planPath = join(lab.dir, 'plan.json');
    const json = await capture(() => runPlan([projectPath, ...flags, '--replace-stale-balancer-certs', '--json', '--out', planPath]));
    expect(json.code).toBe(2);
    const plan = JSON.parse(json.stdout) as PlanDocument;
    expect(plan.balancer?.changes.map((change) => change.kind)).toEqual(['license', 'license-set-aside', 'stored-cert']);
    expect(plan.summary).toMatchObject({ changes: 0, balancerChanges: 3 });

    const applied = await capture(() => runApply([planPath, '--yes', ...flags]));
    expect(applied.code, applied.stdout + applied.stderr).toBe(0);
    expect(applied.stdout).toMatch(
      /APPLIED +Balancer 127\.0\.251\.\d+: 3 Balancer file\(s\) written; Balancer started and answers on matching_port/,
    );
    expect(applied.stdout).toMatch(/ {2}stop: systemctl stop cybertrace_balancer\.service: exit 0/);

    const after = await capture(() => runPlan([projectPath, ...flags, '--replace-stale-balancer-certs']));
    expect(after.code, after.stdout).toBe(0);
    expect(after.stdout).toContain('Nothing to change on the Balancer.');
  }, 180_000);
});
