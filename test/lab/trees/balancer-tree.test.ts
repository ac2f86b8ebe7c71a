import { X509Certificate } from 'node:crypto';
import { mkdtemp, readFile, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { generateBalancerTree } from '../../../lab/trees/balancer-tree.js';
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
      Balancer: { '#text': '127.0.0.10', '@matching_port': '9999', '@api_port': '8443', '@cybertrace_port': '9998', '@scanners_count': '10' },
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
});
