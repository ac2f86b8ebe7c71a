import { X509Certificate } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { runProbe } from '../../cli/commands/probe.js';
import { parsePins, runSpotCheck } from '../../cli/commands/spot-check.js';
import { UsageError } from '../../cli/commands/usage-error.js';
import { DEMO_INDICATORS } from '../../lab/simulator/demo-feed.js';
import type { DriftPreset, LabVersion } from '../../lab/spec.js';
import { FEEDS_CERT_REFERENCE, WEB_CERT } from '../../lab/trees/lab-pki.js';
import type { ClusterProbeResult } from '../../shared/probe/probe-result.js';
import type { SpotCheckResult } from '../../shared/probe/spot-check-result.js';
import { startTreeService, type TreeService } from '../lab/simulator/tree-service.js';

// Addresses 127.0.103.1-60 belong to this file. Every instance listens on the same ports, as a real
// cluster does, so the CLI's single --port reaches all of them.
const INPUT_PORT = 29_999;
const REST_PORT = 29_443;
const PASSWORD = 'cli spot-check pw';
const fingerprintOf = (pem: string): string => new X509Certificate(pem.slice(pem.indexOf('-----BEGIN'))).fingerprint256;
const WEB_FINGERPRINT = fingerprintOf(WEB_CERT);

let dir: string;
const services: TreeService[] = [];
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'ctha-cli-probe-'));
  process.env['CTHA_TEST_REST_PASSWORD'] = PASSWORD;
});
afterAll(async () => {
  delete process.env['CTHA_TEST_REST_PASSWORD'];
  await rm(dir, { recursive: true, force: true });
});
afterEach(async () => {
  vi.restoreAllMocks();
  await Promise.all(services.splice(0).map((service) => service.stop()));
});

async function cluster(
  name: string,
  members: readonly { address: string; version?: LabVersion; drift?: DriftPreset[]; falsePositive?: string }[],
): Promise<string> {
  for (const [index, member] of members.entries()) {
    const service = await startTreeService({
      name: `ct-${index + 1}`,
      version: member.version ?? '4.4',
      address: member.address,
      drift: member.drift ?? [],
      inputPort: INPUT_PORT,
      rest: true,
      restPort: REST_PORT,
      restData: {
        users: [{ name: 'admin', password: PASSWORD }],
        ...(member.falsePositive === undefined ? {} : { suppliers: { FalsePositive: [{ indicator: member.falsePositive }] } }),
      },
    });
    services.push(service);
    await service.service.ready;
  }
  const project = {
    schemaVersion: 1,
    name,
    instances: members.map((member, index) => ({
      name: `ct-${index + 1}`,
      host: member.address,
      os: 'linux',
      user: 'ctlab',
      auth: { method: 'agent' },
      privilege: 'root',
    })),
    referenceInstance: 'ct-1',
  };
  const path = join(dir, `${name}.ctha.json`);
  await writeFile(path, JSON.stringify(project, null, 2));
  return path;
}

/** Runs a command with stdout and stderr captured. */
async function capture(run: () => Promise<number>): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => ((stdout += String(chunk)), true));
  vi.spyOn(process.stderr, 'write').mockImplementation((chunk: string | Uint8Array) => ((stderr += String(chunk)), true));
  try {
    return { code: await run(), stdout, stderr };
  } finally {
    vi.restoreAllMocks();
  }
}

describe('ctha probe', () => {
  it('exit 0 when every instance passes; the table names each latency', async () => {
    const project = await cluster('probe-ok', [{ address: '127.0.103.1' }, { address: '127.0.103.2', version: '5.1' }]);
    const run = await capture(() => runProbe([project, '--port', String(INPUT_PORT), '--indicator', DEMO_INDICATORS.ip]));
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(
      /^PASS {2}ct-1 {6}127\.0\.103\.1:29999 {2}PONG \d+ ms, connect \d+ ms, first reply \d+ ms, LookupFinished \d+ ms, 1 detection\(s\)$/m,
    );
    expect(run.stdout).toMatch(/^2 of 2 instance\(s\) passed the live probe\.$/m);
  });

  it('exit 2 when a probe fails, with the specific reason; --json is the cluster result', async () => {
    const project = await cluster('probe-drift', [{ address: '127.0.103.3' }, { address: '127.0.103.4', drift: ['event-format'] }]);
    const run = await capture(() =>
      runProbe([project, '--port', String(INPUT_PORT), '--indicator', DEMO_INDICATORS.url, '--json', '--deadline-ms', '2000']),
    );
    expect(run.code).toBe(2);
    const result = JSON.parse(run.stdout) as ClusterProbeResult;
    expect(result.results.map((entry) => [entry.instance, entry.ok, entry.failure?.kind])).toEqual([
      ['ct-1', true, undefined],
      ['ct-2', false, 'id-prefix'],
    ]);
    const table = await capture(() => runProbe([project, '--port', String(INPUT_PORT), '--indicator', DEMO_INDICATORS.url]));
    expect(table.code).toBe(2);
    expect(table.stdout).toMatch(/^FAIL {2}ct-2 .*id-prefix: a reply from 127\.0\.103\.4:29999 does not start with the request id/m);
    expect(table.stdout).toMatch(/^ {6}received: "category=Demo_Botnet_CnC_URL/m);
  });

  it('exit 2 for a refused port (the default 9999 has nothing there)', async () => {
    const project = await cluster('probe-port', [{ address: '127.0.103.5' }]);
    const run = await capture(() => runProbe([project]));
    expect(run.code).toBe(2);
    expect(run.stdout).toMatch(/FAIL {2}ct-1 .*127\.0\.103\.5:9999 {2}refused:/);
  });

  it('bad options and a missing project are errors (ctha maps them to exit 1)', async () => {
    await expect(runProbe([])).rejects.toBeInstanceOf(UsageError);
    await expect(runProbe(['x.ctha.json', '--port', '0'])).rejects.toThrow(/--port expects an integer 1-65535/);
    await expect(runProbe(['x.ctha.json', '--deadline-ms', '10'])).rejects.toThrow(/--deadline-ms/);
    await expect(runProbe(['x.ctha.json', '--indicator', ' '])).rejects.toThrow(/--indicator/);
    await expect(runProbe([join(dir, 'absent.ctha.json')])).rejects.toThrow(/absent\.ctha\.json/);
  });
});

describe('ctha spot-check', () => {
  const list = async (name: string, text: string): Promise<string> => {
    const path = join(dir, name);
    await writeFile(path, text);
    return path;
  };
  const common = (indicators: string) => [
    '--indicators',
    indicators,
    '--port',
    String(REST_PORT),
    '--password-env',
    'CTHA_TEST_REST_PASSWORD',
  ];

  it('exit 0 when consistent; a new certificate needs --accept-cert and the output says how to pin it', async () => {
    const project = await cluster('spot-ok', [{ address: '127.0.103.10' }, { address: '127.0.103.11', version: '5.1' }]);
    const indicators = await list('ok.txt', `# demo\n${DEMO_INDICATORS.url}\n${DEMO_INDICATORS.md5}\n`);
    const refused = await capture(() => runSpotCheck([project, ...common(indicators)]));
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain(`New TLS certificate: ct-1 127.0.103.10:${REST_PORT} SHA-256 ${WEB_FINGERPRINT}`);
    expect(refused.stdout).toMatch(/FAIL {2}ct-1: certificate-not-accepted/);
    const run = await capture(() => runSpotCheck([project, ...common(indicators), '--accept-cert']));
    expect(run.code).toBe(0);
    expect(run.stdout).toContain(`--pin ct-1=${WEB_FINGERPRINT}`);
    expect(run.stdout).toMatch(
      new RegExp(`^SAME {2}${DEMO_INDICATORS.md5}: detected \\[Demo_Malicious_Hash\\] on 2 instance\\(s\\)$`, 'm'),
    );
    expect(run.stdout + run.stderr).not.toContain(PASSWORD);
  });

  it('exit 2 when a FalsePositive on one instance makes the answers differ', async () => {
    const project = await cluster('spot-diff', [
      { address: '127.0.103.12' },
      { address: '127.0.103.13', falsePositive: DEMO_INDICATORS.ip },
    ]);
    const indicators = await list('diff.txt', `${DEMO_INDICATORS.ip}\n`);
    const pins = ['--pin', `ct-1=${WEB_FINGERPRINT}`, '--pin', `ct-2=${WEB_FINGERPRINT.toLowerCase()}`];
    const run = await capture(() => runSpotCheck([project, ...common(indicators), ...pins, '--json']));
    expect(run.code).toBe(2);
    const result = JSON.parse(run.stdout) as SpotCheckResult;
    expect(result.outcome).toBe('inconsistent');
    expect(result.indicators[0]?.groups.map((group) => [group.result, group.instances])).toEqual([
      ['detected', ['ct-1']],
      ['not detected', ['ct-2']],
    ]);
  });

  it('exit 1 on a wrong password, with the 401 reason', async () => {
    const project = await cluster('spot-401', [{ address: '127.0.103.14' }]);
    const indicators = await list('401.txt', `${DEMO_INDICATORS.ip}\n`);
    process.env['CTHA_TEST_WRONG'] = 'wrong password';
    try {
      const run = await capture(() =>
        runSpotCheck([
          project,
          '--indicators',
          indicators,
          '--port',
          String(REST_PORT),
          '--password-env',
          'CTHA_TEST_WRONG',
          '--accept-cert',
        ]),
      );
      expect(run.code).toBe(1);
      expect(run.stdout).toMatch(
        /FAIL {2}ct-1: unauthorized: 401 Unauthorized from https:\/\/127\.0\.103\.14:29443\/api\/1\.2\/lookup: the user "admin" does not exist or the password is wrong/,
      );
    } finally {
      delete process.env['CTHA_TEST_WRONG'];
    }
  });

  it('exit 1 and STOP with both fingerprints when the certificate differs from its pin', async () => {
    const project = await cluster('spot-changed', [{ address: '127.0.103.15' }]);
    const indicators = await list('changed.txt', `${DEMO_INDICATORS.ip}\n`);
    const other = fingerprintOf(FEEDS_CERT_REFERENCE);
    const run = await capture(() => runSpotCheck([project, ...common(indicators), '--pin', `ct-1=${other}`, '--accept-cert']));
    expect(run.code).toBe(1);
    expect(run.stdout).toContain(
      `STOP  ct-1: the TLS certificate of 127.0.103.15:${REST_PORT} changed: pinned ${other}, presented ${WEB_FINGERPRINT}`,
    );
    expect(run.stdout).toMatch(/Outcome: stopped \(no password was asked for or sent\)/);
    expect(services[0]?.log.lines.join('\n')).not.toMatch(/REST POST/);
  });

  it('refuses bad options before touching the network', async () => {
    const indicators = await list('bad.txt', 'a\n\u0001b\n');
    await expect(runSpotCheck(['p.ctha.json'])).rejects.toThrow(/--indicators FILE/);
    await expect(runSpotCheck(['p.ctha.json', '--indicators', indicators])).rejects.toThrow(/line 2: contains a control character/);
    await expect(runSpotCheck(['p.ctha.json', '--indicators', join(dir, 'none.txt')])).rejects.toThrow(/ENOENT/);
    await expect(runSpotCheck(['p.ctha.json', '--indicators', indicators, '--api', '2.0'])).rejects.toThrow(
      /--api expects one of 1\.0, 1\.1, 1\.2, 1\.3/,
    );
    await expect(runSpotCheck(['p.ctha.json', '--indicators', indicators, '--password-env', 'CTHA_TEST_UNSET_VAR'])).rejects.toThrow(
      /not set/,
    );
    const names = new Set(['ct-1']);
    expect(() => parsePins(['ct-1=zz'], names)).toThrow(/NAME=SHA256/);
    expect(() => parsePins([`ct-9=${WEB_FINGERPRINT}`], names)).toThrow(/no such instance/);
    expect(parsePins([`ct-1=${WEB_FINGERPRINT.replaceAll(':', '')}`], names)).toEqual(new Map([['ct-1', WEB_FINGERPRINT]]));
  });
});
