import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { balancerAlertTarget } from '../../../engine/cybertrace/balancer/alert-target.js';
import { parseBalancerConf } from '../../../engine/cybertrace/balancer/parse-balancer-conf.js';
import { checkInputPorts } from '../../../engine/cybertrace/balancer/port-checks.js';
import { readBalancerFile } from '../../../engine/cybertrace/balancer/read-balancer.js';
import { renderBalancerConf } from '../../../lab/trees/balancer-conf.js';

const LAB_CONF = renderBalancerConf({ address: '127.0.93.10', matchingPort: 9999, apiPort: 8443, cybertracePort: 9998 }, [
  { address: '127.0.93.11', inputPort: 9999 },
  { address: '127.0.93.12', inputPort: 9995 },
]);

describe('parseBalancerConf', () => {
  it("reads the lab's kl_balancer.conf: Balancer, its four attributes, the instances and every other element", () => {
    const facts = parseBalancerConf(Buffer.from(LAB_CONF), '/lab/bin/kl_balancer.conf');
    expect(facts.root).toBe('Configuration');
    expect(facts.balancer).toMatchObject({
      address: '127.0.93.10',
      matchingPort: 9999,
      apiPort: 8443,
      cybertracePort: 9998,
      scannersCount: 10,
    });
    expect(facts.instances).toEqual([
      { host: '127.0.93.11', matchingPort: 9999, attributes: { matching_port: '9999' } },
      { host: '127.0.93.12', matchingPort: 9995, attributes: { matching_port: '9995' } },
    ]);
    expect(facts.others.map((other) => other.name)).toEqual(['SSLCertificatePath', 'SSLPrivateKeyPath', 'LicenseKeyPath', 'CertDirPath']);
    expect(facts.others.find((other) => other.name === 'CertDirPath')?.text).toBe('../certs');
    expect(facts.problems).toEqual([]);
    expect(facts.sha256).toMatch(/^[0-9a-f]{64}$/);
  });

  it('lists missing and out-of-range attributes as problems, keeping what it could read', () => {
    const conf = `<Cfg>\r\n\t<Balancer matching_port='9999' api_port="0" scanners_count="101">ct-balancer</Balancer>\r\n\t<Instances><Instance matching_port="x">a</Instance><Instance/></Instances>\r\n</Cfg>`;
    const facts = parseBalancerConf(Buffer.from(conf), 'x.conf');
    expect(facts.balancer).toMatchObject({ address: 'ct-balancer', matchingPort: 9999 });
    expect(facts.balancer.apiPort).toBeUndefined();
    expect(facts.problems).toEqual([
      'Balancer@api_port is "0", expected an integer 1-65535',
      'Balancer@cybertrace_port is missing (mandatory)',
      'Balancer@scanners_count is "101", expected an integer 1-100',
      'Instance a: matching_port is "x", expected an integer 1-65535',
      'Instance 2 has no host',
      'Instance 2: matching_port is missing',
    ]);
  });

  it('refuses a DOCTYPE and a file without a Balancer element, and leaves the file as it was', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ctha-balancer-'));
    const path = join(dir, 'kl_balancer.conf');
    const hostile = `<?xml version="1.0"?>\n<!DOCTYPE x [<!ENTITY a "b">]>\n${LAB_CONF.split('\n').slice(2).join('\n')}`;
    writeFileSync(path, hostile);
    const reading = await readBalancerFile(path);
    expect(reading.ok).toBe(false);
    expect(!reading.ok && reading.error).toMatch(/DOCTYPE/);
    expect(readFileSync(path, 'utf8')).toBe(hostile);
    writeFileSync(path, '<Settings><EULA>accepted</EULA></Settings>');
    const wrong = await readBalancerFile(path);
    expect(!wrong.ok && wrong.error).toMatch(/no Settings\/Balancer element/);
    const missing = await readBalancerFile(join(dir, 'none.conf'));
    expect(!missing.ok && missing.error).toMatch(/ENOENT/);
  });
});

describe('checkInputPorts', () => {
  const facts = parseBalancerConf(Buffer.from(LAB_CONF), 'b.conf');
  it('compares each instance input port with Instance@matching_port for its host', () => {
    const { checks, notInProject } = checkInputPorts(
      [
        { name: 'one', host: '127.0.93.11' },
        { name: 'two', host: '127.0.93.12' },
        { name: 'three', host: 'ct-3.example' },
        { name: 'four', host: '127.0.93.11' },
      ],
      { ...facts, instances: [...facts.instances, { host: '127.0.93.99', matchingPort: 9999, attributes: {} }] },
      new Map([
        ['one', { port: 9999, evidence: 'ConnectionString 0.0.0.0:9999' }],
        ['two', { port: 9999, evidence: 'ConnectionString 0.0.0.0:9999' }],
        ['three', { port: 9999, evidence: 'ConnectionString 0.0.0.0:9999' }],
        ['four', { evidence: 'kl_feed_service.conf could not be read' }],
      ]),
    );
    expect(checks.map((check) => [check.instance, check.state, check.balancerPort, check.inputPort])).toEqual([
      ['one', 'match', 9999, 9999],
      ['two', 'mismatch', 9995, 9999],
      ['three', 'not-listed', undefined, 9999],
      ['four', 'unknown', 9999, undefined],
    ]);
    expect(checks[3]?.evidence).toMatch(/could not be read/);
    expect(notInProject).toEqual(['127.0.93.99']);
  });
});

describe('balancerAlertTarget', () => {
  const facts = parseBalancerConf(Buffer.from(LAB_CONF), 'b.conf');
  it("uses Balancer's address and cybertrace_port, the project's host when Balancer listens everywhere, and nothing otherwise", () => {
    expect(balancerAlertTarget(facts, undefined).value).toEqual({ host: '127.0.93.10', cybertracePort: 9998 });
    const wildcard = { ...facts, balancer: { ...facts.balancer, address: '0.0.0.0' } };
    expect(balancerAlertTarget(wildcard, 'balancer.example').value).toEqual({ host: 'balancer.example', cybertracePort: 9998 });
    expect(balancerAlertTarget(wildcard, undefined)).toEqual({ evidence: expect.stringMatching(/listens on 0\.0\.0\.0/) as string });
    const noPort = { ...facts.balancer };
    delete noPort.cybertracePort;
    expect(balancerAlertTarget({ ...facts, balancer: noPort }, 'x').value).toBeUndefined();
  });
});
