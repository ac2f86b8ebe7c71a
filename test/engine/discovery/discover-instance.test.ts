import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { discoverInstance } from '../../../engine/cybertrace/discovery/discover-instance.js';
import { sha256Hex } from '../../../engine/hosts/dialect/index.js';
import { openClusterRun } from '../../../engine/steps/run/open-cluster-run.js';
import type { ClusterRun, RunMember } from '../../../engine/steps/run/run-types.js';
import { validateProject } from '../../../shared/project/parse.js';
import type { TestHost } from '../hosts/helpers.js';
import { PASSWORD, USER, startHost } from '../hosts/helpers.js';
import { runDeps } from '../audit/run-deps.js';

// Addresses: 127.0.90.31-39 (this file only).
let linux: TestHost;
let windows: TestHost;
let windows41: TestHost;
let run: ClusterRun;

beforeAll(async () => {
  [linux, windows, windows41] = await Promise.all([
    startHost({ os: 'linux', address: '127.0.90.31', version: '5.1' }),
    startHost({ os: 'windows', address: '127.0.90.32', version: '4.4' }),
    startHost({ os: 'windows', address: '127.0.90.33', version: '4.1' }),
  ]);
  const project = validateProject({
    schemaVersion: 1,
    name: 'discovery test',
    instances: [
      {
        name: 'lin',
        host: linux.host.address,
        port: linux.host.port,
        os: 'linux',
        user: USER,
        auth: { method: 'password' },
        privilege: 'sudo-password',
      },
      {
        name: 'win',
        host: windows.host.address,
        port: windows.host.port,
        os: 'windows',
        user: USER,
        auth: { method: 'password' },
        privilege: 'administrator',
      },
      {
        name: 'win41',
        host: windows41.host.address,
        port: windows41.host.port,
        os: 'windows',
        user: USER,
        auth: { method: 'password' },
        privilege: 'administrator',
      },
    ],
    referenceInstance: 'lin',
  });
  if (!project.ok) throw new Error(JSON.stringify(project.issues));
  run = await openClusterRun(project.project, runDeps(PASSWORD).deps, { reviewWindowMs: 1_000 });
}, 30_000);
afterAll(async () => {
  await run.close();
  await Promise.all([linux.stop(), windows.stop(), windows41.stop()]);
});

function member(name: string): RunMember {
  const outcome = run.member(name);
  if (!outcome?.ok) throw new Error(`${name} is not open`);
  return outcome;
}

/** The member with another service dir in the project. */
function withServiceDir(name: string, serviceDir: string): RunMember {
  const open = member(name);
  return { ...open, instance: { ...open.instance, serviceDir } };
}

describe('discoverInstance', () => {
  it('finds a Linux 5.1 install by probing and reads every file the requirements need', async () => {
    const { facts, files } = await discoverInstance(member('lin'));
    expect(facts.serviceDir).toMatchObject({ value: '/opt/kaspersky/ktfs', source: 'probed' });
    expect(facts.layout.value).toBe('5.x');
    // `kl_feed_service -v` (REFERENCE 2.1) answered by the lab with its version; the line is kept as evidence.
    expect(facts.version).toEqual({
      value: '5.1',
      evidence: '/opt/kaspersky/ktfs/bin/kl_feed_service -v: "Kaspersky CyberTrace Service 5.1 (CyberTrace HA lab simulator)"',
    });
    // The lab's service config points at the help's folder: the location comes from that pointer.
    expect(facts.configLocations?.serviceConf).toEqual({
      source: 'default',
      evidence: "the help's folder /opt/kaspersky/ktfs/etc (REFERENCE 1.2)",
    });
    expect(facts.configLocations?.feedUtilConf.source).toBe('pointer');
    expect(facts.configLocations?.feedUtilConf.evidence).toMatch(
      /ServiceSettings\/FeedUtil\/ConfigurationPath "\.\.\/etc\/kl_feed_util\.conf" in \/opt\/kaspersky\/ktfs\/etc\/kl_feed_service\.conf \(resolved from \/opt\/kaspersky\/ktfs\/bin, the binary's folder\)$/,
    );
    expect(facts.serviceControl.method).toBe('systemctl');
    expect(facts.privilege.detected).toBe('sudo-password');
    expect(files?.serviceConf).toMatchObject({
      path: linux.layout.serviceConf,
      present: true,
      sha256: sha256Hex(readFileSync(linux.local(linux.layout.serviceConf))),
    });
    expect(files?.feedUtilConf).toMatchObject({ path: '/opt/kaspersky/ktfs/etc/kl_feed_util.conf', present: true });
    expect(files?.certificate).toMatchObject({
      path: linux.layout.feedsCert,
      present: true,
      sha256: sha256Hex(readFileSync(linux.local(linux.layout.feedsCert))),
    });
    expect(files?.licenseDir.path).toBe('/opt/kaspersky/ktfs/httpsrv/lic');
    expect(files?.licenseDir.keys.map((key) => key.path)).toEqual([linux.layout.licenseKey]);
    expect(facts.certificate.certFile).toBe(linux.layout.feedsCert);
    // Facts are plain data: they survive JSON unchanged and carry no file bytes.
    expect(JSON.parse(JSON.stringify(facts))).toEqual(facts);
    expect(JSON.stringify(facts).length).toBeLessThan(4_000);
  });

  it('reads everything in few round trips: (Windows: the SCM query,) one gather for both configs and the license folder, one for the certificate, then the service probe and `-v`', async () => {
    for (const name of ['lin', 'win']) {
      const before = run.transcript.entries().length;
      await discoverInstance(member(name));
      const ops = run.transcript
        .entries()
        .slice(before)
        .filter((entry) => entry.instance === name);
      // Two gathers, the service-control probe and `kl_feed_service -v`; no per-file SFTP reads. Windows
      // without a project serviceDir first asks the SCM which folder its kl_feed_service.exe runs from (REFERENCE 1.2).
      expect(
        ops.map((entry) => entry.kind),
        name,
      ).toEqual(name === 'win' ? ['exec', 'exec', 'exec', 'exec', 'exec'] : ['exec', 'exec', 'exec', 'exec']);
    }
  });

  it('finds a Windows 4.4 install (configs in bin, sc.exe) by probing', async () => {
    const { facts, files } = await discoverInstance(member('win'));
    expect(facts.serviceDir).toMatchObject({
      value: 'C:\\Program Files\\Kaspersky Lab\\Kaspersky CyberTrace',
      source: 'probed',
      evidence: expect.stringMatching(
        /^found in the SCM: SCM service cybertrace \(C:\\Program Files\\Kaspersky Lab\\Kaspersky CyberTrace\\bin\\kl_feed_service\.exe\): Running; /,
      ) as unknown,
    });
    expect(facts.layout.value).toBe('4.x');
    expect(facts.serviceControl.method).toBe('sc');
    expect(facts.version).toEqual({
      value: '4.4',
      evidence:
        'C:\\Program Files\\Kaspersky Lab\\Kaspersky CyberTrace\\bin\\kl_feed_service.exe -v: "Kaspersky CyberTrace Service 4.4 (CyberTrace HA lab simulator)"',
    });
    expect(files?.serviceConf.path).toBe('C:\\Program Files\\Kaspersky Lab\\Kaspersky CyberTrace\\bin\\kl_feed_service.conf');
    expect(files?.certificate?.present).toBe(true);
    expect(files?.licenseDir.keys).toHaveLength(1);
  });

  it('a Windows kl_feed_service.exe that does not run leaves the version unknown with the exit and the first line said', async () => {
    const exe = windows.local(windows.layout.serviceBinary);
    renameSync(exe, `${exe}.away`);
    try {
      const { facts } = await discoverInstance(member('win'));
      expect(facts.version.value).toBeUndefined();
      expect(facts.version.evidence).toMatch(
        /^unknown: C:\\Program Files\\Kaspersky Lab\\Kaspersky CyberTrace\\bin\\kl_feed_service\.exe -v exited 1 \(".+"\)$/,
      );
      // Everything else is still discovered.
      expect(facts.layout.value).toBe('4.x');
    } finally {
      renameSync(`${exe}.away`, exe);
    }
  });

  it('finds kl_control.bat as the service control of a Windows 4.1 host', async () => {
    const { facts } = await discoverInstance(member('win41'));
    expect(facts.serviceControl.method).toBe('kl_control');
    expect(facts.layout.value).toBe('4.x');
  });

  it('resolves a relative CertFile from the binary folder, and reports a missing certificate as absent', async () => {
    const utilPath = linux.local(linux.layout.feedUtilConf);
    const original = readFileSync(utilPath);
    try {
      writeFileSync(
        utilPath,
        original.toString('utf8').replace(/<CertFile>[^<]*<\/CertFile>/, '<CertFile>../etc/kl_feeds_cert.pem</CertFile>'),
      );
      const relative = await discoverInstance(member('lin'));
      expect(relative.facts.certificate.certFile).toBe('../etc/kl_feeds_cert.pem');
      expect(relative.facts.certificate.evidence).toContain('resolved from /opt/kaspersky/ktfs/bin');
      expect(relative.files?.certificate).toMatchObject({ path: linux.layout.feedsCert, present: true });
      writeFileSync(utilPath, original.toString('utf8').replace(/<CertFile>[^<]*<\/CertFile>/, '<CertFile>./nothing.pem</CertFile>'));
      const missing = await discoverInstance(member('lin'));
      expect(missing.files?.certificate).toEqual({
        path: '/opt/kaspersky/ktfs/bin/nothing.pem',
        present: false,
        reason: 'the file CertFile names does not exist',
      });
      writeFileSync(utilPath, original.toString('utf8').replace(/\s*<CertFile>[^<]*<\/CertFile>/, ''));
      const none = await discoverInstance(member('lin'));
      expect(none.files?.certificate).toBeUndefined();
      expect(none.facts.certificate.evidence).toMatch(/has no Settings\/CertFile/);
    } finally {
      writeFileSync(utilPath, original);
    }
  });

  it("keeps the project's service dir even when nothing is there, and says what is missing", async () => {
    const { facts, files } = await discoverInstance(withServiceDir('lin', '/srv/ct'));
    expect(facts.serviceDir).toMatchObject({ value: '/srv/ct', source: 'project' });
    expect(files?.serviceConf).toEqual({ path: '/srv/ct/etc/kl_feed_service.conf', present: false, reason: 'the file does not exist' });
    expect(files?.licenseDir).toEqual({ path: '/srv/ct/httpsrv/lic', present: false, keys: [] });
    expect(facts.layout.value).toBeUndefined();
    expect(facts.certificate.evidence).toMatch(/kl_feed_util.conf is missing/);
  });

  it('configPaths.serviceConf: read where the project says, shown as from the project, and it names the install when probing finds no default', async () => {
    const confPath = linux.local(linux.layout.serviceConf);
    const moved = '/opt/kaspersky/ktfs/conf/kl_feed_service.conf';
    const movedLocal = linux.local(moved);
    mkdirSync(dirname(movedLocal), { recursive: true });
    renameSync(confPath, movedLocal);
    try {
      const open = member('lin');
      const { facts, files } = await discoverInstance({ ...open, instance: { ...open.instance, configPaths: { serviceConf: moved } } });
      expect(facts.serviceDir).toMatchObject({ value: '/opt/kaspersky/ktfs', source: 'probed' });
      expect(files?.serviceConf).toMatchObject({ path: moved, present: true, sha256: sha256Hex(readFileSync(movedLocal)) });
      expect(facts.configLocations?.serviceConf).toEqual({
        source: 'project',
        evidence: `configPaths.serviceConf in the project: ${moved}`,
      });
      expect(facts.layout.value).toBe('5.x');
      // Its pointer still leads to kl_feed_util.conf, resolved from bin.
      expect(files?.feedUtilConf).toMatchObject({ path: '/opt/kaspersky/ktfs/etc/kl_feed_util.conf', present: true });
      // Without the override the same host has no service config where the help puts it.
      expect((await discoverInstance(open)).files).toBeUndefined();
      // Outside the service folder (and not allowed): refused, never read, the reason in the location.
      const before = run.transcript.entries().length;
      const outside = await discoverInstance({
        ...open,
        instance: {
          ...open.instance,
          serviceDir: '/opt/kaspersky/ktfs',
          configPaths: { serviceConf: '/srv/elsewhere/kl_feed_service.conf' },
        },
      });
      expect(outside.files?.serviceConf).toMatchObject({ path: '/srv/elsewhere/kl_feed_service.conf', present: false, refused: true });
      expect(outside.facts.configLocations?.serviceConf.evidence).toMatch(
        /^configPaths.serviceConf in the project: \/srv\/elsewhere\/kl_feed_service\.conf; not read \(path policy\): .* is outside the service folder \/opt\/kaspersky\/ktfs/,
      );
      expect(outside.facts.layout.value).toBeUndefined();
      expect(
        run.transcript
          .entries()
          .slice(before)
          .filter((entry) => (entry.command ?? '').includes('/srv/elsewhere')),
      ).toEqual([]);
    } finally {
      renameSync(movedLocal, confPath);
    }
  });

  it('reports CyberTrace as not found when probing finds nothing, without files', async () => {
    const confPath = linux.local(linux.layout.serviceConf);
    const original = readFileSync(confPath);
    try {
      writeFileSync(`${confPath}.away`, original);
      writeFileSync(confPath, '');
      // An empty file still exists; remove it for the probe.
      (await import('node:fs')).rmSync(confPath);
      const { facts, files } = await discoverInstance(member('lin'));
      expect(files).toBeUndefined();
      expect(facts.serviceDir.value).toBeUndefined();
      expect(facts.serviceDir.evidence).toMatch(
        /CyberTrace not found: no kl_feed_service.conf at \/opt\/kaspersky\/ktfs\/etc\/kl_feed_service.conf/,
      );
    } finally {
      writeFileSync(confPath, original);
    }
  });
});
