import { z } from 'zod';
import type { CthaApi } from '../../shared/contract/api.js';
import type { PrecheckResult } from '../../shared/prechecks/catalogue.js';
import type { EvidenceTranscriptEntry } from '../../shared/report/transcript-entry.js';
import { EvidenceTranscriptEntrySchema } from '../../shared/report/transcript-entry.js';
import type { StateCreator } from 'zustand/vanilla';
import type { AppState } from './app-state.js';
import { describeError } from './errors.js';
import type { RunStatus } from './run-status.js';
import { savedProjectPath } from './saved-project.js';

/** Where the pre-check run stands. */
export type PrecheckStatus = RunStatus;

/** The last pre-check run of the project file: its results, its transcript, when it ran and how many host keys it pinned. */
export type PrecheckSlice = Readonly<{
  precheckStatus: PrecheckStatus;
  precheckResults: readonly PrecheckResult[];
  /** The project file the results are of ('' before any run). */
  precheckPath: string;
  /** The run's remote operations as the evidence records them (secrets already redacted by the engine). */
  precheckTranscript: readonly EvidenceTranscriptEntry[];
  /** When the run was asked for and when its answer came ('' before any run): the pre-checks have no times of their own. */
  precheckStartedAt: string;
  precheckFinishedAt: string;
  precheckPinned: number;
  runPrechecks: () => Promise<void>;
}>;

// The contract carries the engine's transcript entries as loose objects; the evidence takes the fields it names.
const TranscriptSchema = z.array(z.object(EvidenceTranscriptEntrySchema.shape));

/** Creates the pre-check slice; the engine asks for host keys and passwords through prompts meanwhile. */
export function createPrecheckSlice(api: CthaApi): StateCreator<AppState, [], [], PrecheckSlice> {
  return (set, get) => ({
    precheckStatus: 'idle',
    precheckResults: [],
    precheckPath: '',
    precheckTranscript: [],
    precheckStartedAt: '',
    precheckFinishedAt: '',
    precheckPinned: 0,
    runPrechecks: async () => {
      if (get().precheckStatus === 'running') return;
      const saved = savedProjectPath(get(), 'pre-checks run');
      if (!saved.ok) return set({ notice: { kind: 'error', text: saved.message } });
      const path = saved.path;
      set({
        precheckStatus: 'running',
        precheckResults: [],
        precheckTranscript: [],
        precheckStartedAt: '',
        precheckFinishedAt: '',
        notice: undefined,
      });
      // Stamped the way `ctha report` stamps them (engine/report/verification-run.ts), so both reports span the same run.
      const startedAt = new Date().toISOString();
      try {
        const run = await api['prechecks.run']({ path });
        const finishedAt = new Date().toISOString();
        const transcript = TranscriptSchema.safeParse(run.transcript ?? []);
        set({
          precheckStatus: 'done',
          precheckResults: run.results,
          precheckPath: path,
          precheckTranscript: transcript.success ? transcript.data : [],
          precheckStartedAt: startedAt,
          precheckFinishedAt: finishedAt,
          precheckPinned: run.pinned.length,
        });
        // Newly pinned keys are in the file now; reload so the editor shows what is saved.
        if (run.projectSaved) await get().open(path);
        // Said last, so the reload's notice does not hide it: a report would otherwise silently lack these operations.
        if (!transcript.success)
          set({
            notice: {
              kind: 'error',
              text: `The pre-checks ran, but their transcript is not in the evidence's form (${transcriptIssue(transcript.error)}); a report of this session would lack it.`,
            },
          });
      } catch (error) {
        set({ precheckStatus: 'failed', notice: { kind: 'error', text: describeError(error).message } });
      }
    },
  });
}

function transcriptIssue(error: z.ZodError): string {
  const issue = error.issues[0];
  return issue === undefined ? 'not a list of operations' : `entry ${issue.path.join('.')}: ${issue.message}`;
}
