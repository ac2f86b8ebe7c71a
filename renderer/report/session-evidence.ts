// The wizard's session as the facts of the one shared mapping (shared/report/assemble-evidence.ts), so a
// report signed in the wizard says what `ctha report` would say of the same runs. No mapping lives here.
import type { RunFacts } from '../../shared/report/assemble-evidence.js';
import { assembleEvidence } from '../../shared/report/assemble-evidence.js';
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
export type SessionState = Pick<AppState, 'draft' | 'path' | 'reportEngineer' | 'precheckResults' | 'auditReport' | 'auditPath' | 'auditStale' | 'applyRuns' | 'probeResult' | 'probeStale'>;

/**
 * The facts of the session for the project open now, or undefined without one: the audit only if it is
 * of this project's file, and only the applies of this file (another project's changes are not this report's).
 */
export function sessionFacts(state: SessionState): SessionFacts | undefined {
  if (state.draft === undefined) return undefined;
  return {
    engineer: state.reportEngineer,
    project: state.draft,
    prechecks: state.precheckResults,
    audit: state.auditPath === state.path ? state.auditReport : undefined,
    auditStale: state.auditStale,
    applies: state.applyRuns.filter((run) => run.report.project.path === state.path),
    probe: state.probeResult,
    probeStale: state.probeStale,
  };
}
