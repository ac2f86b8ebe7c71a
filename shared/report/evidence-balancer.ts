// evidence.json's Balancer section (issue 14): where kl_balancer.conf was read and the Balancer checks.
import { z } from 'zod';
import type { AuditReport } from '../contract/ops/audit.js';
import { BalancerChecksSchema } from '../contract/ops/balancer-audit.js';
import type { BalancerChecks } from '../contract/ops/balancer-audit.js';
import type { AlertsMode } from '../project/schema.js';
import { balancerChecks } from './balancer-checks.js';
import { Sha256HexSchema } from './evidence-values.js';

/** The Balancer as the audit found it: the config's source and digest, whether its host was read, and the checks. */
export const EvidenceBalancerSchema = z.strictObject({
  /** A local path, or `name:path` on the Balancer host. */
  source: z.string().min(1),
  /** SHA-256 of kl_balancer.conf's bytes, when it was read. */
  confSha256: Sha256HexSchema.optional(),
  /** True when the Balancer host itself was read (licence, stored certificates, service), not only a copy of its config. */
  hostRead: z.boolean(),
  checks: BalancerChecksSchema,
});

/** The evidence's Balancer section. */
export type EvidenceBalancer = z.output<typeof EvidenceBalancerSchema>;

/** The Balancer section of an audit, or undefined when the audit read no kl_balancer.conf at all. */
export function evidenceBalancer(
  audit: Pick<AuditReport, 'balancer' | 'instances' | 'findings'> | undefined,
  alertsMode?: AlertsMode,
): EvidenceBalancer | undefined {
  const source = audit?.balancer.source ?? audit?.balancer.facts?.source;
  if (audit === undefined || source === undefined) return undefined;
  const facts = audit.balancer.facts;
  return {
    source,
    ...(facts ? { confSha256: facts.sha256 } : {}),
    hostRead: facts?.host !== undefined,
    checks: balancerChecks(audit, alertsMode),
  };
}

// The alerts check is left out: its per-instance findings are the evidence's own findings, counted there.
const LABELS: Readonly<Record<Exclude<keyof BalancerChecks, 'verdict' | 'alerts'>, string>> = {
  license: 'licence key',
  listing: 'instances listed',
  storedCerts: 'stored instance certificates',
  service: 'service',
};

/**
 * What the Balancer section adds to a verdict: every drifting check is a failure; when the host was read,
 * a check that could not be shown is a gap (without the host, only the config's listing counts). The
 * alerts check adds nothing: its findings already count.
 */
export function balancerVerdictItems(balancer: EvidenceBalancer | undefined): { failures: string[]; gaps: string[] } {
  const failures: string[] = [];
  const gaps: string[] = [];
  if (balancer === undefined) return { failures, gaps };
  const { checks } = balancer;
  // Where a check has per-instance parts, each drifting part is its own reason, naming the instance.
  const parts: Partial<Record<keyof typeof LABELS, readonly { instance: string; evidence: string; drift: boolean }[]>> = {
    license: checks.license.instances.map((item) => ({ instance: item.instance, evidence: item.evidence, drift: item.state === 'drift' })),
    storedCerts: checks.storedCerts.instances.map((item) => ({
      instance: item.instance,
      evidence: item.evidence,
      drift: item.state === 'stale',
    })),
  };
  for (const [key, label] of Object.entries(LABELS) as [keyof typeof LABELS, string][]) {
    const check = checks[key];
    const drifting = (parts[key] ?? []).filter((part) => part.drift);
    if (check.state === 'drift' && drifting.length > 0)
      failures.push(...drifting.map((part) => `Balancer ${label} on ${part.instance}: ${part.evidence}`));
    else if (check.state === 'drift') failures.push(`Balancer ${label}: ${check.evidence}`);
    const hostOnly = key !== 'listing';
    if (check.state === 'unknown' && (balancer.hostRead || !hostOnly))
      gaps.push(`Balancer ${label}: could not be established (${check.evidence})`);
  }
  return { failures, gaps };
}
