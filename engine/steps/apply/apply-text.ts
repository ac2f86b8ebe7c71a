// The apply report for people: one block per instance with its outcome, files, backups and failed steps.
import type { ApplyReport, BalancerApplyReport, InstanceApplyResult } from '../../../shared/plan/apply-report.js';

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
  if (report.balancer !== undefined) lines.push('', ...balancerApplyLines(report.balancer));
  const counts = Object.entries(report.summary)
    .filter(([, count]) => count > 0)
    .map(([outcome, count]) => `${count} ${outcome}`);
  lines.push('', `${counts.join(', ')}.${report.changed ? '' : ' Nothing was changed.'}`);
  if (report.journal.pending.length > 0)
    lines.push(`Unfinished (journal ${report.journal.path}): ${report.journal.pending.join(', ')}; the next apply resumes them.`);
  return lines;
}

const BALANCER_MARK: Record<BalancerApplyReport['outcome'], string> = {
  applied: 'APPLIED',
  nothing: 'UNCHANGED',
  refused: 'REFUSED',
  'rolled-back': 'ROLLED BACK',
  failed: 'FAILED',
  skipped: 'SKIPPED',
  interrupted: 'INTERRUPTED',
};

/** The Balancer's part of the report (issue 14): its outcome, files with backups, and each step (stop, start, matching_port). */
export function balancerApplyLines(balancer: BalancerApplyReport): string[] {
  const lines = [`${BALANCER_MARK[balancer.outcome].padEnd(12)} Balancer ${balancer.host}: ${balancer.message}`];
  if (balancer.resumed !== undefined)
    lines.push(`  resumed an unfinished Balancer step: ${balancer.resumed.outcome}: ${balancer.resumed.message}`);
  for (const file of balancer.files) {
    if (file.status === 'not-written' && balancer.outcome !== 'failed') continue;
    const backup = file.backupPath ? `, backup ${file.backupPath}` : file.original === 'absent' ? ', new file (nothing to back up)' : '';
    lines.push(`  ${file.status.padEnd(11)} ${file.path}${file.newPath ? ` -> ${file.newPath}` : ''}${backup}`);
  }
  for (const step of balancer.steps) lines.push(`  ${step}`);
  return lines;
}
