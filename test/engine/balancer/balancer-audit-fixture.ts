// A sample audit report with a Balancer read over SSH, for tests of the Balancer section's derivation and views.
import type { AuditReport, BalancerHostFacts } from '../../../shared/contract/ops/audit.js';
import { sampleAuditReport } from '../../renderer/samples/audit-sample.js';

const SHA = (c: string): string => c.repeat(64);
const KEY = { path: '/opt/kaspersky/ktfs/httpsrv/lic/LAB00001.key', present: true, size: 300, sha256: SHA('a') };

/** The sample audit with a Balancer read over SSH that lists ct1 and ct2; `host` patches the Balancer host's facts. */
export function auditWithBalancer(host: Partial<BalancerHostFacts> = {}): AuditReport {
  const audit = sampleAuditReport();
  const instances = audit.instances.map((instance) =>
    instance.facts
      ? { ...instance, facts: { ...instance.facts, licenseDir: { path: '/opt/kaspersky/ktfs/httpsrv/lic', present: true, keys: [KEY] } } }
      : instance,
  );
  const hosts = audit.instances.map((instance, index) => ({ name: instance.instance, host: `10.0.0.${11 + index}` }));
  const baseHost: BalancerHostFacts = {
    balancerDir: '/opt/kaspersky/ktfs',
    service: { name: 'cybertrace_balancer.service', state: 'running', evidence: 'systemctl is-active: exit 0 (active)' },
    license: {
      source: 'LicenseKeyPath',
      written: '../httpsrv/lic',
      path: '/opt/kaspersky/ktfs/httpsrv/lic',
      present: true,
      files: [{ name: 'LAB00001.key', size: 300, sha256: SHA('a') }],
      evidence: 'LicenseKeyPath holds 1 key',
    },
    certDir: {
      source: 'CertDirPath',
      written: '../certs',
      path: '/opt/kaspersky/ktfs/certs',
      present: true,
      files: [
        { name: `${hosts[0]?.host}_9999.pem`, size: 700, sha256: SHA('1'), certSha256: SHA('c') },
        { name: '10.9.9.9_9999.pem', size: 700, sha256: SHA('2'), certSha256: SHA('c') },
      ],
      evidence: 'CertDirPath ../certs resolves to /opt/kaspersky/ktfs/certs: 2 stored instance certificates (*.pem)',
    },
    sslCertificate: {
      written: '../httpsrv/kl_feed_service_cert.pem',
      path: '/opt/kaspersky/ktfs/httpsrv/kl_feed_service_cert.pem',
      present: true,
      sha256: SHA('3'),
      evidence: 'ok',
    },
    sslPrivateKey: { written: '../httpsrv/kl_feed_service_private.pem', present: true, evidence: 'present' },
    instanceCerts: hosts.map((entry) => ({
      instance: entry.name,
      path: '/opt/kaspersky/ktfs/httpsrv/kl_feed_service_cert.pem',
      sha256: SHA('4'),
      certSha256: SHA('c'),
      evidence: 'read',
    })),
    ...host,
  };
  return {
    ...audit,
    instances,
    balancer: {
      source: 'balancer:/opt/kaspersky/ktfs/bin/kl_balancer.conf',
      facts: {
        source: 'balancer:/opt/kaspersky/ktfs/bin/kl_balancer.conf',
        sha256: SHA('b'),
        root: 'Configuration',
        balancer: { address: '10.0.0.10', matchingPort: 9999, apiPort: 8443, cybertracePort: 9998, attributes: {} },
        instances: hosts.map((entry) => ({ host: entry.host, matchingPort: 9999, attributes: { matching_port: '9999' } })),
        others: [{ name: 'CertDirPath', attributes: {}, text: '../certs' }],
        problems: [],
        host: baseHost,
      },
      alertTarget: { value: { host: '10.0.0.10', cybertracePort: 9998 }, evidence: 'Balancer 10.0.0.10' },
      portChecks: hosts.map((entry) => ({
        instance: entry.name,
        host: entry.host,
        state: 'match' as const,
        balancerPort: 9999,
        inputPort: 9999,
        evidence: 'same port',
      })),
      notInProject: [],
    },
  };
}
