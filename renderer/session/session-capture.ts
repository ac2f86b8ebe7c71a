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

/**
 * The session to save for the project open from `projectPath`, or undefined when there is nothing to resume: no
 * project open, or no result of it yet (merely looking at a project leaves no file beside it). A result of another
 * project file (still on screen after opening this one) is not this project's and is left out.
 */
export function captureSession(state: AppState, projectPath: string, stamps: Stamps, now: string): WizardSession | undefined {
  if (state.draft === undefined || projectPath === '') return undefined;
  const ours = (path: string) => path === projectPath;
  const at = (key: ResultKey): string => stamps[key]?.at ?? now;
  const engineer = state.reportEngineer.trim();
  const session: WizardSession = {
    format: 'ctha-wizard-session',
    schemaVersion: 1,
    projectPath,
    step: state.step,
    savedAt: now,
    ...(engineer === '' ? {} : { engineer }),
    ...(state.precheckResults.length === 0 || !ours(state.precheckPath)
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
    ...(state.auditReport === undefined || !ours(state.auditPath)
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
    ...(state.spotCheck?.status !== 'done' || state.spotCheck.result === undefined || !ours(state.spotCheck.path)
      ? {}
      : {
          spotCheck: {
            at: at('spotCheck'),
            path: state.spotCheck.path,
            port: state.spotCheck.port,
            indicators: state.spotCheck.indicators,
            result: state.spotCheck.result,
            ...(state.spotCheck.evidence === undefined ? {} : { evidence: state.spotCheck.evidence }),
          },
        }),
    // Only the plan file's path: on resume the plan is read again from that file, which is what Apply would apply.
    ...(state.planPath === undefined || state.plan === undefined || !ours(state.plan.project.path)
      ? {}
      : { plan: { at: at('plan'), path: state.planPath, balancerConf: state.planBalancerConf } }),
    ...(state.applyRuns.every((run) => !ours(run.plan.project.path))
      ? {}
      : {
          applies: state.applyRuns
            .filter((run) => ours(run.plan.project.path))
            .map((run) => ({ at: applyEnd(run.report) ?? at('applies'), report: run.report, plan: run.plan })),
        }),
    ...(state.probeResult === undefined ? {} : { probe: { at: at('probe'), result: state.probeResult, stale: state.probeStale } }),
    ...(state.reportBuilt === undefined ? {} : { report: { at: at('report'), built: state.reportBuilt } }),
    ...(state.verifyResult === undefined ? {} : { verify: { at: at('verify'), path: state.verifyPath, result: state.verifyResult } }),
    ...(state.reportOutDir.trim() === '' ? {} : { reportOutDir: state.reportOutDir }),
  };
  const results = [
    session.prechecks,
    session.audit,
    session.spotCheck,
    session.plan,
    session.applies,
    session.probe,
    session.report,
    session.verify,
  ];
  return results.some((result) => result !== undefined) ? session : undefined;
}

// Each apply of the session ended at its own time (its start plus its duration), not when the last one arrived.
function applyEnd(report: { readonly startedAt: string; readonly durationMs: number }): string | undefined {
  const start = Date.parse(report.startedAt);
  return Number.isNaN(start) ? undefined : new Date(start + report.durationMs).toISOString();
}
