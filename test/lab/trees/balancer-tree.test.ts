import { X509Certificate } from 'node:crypto';
import { mkdtemp, readFile, readdir, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { planInstances } from '../../../lab/orchestrator/plan-instances.js';
import { generateBalancerTree, installBalancerOnHost } from '../../../lab/trees/balancer-tree.js';
import { readBalancerUnit } from '../../../lab/trees/balancer-service-state.js';
import { pemCertificateSha256 } from '../../../engine/cybertrace/balancer/pem-certificate.js';
import { labLicenseKey } from '../../../lab/trees/lab-license.js';
import { WEB_CERT, WEB_CERT_PREVIOUS } from '../../../lab/trees/lab-pki.js';
import { generateHostTree } from '../../../lab/trees/host-tree.js';
import { BALANCER, labInstance, parseXml, root, snapshot } from './fixtures.js';

describe('Balancer tree', () => {
  it('lists every instance with its matching_port, and the Balancer with its four attributes', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'ctha-balancer-'));
    const instances = [
      labInstance('linux', '4.4', join(dir, 'ct1'), { address: '127.0.0.11', inputPort: 9999 }),
      labInstance('windows', '4.4', join(dir, 'ct2'), { name: 'ct2', address: '127.0.0.12', inputPort: 9999 }),
      labInstance('linux', '4.4', join(dir, 'ct3'), { name: 'ct3', address: '127.0.0.13', inputPort: 10999 }),
    ];
    await generateBalancerTree(join(dir, 'balancer'), BALANCER, instances);
    const conf = await readFile(join(dir, 'balancer', 'bin', 'kl_balancer.conf'));
    expect(conf.toString('utf8')).not.toMatch(/\r|^\uFEFF/);
    const [rootName, settings] = root(parseXml(conf));
    expect(rootName).toBe('Configuration');
    expect(settings).toMatchObject({
      Balancer: {
        '#text': '127.0.0.10',
        '@matching_port': '9999',
        '@api_port': '8443',
        '@cybertrace_port': '9998',
        '@scanners_count': '10',
      },
      SSLCertificatePath: '../httpsrv/kl_feed_service_cert.pem',
      SSLPrivateKeyPath: '../httpsrv/kl_feed_service_private.pem',
      LicenseKeyPath: '../httpsrv/lic',
      CertDirPath: '../certs',
      Instances: {
        Instance: [
          { '#text': '127.0.0.11', '@matching_port': '9999' },
          { '#text': '127.0.0.12', '@matching_port': '9999' },
          { '#text': '127.0.0.13', '@matching_port': '10999' },
        ],
      },
    });
    expect(root(parseXml(await readFile(join(dir, 'balancer', 'bin', 'kl_balancer_log.conf'))))[0]).toBe('Logging');
    expect((await stat(join(dir, 'balancer', 'certs'))).isDirectory()).toBe(true);
  });

  it('holds the same license key and web certificate as a consistent instance', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'ctha-balancer-'));
    const instance = labInstance('linux', '5.1', join(dir, 'ct1'));
    await generateHostTree(instance, { balancer: BALANCER, simulatorPath: '/lab/simulator.js', nodePath: '/usr/bin/node' });
    await generateBalancerTree(join(dir, 'balancer'), BALANCER, [instance]);
    const balancer = await snapshot(join(dir, 'balancer'));
    const host = await snapshot(instance.rootDir);
    expect(balancer.get('httpsrv/lic/LAB00001.key')).toEqual(host.get('opt/kaspersky/ktfs/httpsrv/lic/LAB00001.key'));
    expect(balancer.get('httpsrv/kl_feed_service_cert.pem')).toEqual(host.get('opt/kaspersky/ktfs/httpsrv/kl_feed_service_cert.pem'));
    expect(new X509Certificate(balancer.get('httpsrv/kl_feed_service_cert.pem') ?? '').subject).toContain('CN=Lab CyberTrace Web');
    expect((await stat(join(dir, 'balancer', 'httpsrv', 'kl_feed_service_private.pem'))).mode & 0o777).toBe(0o600);
  });

  it('stores the certificate of each listed instance as <address>_<port>.pem in CertDirPath (REFERENCE 3.6)', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'ctha-balancer-'));
    const instances = [
      labInstance('linux', '4.4', join(dir, 'ct1'), { address: '127.0.0.11' }),
      labInstance('linux', '4.4', join(dir, 'ct2'), { name: 'ct2', address: '127.0.0.12', inputPort: 10999 }),
    ];
    await generateBalancerTree(join(dir, 'balancer'), BALANCER, instances);
    expect((await readdir(join(dir, 'balancer', 'certs'))).sort()).toEqual(['127.0.0.11_9999.pem', '127.0.0.12_10999.pem']);
    expect(await readFile(join(dir, 'balancer', 'certs', '127.0.0.12_10999.pem'), 'utf8')).toBe(WEB_CERT);
  });

  it('each Balancer drift preset changes only its place: another licence folder and key, an earlier stored certificate, an unlisted instance', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'ctha-balancer-'));
    const instances = [
      labInstance('linux', '4.4', join(dir, 'ct1'), { address: '127.0.0.11' }),
      labInstance('linux', '4.4', join(dir, 'ct2'), { name: 'ct2', address: '127.0.0.12' }),
      labInstance('linux', '4.4', join(dir, 'ct3'), { name: 'ct3', address: '127.0.0.13' }),
    ];
    const drift = [
      { preset: 'balancer-license' as const, instances: ['ct2', 'ct3'] },
      { preset: 'balancer-cert-stale' as const, instances: ['ct2'] },
      { preset: 'balancer-missing-instance' as const, instances: ['ct3'] },
    ];
    await generateBalancerTree(join(dir, 'balancer'), { ...BALANCER, drift }, instances);
    const settings = root(parseXml(await readFile(join(dir, 'balancer', 'bin', 'kl_balancer.conf'))))[1] as {
      LicenseKeyPath: string;
      Instances: { Instance: { '#text': string }[] };
    };
    expect(settings.LicenseKeyPath).toBe('../balancer_lic');
    expect(settings.Instances.Instance.map((instance) => instance['#text'])).toEqual(['127.0.0.11', '127.0.0.12']);
    expect(await readFile(join(dir, 'balancer', 'balancer_lic', 'LAB00002.key'))).toEqual(labLicenseKey('drifted'));
    expect((await readdir(join(dir, 'balancer', 'certs'))).sort()).toEqual(['127.0.0.11_9999.pem', '127.0.0.12_9999.pem']);
    const stale = await readFile(join(dir, 'balancer', 'certs', '127.0.0.12_9999.pem'));
    expect(pemCertificateSha256(stale)).toBe(pemCertificateSha256(Buffer.from(WEB_CERT_PREVIOUS)));
    expect(pemCertificateSha256(stale)).not.toBe(pemCertificateSha256(Buffer.from(WEB_CERT)));
    expect(new X509Certificate(stale).subject).toContain('CN=Lab CyberTrace Web (previous)');
  });

  it('installs Balancer on the first Linux host: its files in that service folder, the unit active', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'ctha-balancer-'));
    const { instances, balancer } = planInstances({
      dir,
      linux: 1,
      windows: 1,
      backend: 'emulated',
      version: '4.4',
      drift: 'none',
      faults: [],
      addressBase: '127.0.0.10',
      readyDelayMs: 0,
    });
    expect(balancer.host).toBe('ct-linux-1');
    const host = await installBalancerOnHost(balancer, instances);
    if (host === undefined) throw new Error('no host');
    const serviceDir = join(host.rootDir, 'opt', 'kaspersky', 'ktfs');
    expect(root(parseXml(await readFile(join(serviceDir, 'bin', 'kl_balancer.conf'))))[0]).toBe('Configuration');
    expect((await readdir(join(serviceDir, 'certs'))).sort()).toEqual(['127.0.0.11_9999.pem', '127.0.0.12_9999.pem']);
    expect(await readBalancerUnit(host)).toBe('active');
    expect(await readBalancerUnit(instances[1] ?? host)).toBeUndefined();
  });
});

describe('Balancer drift in the lab plan', () => {
  it('a list gives Balancer presets to the Balancer: the last instance unlisted, the others with a stale stored certificate; instances keep only their own presets', () => {
    const { instances, balancer } = planInstances({
      dir: '/tmp/x',
      linux: 2,
      windows: 1,
      backend: 'emulated',
      version: '5.1',
      drift: ['feeds', 'balancer-cert-stale', 'balancer-missing-instance', 'balancer-license'],
      faults: [],
      addressBase: '127.0.0.10',
      readyDelayMs: 0,
    });
    expect(instances.map((instance) => instance.drift)).toEqual([[], ['feeds'], ['feeds']]);
    expect(balancer.drift).toEqual([
      { preset: 'balancer-cert-stale', instances: ['ct-linux-2'] },
      { preset: 'balancer-missing-instance', instances: ['ct-win-1'] },
      { preset: 'balancer-license', instances: ['ct-linux-2', 'ct-win-1'] },
    ]);
  });

  it('the default mix leaves the Balancer consistent', () => {
    const { balancer } = planInstances({
      dir: '/tmp/x',
      linux: 2,
      windows: 2,
      backend: 'emulated',
      version: '5.1',
      drift: 'default',
      faults: [],
      addressBase: '127.0.0.10',
      readyDelayMs: 0,
    });
    expect(balancer.drift).toBeUndefined();
  });
});
