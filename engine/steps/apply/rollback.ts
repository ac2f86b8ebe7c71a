// On any failure: every file back as the plan read it (reverse order), the service started, PONG, originals confirmed.
import type { AppliedFile } from '../../../shared/plan/apply-report.js';
import type { ReadinessTarget } from '../../../shared/plan/plan-document.js';
import type { HostDialect, ServiceController } from '../../hosts/dialect/index.js';
import type { ApplyStepLog } from './apply-step-log.js';
import { findBackup } from './find-backup.js';
import type { ReadinessRecord } from './readiness.js';
import { awaitReady, readinessOf } from './readiness.js';
import { restoreFile } from './restore-file.js';
import { pathStates, pathsNotIn, pathsOf } from './path-states.js';
import { currentSha256 } from './host-digest.js';
import { sweepTemporaries } from './sweep-temporaries.js';

/** What a rollback needs. */
export interface RollbackInput {
  readonly dialect: HostDialect;
  /** Every file of the apply, in plan order, as far as it got. */
  readonly files: readonly AppliedFile[];
  /** Start the service again (it was stopped, or a start was attempted). */
  readonly restartService: boolean;
  readonly controller: ServiceController | undefined;
  readonly readiness: ReadinessTarget | null;
  readonly readyDeadlineMs: number;
  readonly steps: ApplyStepLog;
  readonly timeoutMs?: number;
  /** Called after each file's restore (the journal records it). */
  readonly onFile?: (file: AppliedFile) => Promise<void>;
}

/** What the rollback achieved: confirmed only when every file is original again and the service answers (if touched). */
export interface RollbackOutcome {
  readonly files: AppliedFile[];
  readonly confirmed: boolean;
  readonly readiness?: ReadinessRecord;
  /** What could not be done, one sentence each. */
  readonly problems: string[];
}

/** Undoes an instance's writes; never throws for a host's failure, and never deletes a backup. */
export async function rollBack(input: RollbackInput): Promise<RollbackOutcome> {
  const { dialect, steps } = input;
  const files = [...input.files];
  const problems: string[] = [];
  const states = pathStates(files);
  const atOriginal = async (file: AppliedFile): Promise<boolean> => {
    for (const path of pathsOf(file)) if ((await currentSha256(dialect, path)) !== states.get(path)?.original) return false;
    return true;
  };
  for (let index = files.length - 1; index >= 0; index--) {
    const file = files[index];
    // A file this run never touched is not ours to put back (someone else may have changed it).
    if (file === undefined || file.status === 'not-written') continue;
    try {
      files[index] = await steps.run(
        'restore',
        file.path,
        async () => {
          if (await atOriginal(file)) return { ...file, status: 'restored' as const, detail: 'the original bytes are in place' };
          let known = file;
          if (file.kind !== 'set-aside' && file.beforeSha256 !== null && file.backupPath === undefined) {
            const found = await findBackup(dialect, file.path, file.beforeSha256);
            if (found !== undefined) known = { ...file, backupPath: found };
          }
          return restoreFile(dialect, known, input.timeoutMs);
        },
        (restored) => restored.detail,
      );
    } catch (error) {
      files[index] = { ...file, status: 'unknown', detail: error instanceof Error ? error.message : String(error) };
    }
    const now = files[index];
    if (now !== undefined && now.status === 'unknown')
      problems.push(`${now.path}: ${now.detail ?? 'not restored'}${now.backupPath ? ` (backup: ${now.backupPath})` : ''}`);
    if (now !== undefined) await input.onFile?.(now).catch(() => undefined);
  }
  await cleanUp(dialect, files, steps, problems, input.timeoutMs);
  let readiness: ReadinessRecord | undefined;
  if (input.restartService) {
    try {
      if (!input.controller) throw new Error('no service controller');
      const controller = input.controller;
      await steps.run(
        'restart',
        undefined,
        () => controller.start(),
        (result) => `${result.method}: ${result.outcome}, ${result.state}`,
      );
      if (input.readiness === null) steps.skip('ready-after-rollback', 'the input port is unknown');
      else {
        const target = input.readiness;
        readiness = await steps.run(
          'ready-after-rollback',
          undefined,
          () => awaitReady(target, input.readyDeadlineMs),
          (ready) => `PONG from ${ready.host}:${ready.port} after ${ready.ms} ms`,
        );
      }
    } catch (error) {
      readiness = readinessOf((error as { cause?: unknown }).cause) ?? readiness;
      problems.push(`the service could not be brought back: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
  try {
    await steps.run(
      'confirm-original',
      undefined,
      async () => {
        const touched = files.filter((file) => file.status !== 'not-written');
        const differing = await pathsNotIn(dialect, files, 'original', touched);
        if (differing.length > 0) throw new Error(`not the original bytes: ${differing.join(', ')}`);
        return touched.length;
      },
      (count) => `${count} written file(s) hold their original bytes again`,
    );
  } catch (error) {
    problems.push(error instanceof Error ? error.message : String(error));
  }
  return { files, confirmed: problems.length === 0, ...(readiness === undefined ? {} : { readiness }), problems };
}

/**
 * Removes the temporaries a cut write left beside any of the instance's files (whatever their status: a
 * write that failed mid-upload is `not-written` but may have left half of the new bytes behind). One that
 * stays is a problem: it may hold a licence key. A folder that cannot be listed is only noted.
 */
export async function cleanUp(
  dialect: HostDialect,
  files: readonly AppliedFile[],
  steps: ApplyStepLog,
  problems: string[],
  timeoutMs?: number,
): Promise<void> {
  try {
    const swept = await steps.run(
      'cleanup',
      undefined,
      () => sweepTemporaries(dialect, files.flatMap(pathsOf), timeoutMs === undefined ? {} : { timeoutMs }),
      (outcome) =>
        [
          `${outcome.removed.length} leftover temporary file(s) removed${outcome.removed.length > 0 ? ` (${outcome.removed.join(', ')})` : ''}`,
          ...(outcome.left.length > 0 ? [`could not remove ${outcome.left.join(', ')}`] : []),
          ...(outcome.unlisted.length > 0 ? [`not listed: ${outcome.unlisted.join(', ')}`] : []),
        ].join('; '),
    );
    if (swept.left.length > 0) problems.push(`leftover temporary file(s) could not be removed: ${swept.left.join(', ')}`);
  } catch (error) {
    problems.push(`leftover temporary files could not be looked for: ${error instanceof Error ? error.message : String(error)}`);
  }
}
