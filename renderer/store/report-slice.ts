import type { CthaApi } from '../../shared/contract/api.js';
import type { OperationOutput } from '../../shared/contract/operations.js';
import { EvidenceInputSchema } from '../../shared/report/evidence.js';
import type { VerifyReportResult } from '../../shared/report/verification.js';
import type { StateCreator } from 'zustand/vanilla';
import type { AppState } from './app-state.js';
import { sessionEvidence, sessionFacts } from '../report/session-evidence.js';
import { describeError } from './errors.js';
import type { RunStatus } from './run-status.js';
import { savedProjectPath } from './saved-project.js';

/** What report.build wrote: the folder, its files, the verdict and the signer. */
export type BuiltReport = OperationOutput<'report.build'>;

/** Which certificate signs: the product's own (created on first use) or the engineer's PKCS#12 file. */
export type IdentityKind = 'product' | 'p12';

/**
 * Building and verifying the signed report. The report is built from this session's evidence (the shared
 * mapping over the results on screen), sent inline: no file to save and point at. The form holds paths and
 * a name only: passphrases are asked by the engine through passphrase prompts and answered from the prompt
 * dialog, never kept here.
 */
export type ReportSlice = Readonly<{
  reportEngineer: string;
  reportOutDir: string;
  reportIdentity: IdentityKind;
  reportP12Path: string;
  reportStatus: RunStatus;
  reportBuilt: BuiltReport | undefined;
  verifyPath: string;
  verifyStatus: RunStatus;
  verifyResult: VerifyReportResult | undefined;
  setReportField: (field: 'reportEngineer' | 'reportOutDir' | 'reportP12Path' | 'verifyPath', value: string) => void;
  setReportIdentity: (kind: IdentityKind) => void;
  buildReport: () => Promise<void>;
  verifyReport: () => Promise<void>;
}>;

/** Creates the report slice over report.build and report.verify. */
export function createReportSlice(api: CthaApi): StateCreator<AppState, [], [], ReportSlice> {
  return (set, get) => ({
    reportEngineer: '',
    reportOutDir: '',
    reportIdentity: 'product',
    reportP12Path: '',
    reportStatus: 'idle',
    reportBuilt: undefined,
    verifyPath: '',
    verifyStatus: 'idle',
    verifyResult: undefined,
    setReportField: (field, value) => set({ [field]: value }),
    setReportIdentity: (reportIdentity) => set({ reportIdentity }),
    buildReport: async () => {
      const state = get();
      if (state.reportStatus === 'running') return;
      // The evidence states the open project's keys, attestations and waivers: they must be the saved file's.
      const saved = savedProjectPath(state, 'a report is built');
      const facts = sessionFacts(state);
      if (!saved.ok || facts === undefined)
        return set({ notice: { kind: 'error', text: saved.ok ? 'Open a project first.' : saved.message } });
      const outDir = state.reportOutDir.trim();
      const p12 = state.reportP12Path.trim();
      const missing =
        facts.engineer.trim() === ''
          ? "Enter the engineer's name: the report names who signs it."
          : outDir === ''
            ? 'Enter the folder to write the report into (new or empty).'
            : state.reportIdentity === 'p12' && p12 === ''
              ? 'Enter the PKCS#12 file to sign with, or choose the product identity.'
              : undefined;
      if (missing !== undefined) return set({ notice: { kind: 'error', text: missing } });
      // What is signed is what the Report step shows now. Checked here so an unusable session (no run at all)
      // is explained without a round trip; the engine checks it again.
      const evidence = sessionEvidence(facts);
      const parsed = EvidenceInputSchema.safeParse(evidence);
      if (!parsed.success) {
        const issue = parsed.error.issues[0];
        const where = issue === undefined || issue.path.length === 0 ? '' : ` (at ${issue.path.join('.')})`;
        return set({
          notice: {
            kind: 'error',
            text: `This session's evidence cannot be signed yet: ${issue?.message ?? 'not an evidence input'}${where}.`,
          },
        });
      }
      set({ reportStatus: 'running', reportBuilt: undefined, notice: undefined });
      try {
        const built = await api['report.build']({
          evidence,
          outDir,
          identity: state.reportIdentity === 'p12' ? { kind: 'p12', path: p12 } : { kind: 'product' },
        });
        // The natural next step is to verify what was just written.
        set({ reportStatus: 'done', reportBuilt: built, verifyPath: built.outDir, verifyResult: undefined });
      } catch (error) {
        set({ reportStatus: 'failed', notice: { kind: 'error', text: `Report not built: ${describeError(error).message}` } });
      }
    },
    verifyReport: async () => {
      const { verifyStatus, verifyPath } = get();
      if (verifyStatus === 'running') return;
      const path = verifyPath.trim();
      if (path === '') return set({ notice: { kind: 'error', text: 'Enter a report folder or a report.pdf to verify.' } });
      set({ verifyStatus: 'running', verifyResult: undefined, notice: undefined });
      try {
        set({ verifyStatus: 'done', verifyResult: await api['report.verify']({ path }) });
      } catch (error) {
        set({ verifyStatus: 'failed', notice: { kind: 'error', text: `Cannot verify: ${describeError(error).message}` } });
      }
    },
  });
}
