import type { AuditReport } from '../../shared/contract/ops/audit.js';
import { FINDING_STATUSES } from '../../shared/requirements/finding.js';
import { formatDuration } from '../wizard/format-duration.js';
import { FINDING_LABELS } from './finding-labels.js';

const VERDICT_TEXT: Readonly<Record<AuditReport['verdict'], string>> = {
  consistent: 'Consistent: every requirement matches the reference, or is attested or waived, on every instance.',
  drift: 'Drift: some instances differ from the reference.',
  unknown: 'Incomplete: some findings could not be established (no drift among the rest).',
};

/** The audit's one-line verdict with the count of each status and when it ran. */
export function AuditVerdict({ report }: { readonly report: AuditReport }) {
  const ms = Date.parse(report.finishedAt) - Date.parse(report.startedAt);
  return (
    <div className={`verdict verdict-${report.verdict}`} data-testid="audit-verdict" data-verdict={report.verdict}>
      <div className="verdict-line">{VERDICT_TEXT[report.verdict]}</div>
      <div className="small">
        {FINDING_STATUSES.map((status) => `${FINDING_LABELS[status].toLowerCase()} ${report.counts[status]}`).join(' · ')}
        {' — '}reference {report.referenceInstance}; finished {report.finishedAt}
        {Number.isFinite(ms) ? ` in ${formatDuration(ms)}` : ''}; {report.transcript.length} remote operation(s) recorded
      </div>
    </div>
  );
}
