// A failed safe write: which step, why, and where the original bytes and the backup stand.
import type { FailureReason } from '../dialect/errors.js';
import type { OriginalState, SafeWriteStep, StepRecord } from './types.js';

/** Details of a failed safe write. */
export interface SafeWriteFailure {
  readonly path: string;
  readonly step: SafeWriteStep;
  readonly reason: FailureReason;
  readonly original: OriginalState;
  /** The backup, when one was started; it is never deleted, even if incomplete. */
  readonly backupPath: string | undefined;
  /** Whether the backup's digest (and mode) were checked equal to the original's. */
  readonly backupVerified: boolean;
  /** Temporary files that could not be removed (e.g. the connection was gone). */
  readonly leftovers: readonly string[];
  readonly steps: readonly StepRecord[];
  readonly cause: unknown;
}

const ORIGINAL_WORDS: Record<OriginalState, string> = {
  untouched: 'the original file was not touched',
  intact: 'the original file still holds its old bytes (checked)',
  restored: 'the original bytes were restored from the backup (checked)',
  unknown: 'the state of the original file could not be checked: compare it with the backup',
};

/** Thrown by writeFileSafely; `step` and `reason` say what failed and why. */
export class SafeWriteError extends Error {
  readonly path: string;
  readonly step: SafeWriteStep;
  readonly reason: FailureReason;
  readonly original: OriginalState;
  readonly backupPath: string | undefined;
  readonly backupVerified: boolean;
  readonly leftovers: readonly string[];
  readonly steps: readonly StepRecord[];

  constructor(failure: SafeWriteFailure) {
    const why = failure.cause instanceof Error ? failure.cause.message : String(failure.cause);
    const backup =
      failure.backupPath === undefined
        ? ''
        : failure.backupVerified
          ? `; backup kept at ${failure.backupPath}`
          : `; an unverified (possibly incomplete) backup is left at ${failure.backupPath}`;
    const left = failure.leftovers.length ? `; temporary files left: ${failure.leftovers.join(', ')}` : '';
    super(
      `safe write of ${failure.path} failed at step "${failure.step}" (${failure.reason}): ${why}; ${ORIGINAL_WORDS[failure.original]}${backup}${left}`,
      { cause: failure.cause },
    );
    this.name = 'SafeWriteError';
    this.path = failure.path;
    this.step = failure.step;
    this.reason = failure.reason;
    this.original = failure.original;
    this.backupPath = failure.backupPath;
    this.backupVerified = failure.backupVerified;
    this.leftovers = failure.leftovers;
    this.steps = failure.steps;
  }
}
