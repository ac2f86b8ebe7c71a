import type { AppliedFile, ApplyStepRecord, InstanceOutcome } from '../../shared/plan/apply-report.js';

/** The word shown for each instance outcome, with the colour class that goes with it. */
export const OUTCOME_LABELS: Readonly<
  Record<InstanceOutcome, { readonly text: string; readonly tone: 'ok' | 'bad' | 'neutral' | 'warn' }>
> = {
  applied: { text: 'APPLIED', tone: 'ok' },
  unchanged: { text: 'NOTHING TO CHANGE', tone: 'neutral' },
  refused: { text: 'REFUSED', tone: 'warn' },
  'rolled-back': { text: 'ROLLED BACK', tone: 'warn' },
  failed: { text: 'FAILED', tone: 'bad' },
  skipped: { text: 'SKIPPED', tone: 'neutral' },
  interrupted: { text: 'INTERRUPTED', tone: 'bad' },
};

/** What each file state means for the engineer. */
export const FILE_STATUS_TEXT: Readonly<Record<AppliedFile['status'], string>> = {
  'not-written': 'not written',
  written: 'written (checked)',
  restored: 'restored to the original (checked)',
  unknown: 'UNKNOWN: could not be checked or restored; see the backup',
};

/** The apply steps in words. */
export const STEP_TEXT: Readonly<Record<ApplyStepRecord['step'], string>> = {
  resume: 'resume an interrupted run',
  'path-policy': 'path policy',
  'stale-check': 'stale-plan check',
  service: 'find service control',
  stop: 'stop service',
  write: 'write',
  start: 'start service',
  ready: 'wait until ready (PONG)',
  verify: 'verify new values',
  restore: 'rollback: restore file',
  restart: 'rollback: restart service',
  cleanup: 'remove leftover temporary files',
  'ready-after-rollback': 'rollback: wait until ready',
  'confirm-original': 'rollback: confirm original bytes',
};

/** The apply's outcome counts in words, in the order the outcomes are defined. */
export function outcomeCounts(summary: Readonly<Partial<Record<InstanceOutcome, number>>>): string {
  const parts = (Object.keys(OUTCOME_LABELS) as InstanceOutcome[])
    .filter((outcome) => (summary[outcome] ?? 0) > 0)
    .map((outcome) => `${OUTCOME_LABELS[outcome].text.toLowerCase()} ${summary[outcome] ?? 0}`);
  return parts.length === 0 ? 'no instance' : parts.join(' · ');
}
