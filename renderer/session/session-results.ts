// The results a wizard session keeps, and which step shows each: one list, so saving, restoring and marking agree.
import type { AppState } from '../store/app-state.js';
import type { StepId } from '../wizard/steps.js';
import { isRequirementStep } from '../wizard/steps.js';

/** One kind of result the session keeps. */
export type ResultKey = 'prechecks' | 'audit' | 'spotCheck' | 'plan' | 'applies' | 'probe' | 'report' | 'verify';

/** Every kind, in the flow's order. */
export const RESULT_KEYS: readonly ResultKey[] = ['prechecks', 'audit', 'spotCheck', 'plan', 'applies', 'probe', 'report', 'verify'];

/** A result as the store holds it (compared by identity: a new run is a new object) and when it was produced. */
export type Stamp = Readonly<{ value: unknown; at: string }>;

/** The time of each result the store holds now. */
export type Stamps = Readonly<Partial<Record<ResultKey, Stamp>>>;

/** How each result is named on screen. */
export const RESULT_LABELS: Readonly<Record<ResultKey, string>> = {
  prechecks: 'pre-checks',
  audit: 'audit',
  spotCheck: 'spot-check',
  plan: 'plan',
  applies: 'apply results',
  probe: 'probe',
  report: 'built report',
  verify: 'verification',
};

/**
 * Whether a result describes the hosts (and so may be out of date once the window was closed) or files on this
 * machine (the report bundle and its verification, which no host can change).
 */
export const DESCRIBES_HOSTS: Readonly<Record<ResultKey, boolean>> = {
  prechecks: true,
  audit: true,
  spotCheck: true,
  plan: true,
  applies: true,
  probe: true,
  report: false,
  verify: false,
};

/** The object that stands for a result in the store (undefined: none), compared by identity. */
export function resultValue(state: AppState, key: ResultKey): unknown {
  switch (key) {
    case 'prechecks':
      return state.precheckResults.length === 0 ? undefined : state.precheckResults;
    case 'audit':
      return state.auditReport;
    case 'spotCheck':
      return state.spotCheck?.status === 'done' ? state.spotCheck : undefined;
    case 'plan':
      return state.planPath === undefined ? undefined : state.plan;
    case 'applies':
      return state.applyRuns.length === 0 ? undefined : state.applyRuns;
    case 'probe':
      return state.probeResult;
    case 'report':
      return state.reportBuilt;
    case 'verify':
      return state.verifyResult;
  }
}

/** The result a step shows, if any (requirement steps show the audit's findings). */
export function resultOfStep(step: StepId): ResultKey | undefined {
  if (isRequirementStep(step) || step === 'audit') return 'audit';
  if (step === 'apply') return 'applies';
  if (step === 'project') return undefined;
  return step === 'report' ? 'report' : step;
}
