// report.pdf's Balancer section (issue 14): each Balancer check with its state and evidence, per instance where it has parts.
import type { Color } from 'pdf-lib';
import type { BalancerCheckState } from '../../../shared/contract/ops/balancer-audit.js';
import type { Evidence } from '../../../shared/report/evidence.js';
import type { Cell, ReportLayout } from './layout.js';
import { COLORS } from './layout.js';

const STATE_CELL: Readonly<Record<BalancerCheckState | 'missing' | 'stale', { text: string; fill: Color }>> = {
  match: { text: 'OK', fill: COLORS.pass },
  drift: { text: 'DRIFT', fill: COLORS.fail },
  stale: { text: 'STALE', fill: COLORS.fail },
  unknown: { text: 'UNKNOWN', fill: COLORS.unknown },
  missing: { text: 'NOT YET', fill: COLORS.unknown },
  'not-applicable': { text: 'N/A', fill: COLORS.engineer },
};

const cell = (state: keyof typeof STATE_CELL): Cell => ({ text: STATE_CELL[state].text, fill: STATE_CELL[state].fill });

/** Lays out the Balancer section: where kl_balancer.conf came from, then one row per check and per instance part. */
export function balancerSection(layout: ReportLayout, evidence: Evidence): void {
  layout.heading('Balancer');
  const balancer = evidence.balancer;
  if (balancer === undefined) {
    layout.paragraph(
      'No kl_balancer.conf was read: the Balancer side (licence, listed instances, stored certificates, service) was not checked.',
    );
    return;
  }
  const { checks } = balancer;
  layout.paragraph(
    `kl_balancer.conf from ${balancer.source}${balancer.confSha256 ? ` (SHA-256 ${balancer.confSha256})` : ''}. ${balancer.hostRead ? 'The Balancer host itself was read.' : 'Only the config was read; the host-side checks are unknown.'}`,
    { size: 8.5 },
  );
  const rows: Cell[][] = [];
  const add = (what: string, state: keyof typeof STATE_CELL, evidenceText: string): void =>
    void rows.push([{ text: what }, cell(state), { text: evidenceText }]);
  add('Same licence key as every instance (REF 3.1, 3.2)', checks.license.state, checks.license.evidence);
  for (const item of checks.license.instances) add(`  ${item.instance}`, item.state, item.evidence);
  add('Every instance listed with its input port (REF 3.3)', checks.listing.state, checks.listing.evidence);
  add('Stored instance certificates (REF 3.6)', checks.storedCerts.state, checks.storedCerts.evidence);
  for (const item of checks.storedCerts.instances) add(`  ${item.instance}${item.file ? ` ${item.file}` : ''}`, item.state, item.evidence);
  add('Alerts port (REF 3.5 step 9)', checks.alerts.state, checks.alerts.evidence);
  add('Service running (REF 3.4)', checks.service.state, checks.service.evidence);
  layout.table(
    [
      { title: 'Check', width: 150 },
      { title: 'State', width: 45 },
      { title: 'Evidence', width: layout.contentWidth - 195 },
    ],
    rows,
    7,
  );
}
