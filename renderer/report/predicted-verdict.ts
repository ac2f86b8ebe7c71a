// The verdict the report would carry if built now (issue 13 item 9): computed by the same rule the
// builder signs (shared/report/verdict.ts) from the same evidence, each reason paired with the step that fixes it.
import { EvidenceInputSchema } from '../../shared/report/evidence.js';
import type { Verdict } from '../../shared/report/verdict.js';
import { computeVerdict } from '../../shared/report/verdict.js';
import type { StepId } from '../wizard/steps.js';
import type { SessionFacts } from './session-evidence.js';
import { sessionEvidence } from './session-evidence.js';

/** One reason of the predicted verdict and the wizard step where the engineer can act on it. */
export interface VerdictFix {
  readonly reason: string;
  readonly step: StepId;
}

/** The prediction: the verdict with a step per reason, or why no report can be built from this session yet. */
export type PredictedVerdict =
  | { readonly ok: true; readonly verdict: Verdict; readonly fixes: readonly VerdictFix[] }
  | { readonly ok: false; readonly problems: readonly string[] };

/**
 * Where a verdict reason is fixed. The reasons are computeVerdict's own sentences: a probe reason names
 * the probe, a pre-check reason the pre-check, a change reason the apply; a requirement that differs is
 * fixed by a plan, one that could not be established by the audit (attest or read it again).
 */
export function stepForReason(reason: string): StepId {
  if (reason.startsWith('probe on ')) return 'probe';
  if (reason.startsWith('pre-check ')) return 'prechecks';
  if (reason.startsWith('change of ')) return 'apply';
  if (reason.includes(': differs from the reference')) return 'plan';
  return 'audit';
}

/** Predicts the verdict of a report built from this session now. */
export function predictVerdict(session: SessionFacts): PredictedVerdict {
  const parsed = EvidenceInputSchema.safeParse(sessionEvidence(session));
  if (!parsed.success)
    return { ok: false, problems: parsed.error.issues.map((issue) => `${issue.path.join('.') || 'evidence'}: ${issue.message}`) };
  const verdict = computeVerdict(parsed.data);
  return { ok: true, verdict, fixes: verdict.reasons.map((reason) => ({ reason, step: stepForReason(reason) })) };
}
