// From the run's facts to the exact evidence.json bytes: validate, add tool, signing time and verdict,
// serialise canonically. The bytes returned here are the bytes written and the bytes signed.
import { createHash } from 'node:crypto';
import type { ValidationIssue } from '../../shared/project/issues.js';
import { formatIssues, issuesFromZod } from '../../shared/project/issues.js';
import { canonicalJson } from '../../shared/report/canonical-json.js';
import type { Evidence } from '../../shared/report/evidence.js';
import { EvidenceInputSchema, EvidenceSchema } from '../../shared/report/evidence.js';
import type { EvidenceTranscriptEntry } from '../../shared/report/transcript-entry.js';
import { computeVerdict } from '../../shared/report/verdict.js';
import type { TranscriptEntry } from '../ssh/transcript/entry.js';

/** Compile-time proof that every transcript entry the engine records fits the evidence schema. */
export type TranscriptFitsEvidence = TranscriptEntry extends EvidenceTranscriptEntry ? true : never;
const transcriptFits: TranscriptFitsEvidence = true;
void transcriptFits;

/** Raised when the evidence input is not valid; carries located issues, changes nothing. */
export class EvidenceInputError extends Error {
  override readonly name = 'EvidenceInputError';
  constructor(readonly issues: readonly ValidationIssue[]) {
    super(`the evidence input is not valid:\n${formatIssues(issues)}`);
  }
}

/** The finished evidence, its canonical bytes and their SHA-256. */
export interface EvidenceDocument {
  readonly evidence: Evidence;
  readonly bytes: Buffer;
  readonly sha256: string;
}

/** The signing time as the evidence and both signatures state it: whole seconds, as CMS signingTime holds them. */
export function signingTimeOf(now: Date): Date {
  return new Date(Math.floor(now.getTime() / 1000) * 1000);
}

/** Validates the run's facts and produces the evidence document signed at `signedAt`. */
export function buildEvidenceDocument(input: unknown, signedAt: Date, tool: { name: string; version: string }): EvidenceDocument {
  const parsed = EvidenceInputSchema.safeParse(input);
  if (!parsed.success) throw new EvidenceInputError(issuesFromZod(parsed.error));
  const facts = parsed.data;
  const candidate = {
    ...facts,
    tool: facts.tool ?? tool,
    times: { ...facts.times, signedAt: signedAt.toISOString(), clock: 'laptop' as const },
    verdict: computeVerdict(facts),
  };
  const checked = EvidenceSchema.safeParse(candidate);
  if (!checked.success) throw new EvidenceInputError(issuesFromZod(checked.error));
  const bytes = Buffer.from(canonicalJson(checked.data), 'utf8');
  return { evidence: checked.data, bytes, sha256: sha256Hex(bytes) };
}

/** Lower-case hex SHA-256 of some bytes. */
export function sha256Hex(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}
