// Requirement 3's REST spot-check in the wizard (issue 13 item 1): runs `indicators.spotCheck` on the saved project
// (its certificate review and password arrive as the engine's prompts, answered in the prompt dialogs), keeps the
// result, and attaches a consistent one to requirement 3's attestations as evidence.
import type { CthaApi } from '../../shared/contract/api.js';
import type { SpotCheckEvidence } from '../../shared/project/schema.js';
import type { SpotCheckResult } from '../../shared/probe/spot-check-result.js';
import { attachRefusal, spotCheckEvidence } from '../spotcheck/spot-check-evidence.js';
import type { SpotCheckRequest } from '../spotcheck/spot-check-form.js';
import type { AppState } from './app-state.js';
import { describeError } from './errors.js';
import { savedProjectPath } from './saved-project.js';

/** The latest spot-check of the session: running, done (with its result) or failed (with why). */
export interface SpotCheckRun {
  readonly status: 'running' | 'done' | 'failed';
  /** The project file it checked: evidence is attached to that file only. */
  readonly path: string;
  readonly port: number;
  readonly indicators: number;
  readonly result?: SpotCheckResult;
  /** Present only for a consistent result. */
  readonly evidence?: SpotCheckEvidence;
  readonly error?: string;
}

/** What an attach did: how many attestations now carry the evidence, or why none. */
export type AttachOutcome = { readonly ok: true; readonly attached: readonly string[] } | { readonly ok: false; readonly message: string };

/** The spot-check part of the statements slice. */
export type SpotCheckSlice = Readonly<{
  spotCheck: SpotCheckRun | undefined;
  runSpotCheck: (request: SpotCheckRequest) => Promise<void>;
  attachSpotCheck: () => Promise<AttachOutcome>;
}>;

type Set = (partial: Partial<AppState>) => void;
type Get = () => AppState;

/** The spot-check actions over `indicators.spotCheck` and `project.attest` (through the slice's `attest`, so the grid follows). */
export function spotCheckActions(api: CthaApi, set: Set, get: Get): SpotCheckSlice {
  return {
    spotCheck: undefined,
    runSpotCheck: async (request) => {
      const state = get();
      if (state.spotCheck?.status === 'running') return;
      const saved = savedProjectPath(state, 'the spot-check runs');
      if (!saved.ok) {
        set({
          spotCheck: {
            status: 'failed',
            path: state.path,
            port: request.port,
            indicators: request.indicators.length,
            error: saved.message,
          },
        });
        return;
      }
      const base = { path: saved.path, port: request.port, indicators: request.indicators.length };
      set({ spotCheck: { status: 'running', ...base } });
      try {
        const result = await api['indicators.spotCheck']({ path: saved.path, ...request, indicators: [...request.indicators] });
        const evidence = await spotCheckEvidence(result);
        set({ spotCheck: { status: 'done', ...base, result, ...(evidence === undefined ? {} : { evidence }) } });
      } catch (error) {
        set({ spotCheck: { status: 'failed', ...base, error: `The spot-check did not run to the end: ${describeError(error).message}` } });
      }
    },
    attachSpotCheck: async () => {
      const state = get();
      const run = state.spotCheck;
      if (run?.result === undefined) return { ok: false, message: 'Run a spot-check first.' };
      const refusal = attachRefusal(run.result);
      if (refusal !== undefined || run.evidence === undefined) return { ok: false, message: refusal ?? 'No evidence to attach.' };
      if (run.path !== state.path) return { ok: false, message: 'The spot-check was of another project file: run it again on this one.' };
      const evidence = run.evidence;
      const targets = (state.draft?.attestations ?? []).filter(
        (entry) => entry.requirement === 'req3' && evidence.instances.includes(entry.instance),
      );
      if (targets.length === 0)
        return {
          ok: false,
          message:
            'No attestation of requirement 3 to attach it to: attest requirement 3 on the instances below first (the spot-check is offered in the form).',
        };
      const attached: string[] = [];
      for (const attestation of targets) {
        const outcome = await get().attest({ ...attestation, spotCheck: evidence });
        if (!outcome.ok)
          return {
            ok: false,
            message: `Attached to ${attached.length === 0 ? 'none' : attached.join(', ')}; ${attestation.instance}: ${outcome.message}`,
          };
        attached.push(attestation.instance);
      }
      return { ok: true, attached };
    },
  };
}

/** The evidence the attest form of requirement 3 on `instance` may include: the session's consistent spot-check of this file covering it. */
export function evidenceFor(
  state: Pick<AppState, 'spotCheck' | 'path'>,
  requirement: string,
  instance: string,
): SpotCheckEvidence | undefined {
  const evidence = state.spotCheck?.evidence;
  if (requirement !== 'req3' || evidence === undefined || state.spotCheck?.path !== state.path) return undefined;
  return evidence.instances.includes(instance) ? evidence : undefined;
}
