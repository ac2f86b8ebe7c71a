// The vocabulary of a safe write: its steps in order, what the caller may pass, what it gets back.

/** The steps of writeFileSafely, in the order they run. */
export const SAFE_WRITE_STEPS = ['read', 'stale', 'backup', 'upload', 'verify-upload', 'install', 'rename', 'verify-final'] as const;

/** One step of a safe write; a failure names the step it happened in. */
export type SafeWriteStep = (typeof SAFE_WRITE_STEPS)[number];

/** What happened in one step, for the report. */
export interface StepRecord {
  readonly step: SafeWriteStep;
  readonly status: 'done' | 'skipped' | 'failed';
  readonly durationMs: number;
  /** e.g. the backup path, the rename method, or why the step was skipped or failed. */
  readonly detail?: string;
}

/** Options of writeFileSafely. */
export interface SafeWriteOptions {
  /** SHA-256 (hex) the plan read: when the file now differs, nothing is written ('stale'). */
  readonly expectedSha256?: string;
  /** Bound of each host operation inside a step (default: the dialect's). */
  readonly timeoutMs?: number;
  /** Clock for the backup name (tests pin it). */
  readonly now?: () => Date;
  /** Called as each step starts (progress for a UI; tests inject faults with it). */
  readonly onStep?: (step: SafeWriteStep) => void;
}

/** What a successful safe write did. */
export interface SafeWriteResult {
  readonly path: string;
  /** false when the file already held exactly the new bytes: nothing was written, no backup made. */
  readonly changed: boolean;
  /** The verified backup of the old bytes, next to the file; undefined when nothing changed. */
  readonly backupPath: string | undefined;
  readonly beforeSha256: string;
  readonly afterSha256: string;
  /** How the new file replaced the old one (e.g. `mv -f (rename(2) ...)`). */
  readonly replacedBy: string | undefined;
  readonly steps: readonly StepRecord[];
}

/** Where the original bytes stand after a failure. */
export type OriginalState =
  | 'untouched' // the failure came before the rename: the file was never replaced
  | 'intact' // checked after the failure: the file still holds the old bytes
  | 'restored' // the rename had happened; the backup was put back and verified
  | 'unknown'; // could not be checked (connection gone) or could not be restored: see the backup
