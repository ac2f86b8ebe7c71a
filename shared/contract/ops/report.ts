// The report operations of the contract, shaped like the entries of shared/contract/operations.ts.
import { z } from 'zod';
import { EvidenceInputSchema } from '../../report/evidence.js';
import { VerdictSchema } from '../../report/verdict.js';
import { SignerSummarySchema, VerifyReportResultSchema } from '../../report/verification.js';

const filePath = z.string().trim().min(1, { error: 'expected a file path' });

/** Which certificate signs: the engineer's PKCS#12 file, or the identity the product creates and keeps. */
export const ReportIdentityChoiceSchema = z.discriminatedUnion(
  'kind',
  [z.object({ kind: z.literal('p12'), path: filePath }), z.object({ kind: z.literal('product') })],
  { error: 'expected identity kind "p12" (with a path) or "product"' },
);

/** The report operations: input and output schema by name. */
export const reportOperations = {
  /**
   * Builds and signs a report bundle into a new folder, from an evidence input file (`evidencePath`) or an
   * evidence input given inline (`evidence`, e.g. the wizard's session): exactly one of the two. Passphrases
   * are asked through `passphrase` prompts and never stored; the bundle is refused if any of them appears in it.
   */
  'report.build': {
    input: z
      .object({
        evidencePath: filePath.optional(),
        evidence: EvidenceInputSchema.optional(),
        outDir: filePath,
        identity: ReportIdentityChoiceSchema,
        /** Values (lab passwords) the bundle must not contain: it is refused if one appears. Never stored. */
        knownSecrets: z.array(z.string().min(1)).optional(),
      })
      .refine((input) => (input.evidencePath === undefined) !== (input.evidence === undefined), {
        error: 'expected exactly one of evidencePath (an evidence input file) or evidence (the evidence input itself)',
      }),
    output: z.object({
      outDir: z.string(),
      files: z.array(z.object({ name: z.string(), bytes: z.number().int(), sha256: z.string() })),
      evidenceSha256: z.string(),
      verdict: VerdictSchema,
      signer: SignerSummarySchema,
      /** When it was signed, by the laptop's clock. */
      signedAt: z.string(),
      /** True when the product identity was created by this call. */
      identityCreated: z.boolean(),
      warnings: z.array(z.string()),
    }),
  },
  /** Verifies a report bundle folder or a report.pdf; `ok` only when every check holds, otherwise the first specific failure. */
  'report.verify': {
    input: z.object({ path: filePath }),
    output: VerifyReportResultSchema,
  },
} as const satisfies Record<string, { input: z.ZodType; output: z.ZodType }>;

/** Names of the report operations. */
export type ReportOperationName = keyof typeof reportOperations;
