// The `same-version` pre-check: versions from `kl_feed_service -v` (REFERENCE 2.1) compared when every
// instance states one, else the configuration layouts with the reason. Addresses: 127.0.200.11-13.
import { chmodSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runPrechecks } from '../../../engine/prechecks/run-prechecks.js';
import { sameVersion, versionKey } from '../../../engine/prechecks/same-version.js';
import type { Project } from '../../../shared/project/schema.js';
import { validateProject } from '../../../shared/project/parse.js';
import { runDeps } from '../audit/run-deps.js';
import type { TestHost } from '../hosts/helpers.js';
import { PASSWORD, USER, startHost } from '../hosts/helpers.js';

describe('sameVersion (pure)', () => {
  it('treats trailing zero parts as one version and keeps builds apart', () => {
    expect(versionKey('5.1')).toBe(versionKey('5.1.0.0'));
    expect(versionKey('5.1.0.123')).not.toBe(versionKey('5.1.0.124'));
    expect(versionKey('4.10')).not.toBe(versionKey('4.1'));
  });

  it('passes equal versions, fails different ones, and falls back to layouts with the instances whose version is unknown', () => {
    const known = (value: string) => ({ value, evidence: `x -v: "${value}"` });
    expect(
      sameVersion([
        { name: 'a', version: known('4.4'), layout: '4.x' },
        { name: 'b', version: known('4.4.0'), layout: '4.x' },
      ]),
    ).toMatchObject({ status: 'pass', evidence: 'versions (kl_feed_service -v): a: 4.4; b: 4.4.0' });
    // Same layout, different versions: the version decides.
    expect(
      sameVersion([
        { name: 'a', version: known('4.1'), layout: '4.x' },
        { name: 'b', version: known('4.4'), layout: '4.x' },
      ]),
    ).toMatchObject({ status: 'fail', evidence: 'versions differ (kl_feed_service -v): a: 4.1; b: 4.4' });
    const fallback = sameVersion([
      { name: 'a', version: known('4.4'), layout: '4.x' },
      { name: 'b', version: { evidence: 'unknown: x -v exited 126' }, layout: '4.x' },
    ]);
    expect(fallback).toMatchObject({
      status: 'pass',
      evidence: 'version unknown on b (unknown: x -v exited 126); compared the configuration layouts instead: a: 4.x layout; b: 4.x layout',
    });
    expect(
      sameVersion([
        { name: 'a', layout: '4.x' },
        { name: 'b', version: known('4.4'), layout: '4.x' },
      ]).status,
    ).toBe('skipped');
  });
});

describe('same-version on emulated hosts', () => {
  let linux: TestHost;
  let windows: TestHost;
  let windows41: TestHost;
  beforeAll(async () => {
    [linux, windows, windows41] = await Promise.all([
      startHost({ os: 'linux', address: '127.0.200.11', version: '4.4' }),
      startHost({ os: 'windows', address: '127.0.200.12', version: '4.4' }),
      startHost({ os: 'windows', address: '127.0.200.13', version: '4.1' }),
    ]);
  }, 60_000);
  afterAll(async () => {
    await Promise.all([linux.stop(), windows.stop(), windows41.stop()]);
  });

  function project(hosts: readonly { name: string; test: TestHost }[]): Project {
    const parsed = validateProject({
      schemaVersion: 1,
      name: 'same-version',
      instances: hosts.map(({ name, test }) => ({
        name,
        host: test.host.address,
        port: test.host.port,
        os: test.instance.os,
        user: USER,
        auth: { method: 'password' },
        privilege: test.instance.os === 'linux' ? 'sudo-password' : 'administrator',
      })),
      referenceInstance: hosts[0]?.name,
    });
    if (!parsed.ok) throw new Error(JSON.stringify(parsed.issues));
    return parsed.project;
  }
  const sameVersionOf = async (hosts: readonly { name: string; test: TestHost }[]) => {
    const run = await runPrechecks(project(hosts), runDeps(PASSWORD).deps);
    return {
      same: run.results.find((result) => result.check === 'same-version'),
      installed: run.results.filter((result) => result.check === 'cybertrace-installed'),
    };
  };

  it('compares the versions each host states: 4.4 on Linux and Windows pass, 4.4 against 4.1 fails though both have the 4.x layout', async () => {
    const equal = await sameVersionOf([
      { name: 'lin', test: linux },
      { name: 'win', test: windows },
    ]);
    expect(equal.same).toMatchObject({ status: 'pass', evidence: 'versions (kl_feed_service -v): lin: 4.4; win: 4.4' });
    // The installed check names where each config came from and the version line.
    expect(equal.installed.map((result) => result.status)).toEqual(['pass', 'pass']);
    expect(equal.installed[0]?.evidence).toContain('kl_feed_util.conf /opt/kaspersky/ktfs/etc/kl_feed_util.conf');
    expect(equal.installed[0]?.evidence).toContain(
      'pointer: Configuration/GUISettings/FeedUtil/ConfigurationPath "../etc/kl_feed_util.conf"',
    );
    expect(equal.installed[0]?.evidence).toContain(
      'version 4.4 (/opt/kaspersky/ktfs/bin/kl_feed_service -v: "Kaspersky CyberTrace Service 4.4 (CyberTrace HA lab simulator)")',
    );
    const differ = await sameVersionOf([
      { name: 'win', test: windows },
      { name: 'win41', test: windows41 },
    ]);
    expect(differ.same).toMatchObject({ status: 'fail', evidence: 'versions differ (kl_feed_service -v): win: 4.4; win41: 4.1' });
  }, 60_000);

  it('a binary that does not run leaves the version unknown with the reason, and the layouts are compared instead', async () => {
    const binary = linux.local(linux.layout.serviceBinary);
    chmodSync(binary, 0o644);
    try {
      const { same } = await sameVersionOf([
        { name: 'lin', test: linux },
        { name: 'win', test: windows },
      ]);
      expect(same?.status).toBe('pass');
      expect(same?.evidence).toMatch(
        /^version unknown on lin \(unknown: \/opt\/kaspersky\/ktfs\/bin\/kl_feed_service -v exited 126 .*\); compared the configuration layouts instead: lin: 4\.x layout; win: 4\.x layout$/,
      );
    } finally {
      chmodSync(binary, 0o755);
    }
  }, 60_000);
});
