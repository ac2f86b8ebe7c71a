import type { AuditReport, DiscoveryFacts } from '../../../shared/contract/ops/audit.js';
import type { Finding, FindingStatus } from '../../../shared/requirements/finding.js';
import type { RequirementId } from '../../../shared/requirements/ids.js';
import { REQUIREMENT_IDS } from '../../../shared/requirements/ids.js';
import type { JsonValue } from '../../../shared/requirements/json.js';

const SHA_A = 'a'.repeat(64);
const SHA_B = 'b'.repeat(64);

/** What sampleAuditReport puts in one cell: the status and, for drift/unknown, the values and the reason. */
interface Cell {
  readonly status: FindingStatus;
  readonly observed?: JsonValue | null;
  readonly detail?: string;
}

const FINISHED: Readonly<Record<RequirementId, JsonValue>> = {
  req1: { certFile: '/opt/kaspersky/ktfs/etc/feeds.pem', fingerprint: 'AB:CD', basis: 'x509-der' },
  req2: { feeds: ['Demo_Botnet_CnC_URL'] },
  req3: { feeds: [] },
  req4: { community: false, digest: SHA_A },
  req5: { tasks: [] },
  req6: { rules: [{ source: null, type: 'CONTEXT', regex: '^(\\d+)\\s', attributes: {} }] },
  req7: { formats: { EventFormat: '%REQ% category=%Category%' } },
  req8: { enabled: 'true', text: '%REQ% LookupFinished' },
  alerts: null,
};

/**
 * An audit of the two-instance sample project (ct1 the reference, ct2): ct2 drifts on requirements 6
 * and 8, requirement 3 is unknown on both (indicators need a spot check or attestation), alerts unknown
 * without a Balancer; groups follow the values.
 */
export function sampleAuditReport(drift: Partial<Record<RequirementId, Cell>> = defaultDrift()): AuditReport {
  const instances = ['ct1', 'ct2'];
  const findings: Finding[] = [];
  const requirements: AuditReport['findings']['requirements'] = [];
  for (const requirement of REQUIREMENT_IDS) {
    const referenceValue = requirement === 'alerts' ? null : FINISHED[requirement];
    for (const instance of instances) {
      const cell: Cell = instance === 'ct1' ? referenceCell(requirement) : (drift[requirement] ?? referenceCell(requirement));
      const observed = cell.observed === undefined ? referenceValue : cell.observed;
      findings.push({
        requirement,
        instance,
        isReference: instance === 'ct1',
        status: cell.status,
        compared: cell.status === 'drift' ? 'drift' : cell.status === 'match' ? 'match' : 'unknown',
        observed,
        reference: referenceValue,
        detail: cell.detail ?? (instance === 'ct1' ? 'reference instance' : 'same as the reference'),
        evidence:
          observed === null ? [] : [{ path: '/opt/kaspersky/ktfs/etc/kl_feed_service.conf', sha256: instance === 'ct1' ? SHA_A : SHA_B }],
        verifiedBy: 'tool',
      });
    }
    const mine = findings.filter((finding) => finding.requirement === requirement);
    const unread = mine.filter((finding) => finding.observed === null).map((finding) => finding.instance);
    const read = mine.filter((finding) => finding.observed !== null);
    const groups: AuditReport['findings']['requirements'][number]['groups'] = [];
    for (const finding of read) {
      const key = JSON.stringify(finding.observed);
      const group = groups.find((entry) => entry.key === key);
      if (group) group.instances.push(finding.instance);
      else groups.push({ key, value: finding.observed, instances: [finding.instance], includesReference: finding.instance === 'ct1' });
    }
    if (unread.length > 0) groups.push({ key: 'unknown', value: null, instances: unread, includesReference: unread.includes('ct1') });
    requirements.push({ requirement, groups });
  }
  const counts = { match: 0, drift: 0, unknown: 0, attested: 0, waived: 0 };
  for (const finding of findings) counts[finding.status] += 1;
  return {
    project: 'Customer cluster',
    referenceInstance: 'ct1',
    verdict: counts.drift > 0 ? 'drift' : counts.unknown > 0 ? 'unknown' : 'consistent',
    counts,
    startedAt: '2025-05-01T10:00:00.000Z',
    finishedAt: '2025-05-01T10:00:02.500Z',
    findings: { referenceInstance: 'ct1', evaluatedAt: '2025-05-01T10:00:02.400Z', findings, requirements },
    instances: [
      {
        instance: 'ct1',
        audited: true,
        facts: facts('ct1', 'linux'),
        refusedFiles: [],
        inputPort: { port: 9999, evidence: 'InputSettings/ConnectionString 0.0.0.0:9999' },
      },
      {
        instance: 'ct2',
        audited: true,
        facts: facts('ct2', 'windows'),
        refusedFiles: [],
        inputPort: { evidence: 'ConnectionString has no port' },
      },
    ],
    balancer: { alertTarget: { evidence: 'no Balancer in the project and no kl_balancer.conf given' }, portChecks: [], notInProject: [] },
    transcript: [
      {
        instance: 'ct1',
        target: '10.0.0.11:22',
        kind: 'exec',
        op: 'exec',
        command: 'uname -s',
        exitCode: 0,
        startedAt: '2025-05-01T10:00:00.100Z',
        durationMs: 12,
        bytesIn: 6,
        bytesOut: 0,
      },
    ],
  };
}

/** The default drift of the sample: requirements 6 and 8 differ on ct2, 3 and alerts cannot be read. */
export function defaultDrift(): Partial<Record<RequirementId, Cell>> {
  return {
    req6: { status: 'drift', observed: { rules: [] }, detail: 'no REQ rule' },
    req8: { status: 'drift', observed: { enabled: 'false', text: '' }, detail: 'FinishedEventFormat disabled' },
  };
}

function referenceCell(requirement: RequirementId): Cell {
  if (requirement === 'req3') return { status: 'unknown', detail: 'indicators need a REST spot check or an attestation' };
  if (requirement === 'alerts') return { status: 'unknown', observed: null, detail: 'Balancer unknown: no kl_balancer.conf was read' };
  return { status: 'match' };
}

function facts(instance: string, os: 'linux' | 'windows'): DiscoveryFacts {
  const dir = os === 'linux' ? '/opt/kaspersky/ktfs' : 'C:\\Program Files\\Kaspersky Lab\\Kaspersky CyberTrace';
  return {
    instance,
    os,
    system: os === 'linux' ? 'Linux' : 'Windows Server 2019',
    shell: os === 'linux' ? 'posix-sh' : 'cmd',
    privilege: { detected: os === 'linux' ? 'sudo' : 'administrator', matches: true, detail: 'as declared' },
    serviceDir: { value: dir, source: 'probed', evidence: 'found kl_feed_service.conf under it' },
    serviceConf: { path: `${dir}/etc/kl_feed_service.conf`, present: true, size: 4096, sha256: SHA_A },
    certificate: { certFile: `${dir}/etc/feeds.pem`, evidence: 'CertFile in kl_feed_util.conf' },
    serviceControl: {
      method: os === 'linux' ? 'systemctl' : 'sc',
      evidence: [os === 'linux' ? 'systemctl cat cybertrace.service' : 'sc.exe query cybertrace'],
    },
    layout: { value: '4.x', evidence: 'General tenant at the top level' },
    version: { evidence: 'the host does not state the version' },
  };
}
