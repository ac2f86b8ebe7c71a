// The path policy's pure parts: containment on the strings, allowedPaths, the folders below the service
// folder a link check covers, the Linux gather's link reports, and the certificate fixer's refusal of a
// CertFile the policy refused.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isAllowedPath, isInsideDir, lexicalRefusal, pathPolicy, pathsBelow } from '../../../engine/cybertrace/discovery/path-policy.js';
import { planFixes } from '../../../engine/cybertrace/fix/index.js';
import { fixCertificate } from '../../../engine/cybertrace/fix/fix-certificate.js';
import type { FixInput, FixSide } from '../../../engine/cybertrace/fix/types.js';
import { observe, readInstanceConfig } from '../../../engine/cybertrace/model/index.js';
import type { InstanceFiles } from '../../../engine/cybertrace/model/types.js';
import { linuxGatherScript, takeLinkReports } from '../../../engine/hosts/linux/linux-gather.js';
import { linuxPaths } from '../../../engine/hosts/linux/linux-paths.js';
import { windowsPaths } from '../../../engine/hosts/windows/windows-paths.js';
import { REQUIREMENT_IDS } from '../../../shared/requirements/ids.js';
import { CTX, generateInstanceFiles } from '../cybertrace/model/lab-files.js';
import { side } from '../cybertrace/fix/helpers.js';

const linux = { os: 'linux' as const, paths: linuxPaths };
const windows = { os: 'windows' as const, paths: windowsPaths };
function fixSide(files: InstanceFiles): FixSide {
  const config = readInstanceConfig(files);
  return { files, config, observations: observe(config, files, CTX) };
}

const b64 = (text: string): string => Buffer.from(text).toString('base64');

describe('containment on the strings', () => {
  it('is inside only at a separator, case-insensitively on Windows', () => {
    expect(isInsideDir('linux', '/opt/kaspersky/ktfs/etc/a.pem', '/opt/kaspersky/ktfs')).toBe(true);
    expect(isInsideDir('linux', '/opt/kaspersky/ktfs-evil/a.pem', '/opt/kaspersky/ktfs')).toBe(false);
    expect(isInsideDir('linux', '/etc/shadow', '/opt/kaspersky/ktfs')).toBe(false);
    expect(isInsideDir('windows', 'c:\\program files\\KL\\bin\\x', 'C:\\Program Files\\KL')).toBe(true);
    expect(isInsideDir('windows', 'C:\\Program Files\\KL2\\x', 'C:\\Program Files\\KL')).toBe(false);
  });

  it('refuses a path outside the folder, one with "..", and accepts exactly the allowed path', () => {
    const policy = pathPolicy('/opt/kaspersky/ktfs', { allowedPaths: ['/etc/ssl/ct.pem'] });
    expect(lexicalRefusal(linux, policy, '/etc/shadow')).toMatch(
      /\/etc\/shadow is outside the service folder \/opt\/kaspersky\/ktfs .*allowedPaths/,
    );
    expect(lexicalRefusal(linux, policy, '/opt/kaspersky/ktfs/../../../etc/shadow')).toMatch(/not an absolute, canonical path/);
    expect(lexicalRefusal(linux, policy, '/opt/kaspersky/ktfs/etc/cert.pem')).toBeUndefined();
    expect(lexicalRefusal(linux, policy, '/etc/ssl/ct.pem')).toBeUndefined();
    expect(isAllowedPath('linux', policy, '/etc/ssl/ct.pem.bak')).toBe(false);
    expect(lexicalRefusal(windows, pathPolicy('C:\\KL', {}), 'C:\\Windows\\win.ini')).toMatch(/outside the service folder C:\\KL/);
  });

  it('lists every folder below the service folder down to the file, and nothing above it', () => {
    expect(pathsBelow(linux, '/opt/kaspersky/ktfs', '/opt/kaspersky/ktfs/httpsrv/lic/a.key')).toEqual([
      '/opt/kaspersky/ktfs/httpsrv',
      '/opt/kaspersky/ktfs/httpsrv/lic',
      '/opt/kaspersky/ktfs/httpsrv/lic/a.key',
    ]);
    expect(pathsBelow(windows, 'C:\\KL', 'C:\\KL\\bin\\c.pem')).toEqual(['C:\\KL\\bin', 'C:\\KL\\bin\\c.pem']);
  });
});

describe('the Linux gather with `within`', () => {
  it('checks every component below the folder with [ -L ] before any read, and refuses an item outside it', () => {
    const script = linuxGatherScript(
      { files: ['/opt/k/etc/c.pem'], dirs: [{ path: '/opt/k/httpsrv/lic', suffix: '.key' }] },
      { method: 'sudo' },
      ['/opt/k'],
    );
    expect(script).toContain('if [ -L /opt/k/etc ] || [ -L /opt/k/etc/c.pem ]; then');
    expect(script).toContain('if [ -L "$ctha_f" ]; then');
    // The link check comes before the base64 read of the same item.
    expect(script.indexOf('[ -L /opt/k/etc/c.pem ]')).toBeGreaterThan(-1);
    expect(script.indexOf('[ -L /opt/k/etc/c.pem ]')).toBeLessThan(script.indexOf('base64 /opt/k/etc/c.pem'));
    expect(() => linuxGatherScript({ files: ['/etc/shadow'], dirs: [] }, undefined, ['/opt/k'])).toThrow(
      /\/etc\/shadow is outside \/opt\/k/,
    );
    expect(linuxGatherScript({ files: ['/opt/k/a'], dirs: [] }, undefined)).not.toContain('-L');
  });

  it('takes the link reports out of the output and leaves the framing intact', () => {
    const lines = [
      '#ctha-link f0',
      b64('/opt/k/etc/c.pem'),
      '#ctha-to f0',
      b64('/etc/shadow\n'),
      '#ctha missing f0',
      '#ctha dir d0',
      '#ctha-link d0',
      b64('/opt/k/lic/evil.key'),
      '#ctha-to d0',
      '#ctha end',
    ];
    const { rest, links } = takeLinkReports(lines, () => 'unused');
    expect(rest).toEqual(['#ctha missing f0', '#ctha dir d0', '#ctha end']);
    expect([...links]).toEqual([
      ['/opt/k/etc/c.pem', '/etc/shadow'],
      ['/opt/k/lic/evil.key', ''],
    ]);
  });
});

describe('the certificate fixer', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'ctha-policy-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('refuses to write a CertFile the path policy refused, even when the reference has a certificate', async () => {
    const reference = await generateInstanceFiles(dir, 'ref', 'linux', '4.4');
    const drifted = await generateInstanceFiles(dir, 'inst', 'linux', '4.4', ['certificate']);
    const target = drifted.certificate?.path ?? '';
    const refused: InstanceFiles = {
      ...drifted,
      certificate: {
        path: target,
        present: false,
        reason: 'not read (path policy): /etc/shadow is outside the service folder',
        refused: true,
      },
    };
    const result = planFixes(side(refused), side(reference), REQUIREMENT_IDS, CTX);
    expect(result.changes.filter((change) => change.path === target || change.requirements.includes('req1'))).toEqual([]);
    expect(result.refusals.find((refusal) => refusal.requirement === 'req1')?.reason).toMatch(/outside the service folder/);
    // The fixer itself: the refused target is refused, the same instance with its file read gets the copy.
    const input = (instance: InstanceFiles): FixInput => ({ instance: fixSide(instance), reference: fixSide(reference), ctx: CTX });
    const refusal = fixCertificate(input(refused));
    expect(refusal.ok).toBe(false);
    expect(refusal.ok ? '' : refusal.reason).toMatch(/the certificate is not written: not read \(path policy\): \/etc\/shadow is outside/);
    const copy = fixCertificate(input(drifted));
    expect(copy.ok && copy.fileOps.map((op) => op.path)).toEqual([target]);
  });
});
