// Typed evidence input for tests and the benchmark: N instances x all requirements, changes, probes,
// pre-checks and transcript entries shaped like a real run's. Real pre-check results and transcript
// come from a lab run in bundle.test.ts; this fills in what other steps (audit, apply, probe) will produce.
import { createHash } from 'node:crypto';
import type { EvidenceInputDraft } from '../../../shared/report/evidence.js';
import type { EvidenceFinding } from '../../../shared/report/finding.js';
import { REQUIREMENT_IDS } from '../../../shared/requirements/ids.js';

const hash = (text: string): string => createHash('sha256').update(text).digest('hex');

/** Options of the synthetic evidence. */
export interface SyntheticOptions {
  readonly instances: number;
  readonly engineer?: string;
  /** Instance index whose req6 finding is drift (to get a failing verdict). */
  readonly driftAt?: number;
  /** Remote operations recorded per instance (default 2; a real commissioning run records dozens). */
  readonly transcriptPerInstance?: number;
}

/** Builds an evidence input with every collection filled. */
export function syntheticEvidence(options: SyntheticOptions): EvidenceInputDraft {
  const names = Array.from({ length: options.instances }, (_, index) =>
    index % 2 === 0 ? `ct-linux-${index + 1}` : `CT-WIN-${index + 1}`,
  );
  const start = Date.parse('2026-11-28T08:00:00.000Z');
  const at = (seconds: number): string => new Date(start + seconds * 1000).toISOString();
  const findings: EvidenceFinding[] = names.flatMap((instance, index) =>
    REQUIREMENT_IDS.map((requirement): EvidenceFinding => {
      if (requirement === 'req3')
        return {
          requirement,
          instance,
          status: 'attested',
          observed: { feeds: ['osint-1', 'custom-ioc'] },
          expected: { feeds: ['osint-1', 'custom-ioc'] },
          verifiedBy: 'engineer',
          detail: 'indicators attested by the engineer',
        };
      const drift = options.driftAt === index && requirement === 'req6';
      return {
        requirement,
        instance,
        status: drift ? 'drift' : 'match',
        observed:
          requirement === 'req6'
            ? { name: 'REQ', regex: drift ? '^(\\d+)' : '^(\\d+)\\s', type: 'CONTEXT' }
            : { sha256: hash(`${requirement}`) },
        expected: requirement === 'req6' ? { name: 'REQ', regex: '^(\\d+)\\s', type: 'CONTEXT' } : { sha256: hash(`${requirement}`) },
        verifiedBy: 'tool',
        ...(drift ? { detail: 'regex differs from the reference' } : {}),
      };
    }),
  );
  return {
    evidenceFormatVersion: 1,
    engineer: { name: options.engineer ?? 'Jane Engineer' },
    cluster: {
      name: 'acme-ha',
      referenceInstance: names[0] as string,
      reqRuleName: 'REQ',
      projectSha256: hash('project'),
      balancer: { name: 'balancer', host: '127.0.105.1', port: 22 },
    },
    instances: names.map((name, index) => ({
      name,
      host: `127.0.105.${10 + (index % 200)}`,
      port: 2200 + index,
      os: index % 2 === 0 ? 'linux' : 'windows',
      user: 'ctlab',
      serviceDir: index % 2 === 0 ? '/opt/kaspersky/ksp' : 'C:\\Program Files\\Kaspersky Lab\\Kaspersky CyberTrace',
      cybertraceVersion: index % 2 === 0 ? '5.1' : '4.4',
    })),
    times: { startedAt: at(0), finishedAt: at(600) },
    hostKeys: names.map((_, index) => ({
      host: `127.0.105.${10 + (index % 200)}`,
      port: 2200 + index,
      type: 'ssh-ed25519',
      fingerprint: `SHA256:${Buffer.from(hash(`key${index}`), 'hex')
        .toString('base64')
        .slice(0, 43)}`,
    })),
    prechecks: names.flatMap((instance) => [
      { check: 'reachable' as const, instance, status: 'pass' as const, severity: 'blocker' as const, evidence: 'port 22 open' },
      { check: 'clock-skew' as const, instance, status: 'pass' as const, severity: 'warning' as const, evidence: 'skew 0.2 s' },
    ]),
    findings,
    changes: names.map((instance, index) => ({
      instance,
      path:
        index % 2 === 0
          ? '/opt/kaspersky/ksp/etc/kl_feed_service.conf'
          : 'C:\\Program Files\\Kaspersky Lab\\Kaspersky CyberTrace\\etc\\kl_feed_service.conf',
      kind: 'edit' as const,
      requirements: ['req7' as const, 'req8' as const],
      beforeSha256: hash(`before${index}`),
      afterSha256: hash(`after${index}`),
      backupPath:
        index % 2 === 0
          ? `/opt/kaspersky/ksp/etc/kl_feed_service.conf.ctha-20261128T0805Z.bak`
          : `C:\\Program Files\\Kaspersky Lab\\Kaspersky CyberTrace\\etc\\kl_feed_service.conf.ctha-20261128T0805Z.bak`,
      outcome: 'applied' as const,
      at: at(300 + index),
    })),
    probes: names.map((instance, index) => ({
      instance,
      target: `127.0.105.${10 + (index % 200)}:9999`,
      status: 'pass' as const,
      at: at(500 + index),
      pingMs: 3 + (index % 5),
      lookupMs: 40 + (index % 17),
      eventId: String(1000 + index),
      detail: `PONG, then ${1000 + index} LookupFinished`,
    })),
    attestations: names.map((instance) => ({
      requirement: 'req3' as const,
      instance,
      note: 'FalsePositive and InternalTI indicators compared in CyberTrace Web: identical',
      engineer: options.engineer ?? 'Jane Engineer',
      date: at(400),
    })),
    waivers: [],
    transcript: names.flatMap((instance, index) => {
      const target = `127.0.105.${10 + (index % 200)}:${2200 + index}`;
      const connect = {
        instance,
        target,
        kind: 'connect' as const,
        op: 'connect' as const,
        startedAt: at(1),
        durationMs: 40,
        bytesIn: 0,
        bytesOut: 0,
        note: 'auth password',
      };
      const commands = Array.from({ length: Math.max(1, (options.transcriptPerInstance ?? 2) - 1) }, (_, step) => ({
        instance,
        target,
        kind: 'exec' as const,
        op: 'exec' as const,
        command:
          step % 2 === 0
            ? 'systemctl is-active cybertrace.service'
            : `sha256sum -- '/opt/kaspersky/ksp/etc/kl_feed_service.conf' '/opt/kaspersky/ksp/etc/kl_feed_util.conf'`,
        exitCode: 0,
        startedAt: at(2 + step),
        durationMs: 12,
        bytesIn: 7,
        bytesOut: 0,
      }));
      return [connect, ...commands];
    }),
  };
}
