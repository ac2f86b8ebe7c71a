// The Balancer section's checks (issue 14, REFERENCE 3): one derivation from the audit report's facts, used
// by the wizard, `ctha audit`, the evidence and the PDF alike.
import type { AuditReport } from '../contract/ops/audit.js';
import type { BalancerCheckState, BalancerChecks } from '../contract/ops/balancer-audit.js';
import type { AlertsMode } from '../project/schema.js';

type Source = Pick<AuditReport, 'balancer' | 'instances' | 'findings'>;
type Host = NonNullable<NonNullable<AuditReport['balancer']['facts']>['host']>;

/** The worst of several states: drift over unknown over match; not-applicable only when all are. */
export function worstState(states: readonly BalancerCheckState[]): BalancerCheckState {
  if (states.includes('drift')) return 'drift';
  if (states.includes('unknown')) return 'unknown';
  if (states.length > 0 && states.every((state) => state === 'not-applicable')) return 'not-applicable';
  return 'match';
}

const key = (host: string): string => host.trim().toLowerCase();
const digests = (files: readonly { sha256?: string | undefined }[]): string =>
  [...new Set(files.map((file) => file.sha256 ?? '?'))].sort().join(',');
const short = (sha256: string | undefined): string => (sha256 === undefined ? '?' : sha256.slice(0, 12));

function licenseCheck(source: Source, host: Host | undefined): BalancerChecks['license'] {
  if (host === undefined)
    return {
      state: 'unknown',
      evidence:
        'the Balancer host was not read (a local kl_balancer.conf says nothing of its licence): add the Balancer host to the project',
      instances: [],
    };
  const license = host.license;
  if (!license.present) return { state: 'unknown', evidence: license.evidence, instances: [] };
  const mine = digests(license.files);
  const instances = source.instances.map((instance): BalancerChecks['license']['instances'][number] => {
    const dir = instance.facts?.licenseDir;
    if (!instance.audited || dir === undefined)
      return { instance: instance.instance, state: 'unknown', evidence: "the instance's licence folder was not read" };
    if (license.files.length === 0 && dir.keys.length === 0)
      return {
        instance: instance.instance,
        state: 'match',
        evidence: 'no key on either side: Community Edition everywhere (REFERENCE 4.4)',
      };
    const theirs = digests(dir.keys);
    if (theirs === mine)
      return {
        instance: instance.instance,
        state: 'match',
        evidence: `same key file(s) (${dir.keys.map((file) => file.path).join(', ')})`,
      };
    return {
      instance: instance.instance,
      state: 'drift',
      evidence: `Balancer's key(s) ${license.files.map((file) => `${file.name} ${short(file.sha256)}`).join(', ') || '(none: Community Edition)'} differ from the instance's ${dir.keys.map((file) => `${file.path} ${short(file.sha256)}`).join(', ') || '(none)'}: Balancer must use the same licence key file as every instance (REFERENCE 3.1 item 4, 3.2)`,
    };
  });
  const state = worstState(instances.map((instance) => instance.state));
  return { state, evidence: `${license.evidence}; ${license.files.length} key file(s)`, instances };
}

function listingCheck(source: Source): BalancerChecks['listing'] {
  const { facts, portChecks, notInProject } = source.balancer;
  if (facts === undefined) return { state: 'unknown', evidence: 'kl_balancer.conf was not read' };
  const states = portChecks.map((check): BalancerCheckState =>
    check.state === 'match' ? 'match' : check.state === 'unknown' ? 'unknown' : 'drift',
  );
  const wrong = portChecks.filter((check) => check.state !== 'match').map((check) => `${check.instance}: ${check.state}`);
  const extra = notInProject.length > 0 ? [`listed but not in the project: ${notInProject.join(', ')}`] : [];
  const state = worstState([...states, ...(notInProject.length > 0 ? ['drift' as const] : [])]);
  return {
    state,
    evidence:
      state === 'match'
        ? `every instance is listed with its input port as matching_port, and nothing else (${facts.instances.length} Instance elements)`
        : [...wrong, ...extra].join('; '),
  };
}

function storedCertCheck(source: Source, host: Host | undefined): BalancerChecks['storedCerts'] {
  const facts = source.balancer.facts;
  if (facts === undefined) return { state: 'unknown', evidence: 'kl_balancer.conf was not read', instances: [], leftovers: [] };
  if (!facts.others.some((other) => other.name === 'CertDirPath')) {
    return {
      state: 'not-applicable',
      evidence: 'no CertDirPath in kl_balancer.conf: Balancer checks instance certificates only from 4.3 on (REFERENCE 3.1, 3.6)',
      instances: [],
      leftovers: [],
    };
  }
  if (host === undefined)
    return {
      state: 'unknown',
      evidence: 'the Balancer host was not read, so its stored certificates were not seen',
      instances: [],
      leftovers: [],
    };
  const windows = /^[A-Za-z]:/.test(host.balancerDir);
  const same = (a: string, b: string): boolean => (windows ? a.toLowerCase() === b.toLowerCase() : a === b);
  const stored = host.certDir.files;
  const expected = facts.instances.flatMap((entry) =>
    entry.matchingPort === undefined ? [] : [`${entry.host}_${entry.matchingPort}.pem`],
  );
  const project = new Map(source.instances.map((instance) => [instance.instance, instance]));
  const instances = source.balancer.portChecks.map((check): BalancerChecks['storedCerts']['instances'][number] => {
    const entry = facts.instances.find((candidate) => key(candidate.host) === key(check.host) && candidate.matchingPort !== undefined);
    if (entry === undefined || entry.matchingPort === undefined)
      return {
        instance: check.instance,
        state: 'unknown',
        evidence: 'Balancer does not list this instance, so it stores no certificate for it',
      };
    const file = `${entry.host}_${entry.matchingPort}.pem`;
    const web = host.instanceCerts.find((cert) => cert.instance === check.instance);
    const found = stored.find((candidate) => same(candidate.name, file));
    if (!host.certDir.present)
      return {
        instance: check.instance,
        file,
        state: 'missing',
        evidence: `${host.certDir.evidence}: Balancer stores the certificate on first connection (REFERENCE 3.6)`,
      };
    if (found === undefined)
      return {
        instance: check.instance,
        file,
        state: 'missing',
        evidence: `no ${file} in CertDirPath: will be stored on first connection (REFERENCE 3.6)`,
      };
    if (web?.certSha256 === undefined || project.get(check.instance)?.audited === false)
      return {
        instance: check.instance,
        file,
        state: 'unknown',
        evidence: `stored ${file}; the instance's certificate: ${web?.evidence ?? 'not read'}`,
      };
    if (found.certSha256 === undefined)
      return { instance: check.instance, file, state: 'unknown', evidence: `${file} holds no PEM certificate` };
    // Compared as certificates (DER), not file bytes: Balancer writes the copy it received itself.
    if (web.certSha256 === found.certSha256)
      return {
        instance: check.instance,
        file,
        state: 'match',
        evidence: `${file} is the certificate in ${web.path ?? "the instance's HTTPS certificate"} (DER SHA-256 ${short(found.certSha256)})`,
      };
    return {
      instance: check.instance,
      file,
      state: 'stale',
      evidence: `${file} (DER SHA-256 ${short(found.certSha256)}) is not the certificate in ${web.path ?? "the instance's HTTPS certificate"} (${short(web.certSha256)}): Balancer would answer HTTP 500 for this instance (REFERENCE 3.6)`,
    };
  });
  const leftovers = stored.map((file) => file.name).filter((name) => !expected.some((wanted) => same(wanted, name)));
  // An instance Balancer does not list has no stored copy to judge: the listing check reports it.
  const judged = instances.filter((instance) => instance.file !== undefined);
  const state = worstState(
    judged.map((instance): BalancerCheckState =>
      instance.state === 'stale' ? 'drift' : instance.state === 'unknown' ? 'unknown' : 'match',
    ),
  );
  const evidence = `${host.certDir.evidence}${leftovers.length > 0 ? `; left from old addresses or ports (Balancer never deletes them): ${leftovers.join(', ')}` : ''}`;
  return { state, evidence, instances, leftovers };
}

function alertsCheck(source: Source, mode: AlertsMode | undefined): BalancerChecks['alerts'] {
  const target = source.balancer.alertTarget;
  if (mode !== undefined && mode !== 'balancer')
    return {
      state: 'not-applicable',
      evidence: `the project's alerts setting is ${mode}: instances need not send alerts to Balancer`,
      instances: [],
    };
  const instances = source.findings.findings
    .filter((finding) => finding.requirement === 'alerts')
    .map((finding): BalancerChecks['alerts']['instances'][number] => ({
      instance: finding.instance,
      state: finding.status === 'drift' ? 'drift' : finding.status === 'unknown' ? 'unknown' : 'match',
      evidence: finding.detail,
    }));
  const where =
    target.value === undefined
      ? `alert target unknown (${target.evidence})`
      : `Balancer receives alerts on ${target.value.host}:${target.value.cybertracePort} (cybertrace_port)`;
  return {
    state: target.value === undefined ? 'unknown' : worstState(instances.map((instance) => instance.state)),
    evidence: where,
    instances,
  };
}

function serviceCheck(host: Host | undefined): BalancerChecks['service'] {
  if (host === undefined) return { state: 'unknown', evidence: 'the Balancer host was not read' };
  const { service } = host;
  if (service.state === 'running') return { state: 'match', evidence: `${service.name} is running (${service.evidence})` };
  if (service.state === 'stopped')
    return {
      state: 'drift',
      evidence: `${service.name} is not running (${service.evidence}): Balancer forwards nothing until it is started (REFERENCE 3.4)`,
    };
  return { state: 'unknown', evidence: service.evidence };
}

/**
 * The Balancer section of an audit report: the same licence key as every instance, every instance listed
 * with its input port and nothing else, the stored certificates (4.3+), the alerts port, the service.
 * `alertsMode` is the project's alerts setting when known (the alerts check applies only to `balancer`).
 */
export function balancerChecks(source: Source, alertsMode?: AlertsMode): BalancerChecks {
  const host = source.balancer.facts?.host;
  const checks = {
    license: licenseCheck(source, host),
    listing: listingCheck(source),
    storedCerts: storedCertCheck(source, host),
    alerts: alertsCheck(source, alertsMode),
    service: serviceCheck(host),
  };
  const worst = worstState(Object.values(checks).map((check) => check.state));
  return { verdict: worst === 'drift' ? 'drift' : worst === 'unknown' ? 'unknown' : 'consistent', ...checks };
}
