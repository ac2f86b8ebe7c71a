// One planned change written on the host: a safe write over an existing file, a new file, or a set-aside.
import type { AppliedFile } from '../../../shared/plan/apply-report.js';
import type { PlannedChange } from '../../../shared/plan/plan-document.js';
import type { HostDialect } from '../../hosts/dialect/index.js';
import { SafeWriteError, writeFileSafely } from '../../hosts/safe-write/index.js';
import type { PathPolicy } from '../../cybertrace/discovery/path-policy.js';
import { hostRefusals } from '../../cybertrace/discovery/path-policy.js';
import { NewFileError, writeNewFile } from './new-file.js';
import { setAside } from './set-aside.js';

/** Options of a write. */
export interface WriteOptions {
  readonly timeoutMs?: number;
  /** Clock of backup names (tests pin it). */
  readonly now?: () => Date;
  /** Where this instance may be written; every path is checked on the host against it before any byte moves. */
  readonly policy?: PathPolicy;
}

/** A change refused by the path policy before anything was written. */
export class PathPolicyError extends Error {
  override readonly name = 'PathPolicyError';
}

/** The paths a change writes or moves: its target, and a set-aside's new name. */
function pathsOf(change: PlannedChange): string[] {
  return change.kind === 'set-aside' && change.newPath !== undefined ? [change.path, change.newPath] : [change.path];
}

/**
 * Checks every path of `changes` on the host against the policy (symbolic links resolved there, as root);
 * throws PathPolicyError naming the path, where it resolves and why, at the first refusal.
 */
export async function checkChangePaths(
  dialect: HostDialect,
  changes: readonly PlannedChange[],
  policy: PathPolicy,
  timeoutMs?: number,
): Promise<void> {
  // One remote command for every path of the changes.
  const refusal = await hostRefusals(dialect, policy, changes.flatMap(pathsOf), {
    privileged: true,
    ...(timeoutMs === undefined ? {} : { timeoutMs }),
  });
  if (refusal !== undefined) throw new PathPolicyError(`refused by the path policy, nothing written: ${refusal}`);
}

/** The file's record before anything is written. */
export function pendingFile(change: PlannedChange): AppliedFile {
  return {
    path: change.path,
    kind: change.kind,
    ...(change.newPath === undefined ? {} : { newPath: change.newPath }),
    beforeSha256: change.beforeSha256,
    afterSha256: change.afterSha256,
    status: 'not-written',
    original: change.kind === 'set-aside' ? 'set-aside' : change.beforeSha256 === null ? 'absent' : 'backup',
  };
}

/** A write that failed, with the file's record as it now stands (backup path, and whether the file may be changed). */
export class ChangeWriteError extends Error {
  constructor(
    readonly file: AppliedFile,
    override readonly cause: unknown,
  ) {
    super(cause instanceof Error ? cause.message : String(cause), { cause });
    this.name = 'ChangeWriteError';
  }
}

/** Writes one change; resolves with the file's record (status 'written'), or throws ChangeWriteError. */
export async function writeChange(dialect: HostDialect, change: PlannedChange, options: WriteOptions = {}): Promise<AppliedFile> {
  const record = pendingFile(change);
  const bytes = Buffer.from(change.afterBase64, 'base64');
  try {
    // The last gate: whatever the plan says, nothing is written outside the service folder.
    if (options.policy) await checkChangePaths(dialect, [change], options.policy, options.timeoutMs);
    if (change.kind === 'set-aside') {
      if (change.newPath === undefined || change.beforeSha256 === null)
        throw new Error(`set-aside of ${change.path} without a new path or a digest`);
      const how = await setAside(dialect, change.path, change.newPath, change.beforeSha256, options.timeoutMs);
      return { ...record, status: 'written', detail: `moved to ${change.newPath} (${how})` };
    }
    if (change.beforeSha256 === null) {
      const created = await writeNewFile(dialect, change.path, bytes, options.timeoutMs);
      return { ...record, status: 'written', detail: `created (${created.replacedBy}); there was no file to back up` };
    }
    const result = await writeFileSafely(dialect, change.path, bytes, {
      expectedSha256: change.beforeSha256,
      ...(options.timeoutMs === undefined ? {} : { timeoutMs: options.timeoutMs }),
      ...(options.now === undefined ? {} : { now: options.now }),
    });
    return {
      ...record,
      status: 'written',
      ...(result.backupPath === undefined ? {} : { backupPath: result.backupPath }),
      detail: result.steps.map((step) => `${step.step} ${step.status} ${step.durationMs} ms`).join('; '),
    };
  } catch (error) {
    if (error instanceof SafeWriteError) {
      // untouched / intact / restored: the old bytes are in place; unknown: the rollback must look.
      const status = error.original === 'unknown' ? 'unknown' : 'not-written';
      throw new ChangeWriteError(
        { ...record, status, ...(error.backupPath === undefined ? {} : { backupPath: error.backupPath }), detail: error.message },
        error,
      );
    }
    if (error instanceof NewFileError) {
      throw new ChangeWriteError({ ...record, status: error.mayExist ? 'unknown' : 'not-written', detail: error.message }, error);
    }
    if (error instanceof PathPolicyError) throw new ChangeWriteError({ ...record, status: 'not-written', detail: error.message }, error);
    // A set-aside fails before or after its single rename; the rollback checks which.
    throw new ChangeWriteError(
      {
        ...record,
        status: change.kind === 'set-aside' ? 'unknown' : 'not-written',
        detail: error instanceof Error ? error.message : String(error),
      },
      error,
    );
  }
}
