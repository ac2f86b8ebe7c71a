// The next apply after a Balancer step that did not finish (issue 14): the host decides, not the record;
// every file the step may have touched is put back (backups found by name when not recorded), Balancer is
// started again, and only then is the record removed and the apply planned afresh.
import { ApiError } from '../../../shared/contract/errors.js';
import type { AppliedFile, BalancerApplyReport } from '../../../shared/plan/apply-report.js';
import { controlBalancerService } from '../../cybertrace/balancer/balancer-service.js';
import type { ClusterRun } from '../run/run-types.js';
import { clearBalancerStep, readBalancerStep, recordBalancerStep, unfinishedMessage } from './balancer-journal.js';
import { findBackup } from './find-backup.js';
import { currentSha256 } from './host-digest.js';
import { restoreFile } from './restore-file.js';

/**
 * Undoes an unfinished Balancer step recorded beside the project, on the run's Balancer host: an edit the
 * host shows changed without a recorded backup gets the backup found by name and digest; every file is
 * restored (a created file removed only if it holds our bytes, a set-aside moved back) and checked, then
 * Balancer is started. Resolves undefined when there is no record. Throws ApiError (the record kept, with
 * what was learnt) when the Balancer host is not this run's or anything could not be put back.
 */
export async function resumeBalancerStep(
  run: ClusterRun,
  projectPath: string,
  options: { readonly timeoutMs?: number; readonly polls?: number } = {},
): Promise<NonNullable<BalancerApplyReport['resumed']> | undefined> {
  const record = await readBalancerStep(projectPath);
  if (record === undefined) return undefined;
  const member = run.balancer;
  if (member === undefined || !member.ok || run.project.balancer?.host !== record.host)
    throw new ApiError({
      code: 'invalid-input',
      message: `${unfinishedMessage(projectPath, record)}; it cannot be undone in this run (the project's Balancer host ${run.project.balancer?.host ?? '(none)'} is not that host or is not open): check each file holds its original bytes (backups beside them), start Balancer, then delete the record and apply again`,
    });
  const { dialect } = member;
  run.progress.step('balancer-resume', 'started', { detail: `${record.files.length} file(s) of an unfinished Balancer step` });
  const steps: string[] = [];
  const files: AppliedFile[] = [];
  for (const file of record.files) {
    let known = file;
    if (file.kind === 'edit' && file.backupPath === undefined && file.beforeSha256 !== null) {
      // The run may have died between the rename and its record: the backup is found by name and digest.
      const now = await currentSha256(dialect, file.path);
      if (now !== file.beforeSha256) {
        const backup = await findBackup(dialect, file.path, file.beforeSha256);
        if (backup !== undefined) known = { ...file, backupPath: backup };
      }
    }
    const restored = await restoreFile(dialect, known, options.timeoutMs);
    files.push(restored);
    steps.push(`${file.path}: ${restored.status}${restored.detail === undefined ? '' : ` (${restored.detail})`}`);
  }
  const call = {
    ...(options.timeoutMs === undefined ? {} : { timeoutMs: options.timeoutMs }),
    ...(options.polls === undefined ? {} : { polls: options.polls }),
  };
  const started = await controlBalancerService(dialect, 'start', call);
  steps.push(`start: ${started.evidence}`);
  const clean = files.every((file) => file.status === 'restored');
  if (!clean || !started.reached) {
    await recordBalancerStep(projectPath, record.host, files);
    run.progress.step('balancer-resume', 'failed', { detail: steps.join('; ') });
    throw new ApiError({
      code: 'invalid-input',
      message: `${unfinishedMessage(projectPath, { host: record.host, files })}; undoing it did not complete (${steps.join('; ')}): put the files back from their backups, start Balancer, then delete the record`,
    });
  }
  await clearBalancerStep(projectPath);
  run.progress.step('balancer-resume', 'done', { detail: 'files restored, Balancer started' });
  return {
    outcome: 'rolled-back',
    message: `the unfinished Balancer step was undone: ${files.length} file(s) restored and checked, Balancer started`,
    files,
    steps,
  };
}
