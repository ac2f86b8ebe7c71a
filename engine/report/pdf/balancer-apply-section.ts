// report.pdf's "Balancer changes" (issue 14): each apply's Balancer part as the apply report gave it: the
// outcome, the stop/copy/start/matching_port steps, every file with its digests and backup, a rollback.
import type { BalancerApplyRecord, BalancerFileRecord } from '../../../shared/report/balancer-apply-record.js';
import { BUNDLE_FILES } from '../../../shared/report/bundle-files.js';
import type { Evidence } from '../../../shared/report/evidence.js';
import type { Cell, ReportLayout } from './layout.js';
import { COLORS } from './layout.js';

const SETTLED: ReadonlySet<BalancerApplyRecord['outcome']> = new Set(['applied', 'nothing', 'skipped']);

const short = (hash: string | null): string => (hash === null ? '(none)' : `${hash.slice(0, 16)}...`);

/** Lays out what each apply did on the Balancer, after the instances' changes; one sentence when no apply had a Balancer part. */
export function balancerApplySection(layout: ReportLayout, evidence: Evidence): void {
  layout.heading('Balancer changes');
  const records = evidence.balancerApplies ?? [];
  if (records.length === 0) {
    layout.paragraph('No apply given to this report changed the Balancer.');
    return;
  }
  for (const record of records) {
    layout.paragraph(
      `Apply of the plan made ${record.planCreatedAt} on ${record.host}, ${record.at}: ${record.outcome.toUpperCase()}: ${record.message}`,
      { size: 8.5, font: layout.fonts.bold, ...(SETTLED.has(record.outcome) ? {} : { color: COLORS.fail }) },
    );
    if (record.resumed !== undefined) {
      layout.paragraph(`An earlier apply's unfinished Balancer step was ${record.resumed.outcome}: ${record.resumed.message}`, {
        size: 8,
        indent: 8,
      });
      files(layout, record.resumed.files);
      steps(layout, record.resumed.steps);
    }
    files(layout, record.files);
    steps(layout, record.steps);
  }
  layout.paragraph(`Full SHA-256 values and every step are in ${BUNDLE_FILES.evidence} (balancerApplies).`, {
    size: 7,
    color: COLORS.muted,
  });
}

function files(layout: ReportLayout, list: readonly BalancerFileRecord[]): void {
  if (list.length === 0) return;
  layout.table(
    [
      { title: 'File (change)', width: 170 },
      { title: 'SHA-256 before / after', width: 108, mono: true },
      { title: 'Backup', width: 130 },
      { title: 'State', width: layout.contentWidth - 408 },
    ],
    list.map((file): Cell[] => [
      { text: `${file.path}${file.change === undefined ? '' : ` (${file.change})`}` },
      { text: `${short(file.beforeSha256)} ${short(file.afterSha256)}` },
      { text: file.backupPath ?? '(none)' },
      { text: file.status, ...(file.status === 'written' ? {} : { fill: COLORS.unknown }) },
    ]),
    7,
  );
}

function steps(layout: ReportLayout, list: readonly string[]): void {
  for (const step of list) layout.paragraph(`- ${step}`, { size: 7.5, indent: 8 });
}
