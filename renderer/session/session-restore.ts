// Turning a saved session back into the store's state: the same step, each result with its time, nothing confirmed.
import type { WizardSession } from '../../shared/contract/ops/session.js';
import type { PlanDocument } from '../../shared/plan/plan-document.js';
import type { AppState } from '../store/app-state.js';
import type { SpotCheckRun } from '../store/spotcheck-slice.js';
import type { StepId } from '../wizard/steps.js';
import { STEP_IDS } from '../wizard/steps.js';
import type { ResultKey, Stamp, Stamps } from './session-results.js';

/** What came back from the session file: when it was saved, each restored result with its time, and what could not come back. */
export type RestoredSession = Readonly<{ savedAt: string; stamps: Stamps; notes: readonly string[] }>;

/** The plan file read again on resume (what Apply would apply), or why it could not be. */
export type ReadPlan = Readonly<{ plan: PlanDocument } | { problem: string }>;

/**
 * The store changes that resume `session` of the open project, and the record of what was restored. The Apply
 * confirmation is never restored: applying a restored plan needs a new tick, and the engine re-reads every file
 * and refuses when anything changed since the plan (apply.run), whatever the page shows.
 */
export function restoreSession(
  session: WizardSession,
  readPlan: ReadPlan | undefined,
  current: Pick<AppState, 'reportEngineer'>,
): { patch: Partial<AppState>; restored: RestoredSession } {
  const stamps: Partial<Record<ResultKey, Stamp>> = {};
  const notes: string[] = [];
  const step: StepId = (STEP_IDS as readonly string[]).includes(session.step) ? (session.step as StepId) : 'project';
  let patch: Partial<AppState> = { step, applyConfirmed: false, notice: undefined };
  const { prechecks, audit, spotCheck, plan, applies, probe, report, verify } = session;
  if (prechecks !== undefined) {
    stamps.prechecks = { value: prechecks.results, at: prechecks.at };
    patch = {
      ...patch,
      precheckStatus: 'done',
      precheckResults: prechecks.results,
      precheckPath: prechecks.path,
      precheckTranscript: prechecks.transcript,
      precheckStartedAt: prechecks.startedAt,
      precheckFinishedAt: prechecks.finishedAt,
    };
  }
  if (audit !== undefined) {
    stamps.audit = { value: audit.report, at: audit.at };
    patch = {
      ...patch,
      auditStatus: 'done',
      auditReport: audit.report,
      auditPath: audit.path,
      auditStale: audit.stale,
      balancerConf: audit.balancerConf,
    };
  }
  if (spotCheck !== undefined) {
    const run: SpotCheckRun = {
      status: 'done',
      path: spotCheck.path,
      port: spotCheck.port,
      indicators: spotCheck.indicators,
      result: spotCheck.result,
      ...(spotCheck.evidence === undefined ? {} : { evidence: spotCheck.evidence }),
    };
    stamps.spotCheck = { value: run, at: spotCheck.at };
    patch = { ...patch, spotCheck: run };
  }
  if (plan !== undefined && readPlan !== undefined) {
    if ('plan' in readPlan) {
      // The file's own creation time: if the plan was made again since (say by the CLI), this is the one Apply would use.
      stamps.plan = { value: readPlan.plan, at: readPlan.plan.createdAt };
      patch = { ...patch, planStatus: 'done', plan: readPlan.plan, planPath: plan.path, planBalancerConf: plan.balancerConf };
    } else notes.push(`The plan was not restored: ${readPlan.problem}. Make the plan again before applying.`);
  }
  if (applies !== undefined && applies.length > 0) {
    const runs = applies.map((run) => ({ report: run.report, plan: run.plan }));
    stamps.applies = { value: runs, at: applies[applies.length - 1]?.at ?? session.savedAt };
    patch = { ...patch, applyStatus: 'done', applyRuns: runs, applyReport: runs[runs.length - 1]?.report };
  }
  if (probe !== undefined) {
    stamps.probe = { value: probe.result, at: probe.at };
    patch = { ...patch, probeStatus: 'done', probeResult: probe.result, probeStale: probe.stale };
  }
  if (report !== undefined) {
    stamps.report = { value: report.built, at: report.at };
    patch = { ...patch, reportStatus: 'done', reportBuilt: report.built, verifyPath: report.built.outDir };
  }
  if (verify !== undefined) {
    stamps.verify = { value: verify.result, at: verify.at };
    patch = { ...patch, verifyStatus: 'done', verifyResult: verify.result, verifyPath: verify.path };
  }
  if (session.reportOutDir !== undefined) patch = { ...patch, reportOutDir: session.reportOutDir };
  // The name typed in this window wins over the saved one.
  if (session.engineer !== undefined && current.reportEngineer.trim() === '') patch = { ...patch, reportEngineer: session.engineer };
  return { patch, restored: { savedAt: session.savedAt, stamps, notes } };
}
