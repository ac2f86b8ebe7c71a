// The Balancer section as plain lines, for `ctha audit` and any other text output.
import type { AuditReport } from '../contract/ops/audit.js';
import type { BalancerCheckState } from '../contract/ops/balancer-audit.js';
import type { AlertsMode } from '../project/schema.js';
import { balancerChecks } from './balancer-checks.js';

const WORD: Readonly<Record<BalancerCheckState, string>> = { match: 'OK', drift: 'DRIFT', unknown: 'UNKNOWN', 'not-applicable': 'n/a' };

/** The Balancer checks as lines: one per check with its evidence, then one per instance that is not OK, then leftovers. */
export function balancerSectionLines(report: Pick<AuditReport, 'balancer' | 'instances' | 'findings'>, alertsMode?: AlertsMode): string[] {
  const checks = balancerChecks(report, alertsMode);
  const lines = [`Balancer checks: ${checks.verdict}`];
  const row = (label: string, state: BalancerCheckState, evidence: string): void =>
    void lines.push(`  ${label.padEnd(20)} ${WORD[state].padEnd(7)} ${evidence}`);
  row('licence key', checks.license.state, checks.license.evidence);
  for (const item of checks.license.instances.filter((entry) => entry.state !== 'match'))
    lines.push(`    ${item.instance}: ${WORD[item.state]} ${item.evidence}`);
  row('instances listed', checks.listing.state, checks.listing.evidence);
  row('stored certificates', checks.storedCerts.state, checks.storedCerts.evidence);
  for (const item of checks.storedCerts.instances.filter((entry) => entry.state !== 'match'))
    lines.push(`    ${item.instance}: ${item.state.toUpperCase()} ${item.evidence}`);
  row('alerts port', checks.alerts.state, checks.alerts.evidence);
  for (const item of checks.alerts.instances.filter((entry) => entry.state !== 'match'))
    lines.push(`    ${item.instance}: ${WORD[item.state]} ${item.evidence}`);
  row('service', checks.service.state, checks.service.evidence);
  return lines;
}
