// What the wizard writes to its session file: the store's step and latest results, each stamped with when it arrived.
import type { WizardSession } from '../../shared/contract/ops/session.js';
import type { AppState } from '../store/app-state.js';
import type { ResultKey, Stamps } from './session-results.js';
import { RESULT_KEYS, resultValue } from './session-results.js';

/**
 * Stamps each result the store holds: a result seen before (the same object) keeps its time, a new one gets `now`.
 * An audit re-decided from the engineer's statements keeps the audit's time: its values were read from the hosts then.
 */
export function stampResults(state: AppState, previous: Stamps, now: string): Stamps {
  const stamps: Partial<Record<ResultKey, { value: unknown; at: string }>> = {};
  for (const key of RESULT_KEYS) {
    const value = resultValue(state, key);
    if (value === undefined) continue;
    const before = previous[key];
    const restated = key === 'audit' && state.restatedAudit?.report === value && before !== undefined;
    const precheckAt = key === 'prechecks' && state.precheckFinishedAt !== '' ? state.precheckFinishedAt : undefined;
    stamps[key] = { value, at: before !== undefined && (before.value === value || restated) ? before.at : (precheckAt ?? now) };
  }
  return stamps;
}

/** The session to save for the open project, or undefined when no saved project is open (nothing to put it beside). */
export function captureSession(state: AppState, stamps: Stamps, now: string): WizardSession | undefined {
  if (state.draft === undefined || state.path === '') return undefined;
  const at = (key: ResultKey): string => stamps[key]?.at ?? now;
  const engineer = state.reportEngineer.trim();
  return {
    format: 'ctha-wizard-session',
    schemaVersion: 1,
    projectPath: state.path,
    step: state.step,
    savedAt: now,
    ...(engineer === '' ? {} : { engineer }),
    ...(state.precheckResults.length === 0
      ? {}
      : {
          prechecks: {
            at: at('prechecks'),
            path: state.precheckPath,
            results: [...state.precheckResults],
            transcript: [...state.precheckTranscript],
            startedAt: state.precheckStartedAt,
            finishedAt: state.precheckFinishedAt,
          },
        }),
    ...(state.auditReport === undefined
      ? {}
      : {
          audit: {
            at: at('audit'),
            path: state.auditPath,
            report: state.auditReport,
            stale: state.auditStale,
            balancerConf: state.balancerConf,
          },
        }),
    // Only the plan file's path: on resume the plan is read again from that file, which is what Apply would apply.
    ...(state.planPath === undefined || state.plan === undefined
      ? {}
      : { plan: { at: at('plan'), path: state.planPath, balancerConf: state.planBalancerConf } }),
    ...(state.applyRuns.length === 0
      ? {}
      : { applies: state.applyRuns.map((run) => ({ at: applyEnd(run.report) ?? at('applies'), report: run.report, plan: run.plan })) }),
    ...(state.probeResult === undefined ? {} : { probe: { at: at('probe'), result: state.probeResult, stale: state.probeStale } }),
    ...(state.reportBuilt === undefined ? {} : { report: { at: at('report'), built: state.reportBuilt } }),
    ...(state.verifyResult === undefined ? {} : { verify: { at: at('verify'), path: state.verifyPath, result: state.verifyResult } }),
    ...(state.reportOutDir.trim() === '' ? {} : { reportOutDir: state.reportOutDir }),
  };
}

// Each apply of the session ended at its own time (its start plus its duration), not when the last one arrived.
function applyEnd(report: { readonly startedAt: string; readonly durationMs: number }): string | undefined {
  const start = Date.parse(report.startedAt);
  return Number.isNaN(start) ? undefined : new Date(start + report.durationMs).toISOString();
}
