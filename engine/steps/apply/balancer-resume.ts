// The next apply after a Balancer step that did not finish (issue 14): the host decides, not the record.
// When the record shows the copy finished (every file written and checked) and the host still holds every
// file's new bytes, the step is completed: Balancer started and asked on matching_port, as the apply would
// have done; good work is not undone. Otherwise, or when Balancer then does not answer, every file the step
// may have touched is put back (backups found by name when not recorded) and Balancer is started again.
// Only then is the record removed and the apply planned afresh.
import { ApiError } from '../../../shared/contract/errors.js';
import type { AppliedFile, BalancerApplyReport } from '../../../shared/plan/apply-report.js';
import { controlBalancerService } from '../../cybertrace/balancer/balancer-service.js';
import type { HostDialect } from '../../hosts/dialect/index.js';
import type { ClusterRun } from '../run/run-types.js';
import { tcpAnswers } from './balancer-apply.js';
import type { BalancerStepRecord } from './balancer-journal.js';
import { clearBalancerStep, readBalancerStep, recordBalancerStep, unfinishedMessage } from './balancer-journal.js';
import { findBackup } from './find-backup.js';
import { currentSha256 } from './host-digest.js';
import { restoreFile } from './restore-file.js';

/** Options of the resume of an unfinished Balancer step. */
export interface BalancerResumeOptions {
  readonly timeoutMs?: number;
  readonly polls?: number;
  /** Whether Balancer answers on matching_port once started (default: a TCP connection); a test hook. */
  readonly answers?: (host: string, port: number) => Promise<boolean>;
}

type Resumed = NonNullable<BalancerApplyReport['resumed']>;

/**
 * Finishes or undoes an unfinished Balancer step recorded beside the project, on the run's Balancer host.
 * Completed (`completed`) when the record lists every file as written, names where Balancer must answer,
 * and the host holds every file's new bytes (a set-aside: nothing at the path, the original at its new
 * name): Balancer is started and must answer on matching_port. Otherwise undone (`rolled-back`): an edit
 * the host shows changed without a recorded backup gets the backup found by name and digest; every file is
 * restored (a created file removed only if it holds our bytes, a set-aside moved back) and checked, then
 * Balancer is started; a completion whose Balancer does not answer is undone the same way. Resolves
 * undefined when there is no record. Throws ApiError (the record kept, with what was learnt) when the
 * Balancer host is not this run's or anything could not be put back.
 */
export async function resumeBalancerStep(
  run: ClusterRun,
  projectPath: string,
  options: BalancerResumeOptions = {},
): Promise<Resumed | undefined> {
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
  const call = {
    ...(options.timeoutMs === undefined ? {} : { timeoutMs: options.timeoutMs }),
    ...(options.polls === undefined ? {} : { polls: options.polls }),
  };
  const steps: string[] = [];
  const copied = await copyFinished(dialect, record);
  steps.push(`copy: ${copied.evidence}`);
  if (copied.finished && record.endpoint !== undefined) {
    const { host, port } = record.endpoint;
    const started = await controlBalancerService(dialect, 'start', call);
    steps.push(`start: ${started.evidence}`);
    const answers = started.reached && (await (options.answers ?? tcpAnswers)(host, port));
    steps.push(`answers on ${host}:${port}: ${answers ? 'yes' : 'no'}`);
    if (answers) {
      await clearBalancerStep(projectPath);
      run.progress.step('balancer-resume', 'done', { detail: 'copy had finished; Balancer started and answers' });
      return {
        outcome: 'completed',
        message: `the unfinished Balancer step was completed: its ${record.files.length} file(s) were already written and checked, Balancer started and answers on ${host}:${port}`,
        files: [...record.files],
        steps,
      };
    }
    // As the apply would have: Balancer not answering with the new files means they are put back.
    const stopped = await controlBalancerService(dialect, 'stop', call);
    steps.push(`stop for the rollback: ${stopped.evidence}`);
  }
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
    message: `the unfinished Balancer step was undone: ${files.length} file(s) restored and checked, Balancer started${copied.finished && record.endpoint !== undefined ? ' (its copy had finished, but Balancer did not answer on matching_port)' : ''}`,
    files,
    steps,
  };
}

/**
 * Whether the step's copy finished: every file recorded as written (each write is checked by digest before
 * it is recorded) and the host holding exactly that now: the new bytes at the path, or for a set-aside
 * nothing at the path and the original bytes at its new name. Any doubt is "not finished".
 */
async function copyFinished(dialect: HostDialect, record: BalancerStepRecord): Promise<{ finished: boolean; evidence: string }> {
  if (record.files.length === 0) return { finished: false, evidence: 'the record lists no file' };
  const unwritten = record.files.filter((file) => file.status !== 'written');
  if (unwritten.length > 0)
    return {
      finished: false,
      evidence: `${unwritten.length} of ${record.files.length} file(s) not recorded as written (first: ${unwritten[0]?.path} ${unwritten[0]?.status})`,
    };
  for (const file of record.files) {
    const now = await currentSha256(dialect, file.path);
    if (file.kind === 'set-aside') {
      const moved = file.newPath === undefined ? undefined : await currentSha256(dialect, file.newPath);
      if (now !== null || moved !== file.beforeSha256)
        return {
          finished: false,
          evidence: `${file.path}: not set aside as recorded (now ${now ?? 'no file'}, ${file.newPath ?? '?'} ${moved ?? 'no file'})`,
        };
    } else if (now !== file.afterSha256)
      return { finished: false, evidence: `${file.path}: sha256 ${now ?? 'no file'}, written ${file.afterSha256}` };
  }
  return { finished: true, evidence: `every file (${record.files.length}) holds its new bytes on the host` };
}
