import type { CthaApi } from '../../shared/contract/api.js';
import type { OperationOutput } from '../../shared/contract/operations.js';
import type { StatementKind } from '../../shared/contract/ops/statements.js';
import type { AuditReport } from '../../shared/contract/ops/audit.js';
import type { ValidationIssue } from '../../shared/project/issues.js';
import type { Project } from '../../shared/project/schema.js';
import { REQUIREMENT_TITLES, type RequirementId } from '../../shared/requirements/ids.js';
import type { StateCreator } from 'zustand/vanilla';
import { restateAudit } from '../statements/restate-audit.js';
import type { AppState } from './app-state.js';
import { describeError } from './errors.js';
import { savedProjectPath } from './saved-project.js';
import { spotCheckActions, type SpotCheckSlice } from './spotcheck-slice.js';

/** An attestation as the wizard sends it (the engine validates it again). */
export type AttestationInput = Project['attestations'][number];
/** A waiver as the wizard sends it. */
export type WaiverInput = Project['waivers'][number];

/** What a statement action did: saved, or refused with the sentence and the engine's located issues for the form. */
export type StatementOutcome =
  { readonly ok: true } | { readonly ok: false; readonly message: string; readonly issues: readonly ValidationIssue[] };

/** The audit on screen whose statuses were decided again from the project's statements, without reading the hosts. */
export interface RestatedAudit {
  /** The report object the store holds now; a new audit replaces it, and the mark no longer applies. */
  readonly report: AuditReport;
  readonly at: string;
}

/**
 * The engineer's statements (issue 13 item 1): attest, waive and remove, saved into the open project file
 * through the engine, then shown at once in the audit on screen (decided again, not re-read from the hosts).
 */
export type StatementsSlice = Readonly<{
  statementStatus: 'idle' | 'saving';
  restatedAudit: RestatedAudit | undefined;
  attest: (attestation: AttestationInput) => Promise<StatementOutcome>;
  waive: (waiver: WaiverInput) => Promise<StatementOutcome>;
  removeStatement: (kind: StatementKind, requirement: RequirementId, instance: string) => Promise<StatementOutcome>;
}> &
  SpotCheckSlice;

/** Creates the statements slice over project.attest, project.waive and project.removeStatement, with requirement 3's spot-check. */
export function createStatementsSlice(api: CthaApi): StateCreator<AppState, [], [], StatementsSlice> {
  return (set, get) => {
    const run = async (what: string, call: (path: string) => Promise<OperationOutput<'project.attest'>>): Promise<StatementOutcome> => {
      const refuse = (message: string): StatementOutcome => {
        set({ notice: { kind: 'error', text: message } });
        return { ok: false, message, issues: [] };
      };
      if (get().statementStatus === 'saving') return refuse('A statement is being saved; wait for it to finish.');
      // The engine edits the file on disk: unsaved edits in the draft would be lost or silently mixed in.
      const saved = savedProjectPath(get(), 'attestations and waivers are recorded');
      if (!saved.ok) return refuse(saved.message);
      set({ statementStatus: 'saving', notice: undefined });
      try {
        const written = await call(saved.path);
        const state = get();
        const now = new Date();
        const audit = state.auditReport !== undefined && state.auditPath === saved.path ? state.auditReport : undefined;
        const restated = audit === undefined ? undefined : restateAudit(audit, written.project, now);
        set({
          draft: written.project,
          issues: [],
          engineIssues: [],
          dirty: false,
          path: written.path,
          projectSha256: written.sha256,
          ...(restated === undefined ? {} : { auditReport: restated, restatedAudit: { report: restated, at: now.toISOString() } }),
          notice: {
            kind: 'success',
            text: `${what}; saved to ${written.path}.${restated === undefined ? '' : ' The audit on screen shows it (decided again from the project file; the hosts were not re-read).'}`,
          },
        });
        return { ok: true };
      } catch (error) {
        const { message, issues } = describeError(error);
        set({ notice: { kind: 'error', text: `Not saved: ${message}` } });
        return { ok: false, message, issues };
      } finally {
        set({ statementStatus: 'idle' });
      }
    };
    return {
      ...spotCheckActions(api, set, get),
      statementStatus: 'idle',
      restatedAudit: undefined,
      attest: (attestation) =>
        run(`Attested ${label(attestation.requirement)} on ${attestation.instance}`, (path) =>
          api['project.attest']({ path, attestation }),
        ),
      waive: (waiver) => run(`Waived ${label(waiver.requirement)} on ${waiver.instance}`, (path) => api['project.waive']({ path, waiver })),
      removeStatement: (kind, requirement, instance) =>
        run(`Removed the ${kind} of ${label(requirement)} on ${instance}`, (path) =>
          api['project.removeStatement']({ path, kind, requirement, instance }),
        ),
    };
  };
}

function label(requirement: RequirementId): string {
  return `${requirement} (${REQUIREMENT_TITLES[requirement]})`;
}
