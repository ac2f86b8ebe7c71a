import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createBalancerImportHandler } from '../../engine/api/handlers/balancer-import.js';
import { balancerImportOperations } from '../../shared/contract/ops/balancer-import.js';
import type { AuditLab } from '../engine/audit/audit-lab.js';
import { startAuditLab } from '../engine/audit/audit-lab.js';
import { runDeps } from '../engine/audit/run-deps.js';

// The project editor's import "from the Balancer host" (issue 13 item 5): `balancer.import` reads
// kl_balancer.conf over SSH with the login given once, and with readOnly writes nothing, so the wizard can
// merge what is listed into its unsaved draft. Addresses: 127.0.123.10-19 (this file only).
const op = balancerImportOperations['balancer.import'];
let lab: AuditLab;
let settings: ReturnType<typeof op.input.parse>['settings'];

beforeAll(async () => {
  lab = await startAuditLab({ linux: 1, windows: 1, backend: 'emulated', version: '4.4', drift: 'none', addressBase: '127.0.123.10' });
  const first = lab.project.instances[0];
  if (first === undefined) throw new Error('the lab has no instance');
  // The lab's login (password, sudo with password), as the engineer would type it once in the import.
  settings = { os: 'linux', user: first.user, auth: first.auth, privilege: first.privilege, port: first.port };
}, 120_000);
afterAll(async () => {
  await lab.stop();
}, 60_000);

describe('balancer.import from the Balancer host', () => {
  it('lists the Balancer instances read over SSH and writes nothing with readOnly; the host key is reviewed once', async () => {
    const balancerHost = { host: lab.project.instances[0]?.host ?? '' };
    const { deps, reviews, passwordPrompts } = runDeps(lab.password);
    const input = op.input.parse({ balancerHost, settings, readOnly: true });
    const output = await createBalancerImportHandler(deps)['balancer.import'](input);
    expect(op.output.safeParse(output).success).toBe(true);
    if (!output.ok) throw new Error(`refused: ${output.error}`);
    expect(output.source).toBe('balancer:/opt/kaspersky/ktfs/bin/kl_balancer.conf');
    expect(output.listed).toEqual(lab.project.instances.map((instance) => ({ host: instance.host, matchingPort: 9999 })));
    expect(output).toMatchObject({ path: '', written: false, created: false, added: [] });
    expect(reviews).toHaveLength(1);
    expect(output.pinned.map((key) => `${key.host}:${key.port}`)).toEqual([`${balancerHost.host}:${settings.port}`]);
    expect(passwordPrompts()).toBeGreaterThan(0);
    expect(JSON.stringify(output)).not.toContain(lab.password);

    // A key already accepted (the draft's) is not asked again.
    const again = runDeps(lab.password);
    const second = await createBalancerImportHandler(again.deps)['balancer.import']({ ...input, hostKeys: output.pinned });
    expect(second.ok).toBe(true);
    expect(again.reviews).toHaveLength(0);
  }, 60_000);

  it('creates the project from the host, with the login for every instance and the accepted key pinned', async () => {
    const path = join(lab.dir, 'imported.ctha.json');
    const { deps } = runDeps(lab.password);
    const input = op.input.parse({ path, balancerHost: { host: lab.project.instances[0]?.host ?? '' }, settings, name: 'Imported' });
    const output = await createBalancerImportHandler(deps)['balancer.import'](input);
    if (!output.ok) throw new Error(`refused: ${output.error}`);
    expect(output).toMatchObject({ created: true, written: true });
    const written = JSON.parse(readFileSync(path, 'utf8')) as {
      name: string;
      instances: { host: string; user: string; port: number }[];
      hostKeys: unknown[];
    };
    expect(written.name).toBe('Imported');
    expect(written.instances.map((instance) => [instance.host, instance.user, instance.port])).toEqual(
      lab.project.instances.map((instance) => [instance.host, settings.user, settings.port]),
    );
    expect(written.hostKeys).toEqual(output.pinned);
  }, 60_000);

  it('says why an unreachable Balancer host gave nothing, and writes nothing', async () => {
    const path = join(lab.dir, 'never.ctha.json');
    const { deps } = runDeps(lab.password);
    // 127.0.123.19 is in this file's range and nothing listens there.
    const input = op.input.parse({ path, balancerHost: { host: '127.0.123.19' }, settings });
    const output = await createBalancerImportHandler(deps)['balancer.import'](input);
    expect(output.ok).toBe(false);
    expect(output.ok ? '' : output.error).toMatch(/^the Balancer host could not be opened/);
    expect(existsSync(path)).toBe(false);
  }, 60_000);
});

describe('balancer.import input', () => {
  it('takes exactly one source, and a project path unless readOnly', () => {
    const base = { settings: { os: 'linux', user: 'u', auth: { method: 'agent' }, privilege: 'sudo' } };
    expect(op.input.safeParse({ ...base, path: 'a.ctha.json', balancerConf: '/x.conf' }).success).toBe(true);
    expect(op.input.safeParse({ ...base, path: 'a.ctha.json' }).success).toBe(false);
    expect(op.input.safeParse({ ...base, path: 'a.ctha.json', balancerConf: '/x.conf', balancerHost: { host: 'b' } }).success).toBe(false);
    expect(op.input.safeParse({ ...base, balancerHost: { host: 'b' } }).success).toBe(false);
    expect(op.input.safeParse({ ...base, balancerHost: { host: 'b' }, readOnly: true }).success).toBe(true);
    expect(op.input.safeParse({ ...base, balancerHost: { host: 'user@b' }, readOnly: true }).success).toBe(false);
  });

  it('refuses the host source where the engine has no way to open sessions', async () => {
    const output = await createBalancerImportHandler()['balancer.import'](
      op.input.parse({
        balancerHost: { host: 'b' },
        readOnly: true,
        settings: { os: 'linux', user: 'u', auth: { method: 'agent' }, privilege: 'sudo' },
      }),
    );
    expect(output).toEqual({ ok: false, error: 'this engine cannot open SSH sessions for an import', issues: [] });
  });
});
