// The wizard's session as the facts of the one shared mapping (shared/report/assemble-evidence.ts), so a
// report signed in the wizard says what `ctha report` would say of the same runs. No mapping lives here.
import type { RunFacts } from '../../shared/report/assemble-evidence.js';
import { assembleEvidence, fallbackProbeNotes } from '../../shared/report/assemble-evidence.js';
import type { AuditReport } from '../../shared/contract/ops/audit.js';
import type { ClusterProbeResult } from '../../shared/probe/probe-result.js';
import type { EvidenceInputDraft } from '../../shared/report/evidence.js';
import type { AppState } from '../store/app-state.js';
import type { Draft } from '../store/project-draft.js';

export { evidenceGaps } from '../../shared/report/assemble-evidence.js';

/** What the wizard knows of this session: the open project's draft, and whether the audit and probe predate the last apply. */
export interface SessionFacts extends RunFacts {
  readonly project: Draft;
  readonly auditStale: boolean;
  readonly probeStale: boolean;
}

/** The session as an evidence input, by the shared mapping (validation is the builder's). */
export const sessionEvidence = (facts: SessionFacts): EvidenceInputDraft => assembleEvidence(facts);

/** The state a session's facts are read from. */
export type SessionState = Pick<
  AppState,
  | 'draft'
  | 'path'
  | 'reportEngineer'
  | 'precheckResults'
  | 'precheckPath'
  | 'precheckTranscript'
  | 'precheckStartedAt'
  | 'precheckFinishedAt'
  | 'auditReport'
  | 'auditPath'
  | 'auditStale'
  | 'applyRuns'
  | 'probeResult'
  | 'probeStale'
  | 'dirty'
  | 'projectSha256'
>;

/** Selects from the store exactly what sessionFacts reads (for a shallow-compared store subscription). */
export function sessionState(app: AppState): SessionState {
  return {
    draft: app.draft,
    path: app.path,
    reportEngineer: app.reportEngineer,
    precheckResults: app.precheckResults,
    precheckPath: app.precheckPath,
    precheckTranscript: app.precheckTranscript,
    precheckStartedAt: app.precheckStartedAt,
    precheckFinishedAt: app.precheckFinishedAt,
    auditReport: app.auditReport,
    auditPath: app.auditPath,
    auditStale: app.auditStale,
    applyRuns: app.applyRuns,
    probeResult: app.probeResult,
    probeStale: app.probeStale,
    dirty: app.dirty,
    projectSha256: app.projectSha256,
  };
}

/**
 * The facts of the session for the project open now, or undefined without one: the pre-checks (with their
 * transcript and times) and the audit only if they are of this project's file, and only the applies of this
 * file (another project's changes are not this report's).
 */
export function sessionFacts(state: SessionState): SessionFacts | undefined {
  if (state.draft === undefined) return undefined;
  // A caller that does not select the pre-checks' file gets the results as before, without transcript or times.
  const prechecked = state.precheckPath === undefined || state.precheckPath === state.path;
  const audit = state.auditPath === state.path ? state.auditReport : undefined;
  return {
    engineer: state.reportEngineer,
    project: state.draft,
    // The file's digest describes the project only while the draft has no unsaved edit.
    ...(state.dirty || state.projectSha256 === undefined ? {} : { projectSha256: state.projectSha256 }),
    prechecks: prechecked ? state.precheckResults : [],
    transcript: prechecked ? (state.precheckTranscript ?? []) : [],
    extraTimes: prechecked ? [state.precheckStartedAt ?? '', state.precheckFinishedAt ?? ''].filter((time) => time !== '') : [],
    audit,
    auditStale: state.auditStale,
    applies: state.applyRuns.filter((run) => run.report.project.path === state.path),
    probe: state.probeResult,
    probeNotes: state.probeResult === undefined ? [] : fallbackProbeNotes(probeChoices(state.probeResult, audit)),
    probeStale: state.probeStale,
  };
}

// How each probed port was known, as `ctha report` states it: the audit's port is discovered; any other port
// was the one the engineer entered (probe-slice.ts uses it where the audit read none).
function probeChoices(probe: ClusterProbeResult, audit: AuditReport | undefined) {
  return probe.results.map((result) => {
    const discovered = audit?.instances.find((entry) => entry.instance === result.instance)?.inputPort;
    const source = discovered?.port === result.port ? ('discovered' as const) : ('fallback' as const);
    return {
      instance: result.instance,
      port: result.port,
      source,
      evidence: discovered?.evidence ?? 'the audit did not report this instance',
    };
  });
}
