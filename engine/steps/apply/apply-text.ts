// The apply report for people: one block per instance with its outcome, files, backups and failed steps.
import type { ApplyReport, InstanceApplyResult } from '../../../shared/plan/apply-report.js';

const MARK: Record<InstanceApplyResult['outcome'], string> = {
  applied: 'APPLIED',
  unchanged: 'UNCHANGED',
  refused: 'REFUSED',
  'rolled-back': 'ROLLED BACK',
  failed: 'FAILED',
  skipped: 'SKIPPED',
  interrupted: 'INTERRUPTED',
};

/** The report as text lines, for the CLI. */
export function applyText(report: ApplyReport): string[] {
  const lines: string[] = [
    `Apply of the plan made ${report.planCreatedAt} (${report.planSource}), ${report.mode}, ${report.durationMs} ms`,
  ];
  for (const result of report.instances) {
    lines.push('', `${MARK[result.outcome].padEnd(12)} ${result.instance}: ${result.message}`);
    if (result.resumed)
      lines.push(`  resumed an interrupted apply (${result.resumed.journalState}): ${result.resumed.outcome}: ${result.resumed.message}`);
    for (const file of result.files) {
      if (file.status === 'not-written' && result.outcome !== 'failed') continue;
      const backup = file.backupPath ? `, backup ${file.backupPath}` : file.original === 'absent' ? ', new file (nothing to back up)' : '';
      lines.push(`  ${file.status.padEnd(11)} ${file.path}${file.newPath ? ` -> ${file.newPath}` : ''}${backup}`);
    }
    for (const step of result.steps)
      if (step.status === 'failed') lines.push(`  step ${step.step} failed${step.file ? ` (${step.file})` : ''}: ${step.detail ?? ''}`);
  }
  const counts = Object.entries(report.summary)
    .filter(([, count]) => count > 0)
    .map(([outcome, count]) => `${count} ${outcome}`);
  lines.push('', `${counts.join(', ')}.${report.changed ? '' : ' Nothing was changed.'}`);
  if (report.journal.pending.length > 0)
    lines.push(`Unfinished (journal ${report.journal.path}): ${report.journal.pending.join(', ')}; the next apply resumes them.`);
  return lines;
}
