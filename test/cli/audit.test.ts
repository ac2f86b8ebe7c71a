import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { runAudit } from '../../cli/commands/audit.js';
import { runBalancer } from '../../cli/commands/balancer.js';
import type { AuditReport } from '../../shared/contract/ops/audit.js';
import { serializeProject } from '../../shared/project/parse.js';
import type { AuditLab } from '../engine/audit/audit-lab.js';
import { expectedDrift, startAuditLab, withReq3Attested } from '../engine/audit/audit-lab.js';
import { acceptHostKeyFlags } from './accept-host-keys.js';

// Addresses: 127.0.94.10-13 (drift lab) and 127.0.94.30-32 (consistent lab), this file only.
let drift: AuditLab;
let clean: AuditLab;
const ENV = 'CTHA_AUDIT_TEST_PASSWORD';

/** Runs a command function with stdout and stderr captured. */
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
  [drift, clean] = await Promise.all([
    startAuditLab({ linux: 1, windows: 2, backend: 'emulated', version: '5.1', drift: 'default', addressBase: '127.0.94.10' }),
    startAuditLab({ linux: 1, windows: 1, backend: 'emulated', version: '4.4', drift: 'none', addressBase: '127.0.94.30' }),
  ]);
  // The same password for both labs' hosts is not the case: each test sets the variable for its lab.
  writeFileSync(clean.lab.file.projectPath, serializeProject(withReq3Attested(clean.project)));
}, 180_000);
afterAll(async () => {
  delete process.env[ENV];
  await Promise.all([drift.stop(), clean.stop()]);
}, 60_000);
afterEach(() => {
  delete process.env[ENV];
});

describe('ctha audit', () => {
  it('without --accept-new-host-keys lists the keys, pins nothing, and reads no instance (exit 1)', async () => {
    process.env[ENV] = drift.password;
    const run = await capture(() =>
      runAudit([drift.lab.file.projectPath, '--json', '--password-env', ENV, '--balancer-conf', drift.balancerConf]),
    );
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('New host key: ct-linux-1');
    const report = (JSON.parse(run.stdout) as { report: AuditReport }).report;
    expect(report.verdict).toBe('unknown');
    expect(report.instances.map((instance) => instance.failure?.stage)).toEqual(['host-key', 'host-key', 'host-key']);
    expect(JSON.parse(readFileSync(drift.lab.file.projectPath, 'utf8')).hostKeys).toEqual([]);
  }, 60_000);

  it('--json on a drifted lab: exit 2, the report names the drift, keys pinned, no secret in the output', async () => {
    process.env[ENV] = drift.password;
    const run = await capture(() =>
      runAudit([
        drift.lab.file.projectPath,
        '--json',
        '--accept-new-host-keys',
        ...acceptHostKeyFlags(drift.lab.file),
        '--password-env',
        ENV,
        '--balancer-conf',
        drift.balancerConf,
      ]),
    );
    expect(run.code, run.stderr).toBe(2);
    const parsed = JSON.parse(run.stdout) as { report: AuditReport; pinned: unknown[] };
    expect(parsed.report.verdict).toBe('drift');
    expect(parsed.report.counts.drift).toBe([0, 1, 2].reduce((sum, index) => sum + expectedDrift(index, 3).length, 0));
    expect(parsed.pinned).toHaveLength(3);
    // --json: stdout is the JSON alone (it parsed above) and no progress line is printed anywhere.
    expect(run.stderr).not.toMatch(/^ct-(linux|win)-\d: .* (started|done|failed)/m);
    expect(JSON.parse(readFileSync(drift.lab.file.projectPath, 'utf8')).hostKeys).toHaveLength(3);
    expect(run.stdout + run.stderr).not.toContain(drift.password);
  }, 60_000);

  it('the table shows requirements x instances, the groups of identical values and the details (exit 2)', async () => {
    process.env[ENV] = drift.password;
    const run = await capture(() => runAudit([drift.lab.file.projectPath, '--password-env', ENV, '--balancer-conf', drift.balancerConf]));
    expect(run.code).toBe(2);
    const lines = run.stdout.split('\n');
    expect(lines[0]).toBe('Audit of CyberTrace lab: DRIFT (reference ct-linux-1, marked *)');
    expect(lines[2]).toMatch(/^\s+ct-linux-1\*\s+ct-win-1\s+ct-win-2\s*$/);
    const req6 = lines.find((line) => line.startsWith('req6'));
    expect(req6).toMatch(/match\s+DRIFT\s+DRIFT/);
    expect(run.stdout).toMatch(/identical values: ct-linux-1 \| ct-win-1 \| ct-win-2|identical values: ct-linux-1 = /);
    expect(run.stdout).toContain('Details:');
    expect(run.stdout).toMatch(/Exit 2: drift found\./);
    // Discovery says, per instance, where each config was found and the version the binary states.
    expect(run.stdout).toContain('Discovery:');
    expect(run.stdout).toMatch(
      /^ {4}kl_feed_util\.conf: \S+ \((from the service config's FeedUtil\/ConfigurationPath|the help's default folder);/m,
    );
    expect(run.stdout).toMatch(/^ {4}version: /m);
    // Off a terminal the run's progress is one plain line per event on stderr, for every instance, with no control characters.
    for (const name of ['ct-linux-1', 'ct-win-1', 'ct-win-2'])
      expect(run.stderr).toMatch(new RegExp(`^${name}: \\S.* (started|done)`, 'm'));
    expect(run.stderr).not.toContain('\u001b');
  }, 60_000);

  it('a consistent cluster (requirement 3 attested) exits 0', async () => {
    process.env[ENV] = clean.password;
    const run = await capture(() =>
      runAudit([
        clean.lab.file.projectPath,
        '--json',
        '--accept-new-host-keys',
        ...acceptHostKeyFlags(clean.lab.file),
        '--password-env',
        ENV,
        '--balancer-conf',
        clean.balancerConf,
      ]),
    );
    expect(run.code, run.stdout).toBe(0);
    const report = (JSON.parse(run.stdout) as { report: AuditReport }).report;
    expect(report.verdict).toBe('consistent');
    expect(report.counts).toEqual({ match: 16, drift: 0, unknown: 0, attested: 2, waived: 0 });
  }, 60_000);

  it('a wrong password: the unread instances and why come first and last, no table of unknowns, exit 1', async () => {
    process.env[ENV] = `${drift.password}-wrong`;
    const run = await capture(() => runAudit([drift.lab.file.projectPath, '--password-env', ENV, '--balancer-conf', drift.balancerConf]));
    expect(run.code).toBe(1);
    const lines = run.stdout.trimEnd().split('\n');
    expect(lines[0]).toMatch(
      /^Could not read 3 of 3 instance\(s\): ct-linux-1 \(authentication: .+\); ct-win-1 \(authentication: .+\); ct-win-2 \(authentication: .+\)$/,
    );
    expect(lines.at(-1)).toMatch(
      /^Exit 1: no instance of CyberTrace lab could be read, so nothing was audited\. ct-linux-1 \(authentication: /,
    );
    expect(run.stdout).not.toMatch(/^req\d/m);
    expect(run.stdout + run.stderr).not.toContain(drift.password);
  }, 60_000);

  it('one unreachable instance among readable ones: named first and in the last line, the table for the rest, exit 2', async () => {
    process.env[ENV] = clean.password;
    const project = JSON.parse(readFileSync(clean.lab.file.projectPath, 'utf8')) as { instances: Record<string, unknown>[] };
    const [first] = project.instances;
    // Nothing listens on port 1 of 127.0.210.11: the connection is refused at once.
    project.instances.push({ ...first, name: 'ct-gone', host: '127.0.210.11', port: 1 });
    const path = join(clean.dir, 'with-gone.ctha.json');
    writeFileSync(path, JSON.stringify(project));
    const run = await capture(() =>
      runAudit([
        path,
        '--accept-new-host-keys',
        ...acceptHostKeyFlags(clean.lab.file),
        '--password-env',
        ENV,
        '--balancer-conf',
        clean.balancerConf,
      ]),
    );
    expect(run.code, run.stderr).toBe(2);
    const lines = run.stdout.trimEnd().split('\n');
    expect(lines[0]).toMatch(/^Could not read 1 of 3 instance\(s\): ct-gone \(connect: .+\)$/);
    expect(lines[2]).toMatch(/^Audit of .*: UNKNOWN/);
    expect(lines.at(-1)).toMatch(/Exit 2: .* Not read: ct-gone \(connect: /);
  }, 60_000);

  it('errors (exit 1 through main): a missing project, a second file, an unknown option', async () => {
    await expect(runAudit([join(clean.dir, 'none.ctha.json')])).rejects.toThrow(/none\.ctha\.json/);
    await expect(runAudit([clean.lab.file.projectPath, 'extra'])).rejects.toThrow('audit takes exactly one project file');
    await expect(runAudit([clean.lab.file.projectPath, '--nope'])).rejects.toMatchObject({ code: 'ERR_PARSE_ARGS_UNKNOWN_OPTION' });
  });
});

describe('ctha balancer', () => {
  it('read prints what kl_balancer.conf says', async () => {
    const run = await capture(() => runBalancer(['read', drift.balancerConf]));
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('Balancer 127.0.94.10: matching_port 9999, api_port 8443, cybertrace_port 9998, scanners_count 10');
    expect(run.stdout).toContain('  127.0.94.13 matching_port 9999');
  });

  it('import seeds a new project with the hosts and only the settings given; refuses without them', async () => {
    const target = join(drift.dir, 'seeded.ctha.json');
    await expect(runBalancer(['import', drift.balancerConf, '--project', target, '--os', 'linux'])).rejects.toThrow(
      'balancer import needs --user, --auth, --privilege',
    );
    expect(existsSync(target)).toBe(false);
    const run = await capture(() =>
      runBalancer([
        'import',
        drift.balancerConf,
        '--project',
        target,
        '--os',
        'linux',
        '--user',
        'ops',
        '--auth',
        'agent',
        '--privilege',
        'sudo',
        '--name',
        'prod',
      ]),
    );
    expect(run.code, run.stderr).toBe(0);
    const project = JSON.parse(readFileSync(target, 'utf8')) as { name: string; instances: { host: string; os: string; user: string }[] };
    expect(project.name).toBe('prod');
    expect(project.instances.map((instance) => [instance.host, instance.os, instance.user])).toEqual(
      ['127.0.94.11', '127.0.94.12', '127.0.94.13'].map((host) => [host, 'linux', 'ops']),
    );
    expect(run.stdout).toContain('Added 3 instance(s)');
    const again = await capture(() =>
      runBalancer([
        'import',
        drift.balancerConf,
        '--project',
        target,
        '--os',
        'linux',
        '--user',
        'ops',
        '--auth',
        'agent',
        '--privilege',
        'sudo',
      ]),
    );
    expect(again.stdout).toContain('No instance added');
    const bad = await capture(() =>
      runBalancer([
        'import',
        drift.balancerConf,
        '--project',
        join(drift.dir, 'win.ctha.json'),
        '--os',
        'windows',
        '--user',
        'ops',
        '--auth',
        'agent',
        '--privilege',
        'sudo',
      ]),
    );
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain('expected "administrator" on a Windows host');
    expect(existsSync(join(drift.dir, 'win.ctha.json'))).toBe(false);
  });
});
